package org.customerhub;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the hub and runs until it is stopped (Ctrl+C or SIGTERM, which drain in-flight messages first). */
public final class HubMain {
    private static final Logger LOG = LoggerFactory.getLogger(HubMain.class);

    private HubMain() {
    }

    public static void main(String[] args) {
        try {
            new Hub(new Properties()).run();
        } catch (Exception e) {
            // the embedded broker's threads would keep a half-started JVM alive: say why and leave
            LOG.error("Customer Hub failed to start: {}", e.toString(), e);
            System.exit(1);
        }
    }
}
