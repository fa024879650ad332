package org.customerhub;

import java.util.Properties;

/** Starts the hub and runs until it is stopped (Ctrl+C or SIGTERM, which drain in-flight messages first). */
public final class HubMain {
    private HubMain() {
    }

    public static void main(String[] args) throws Exception {
        new Hub(new Properties()).run();
    }
}
