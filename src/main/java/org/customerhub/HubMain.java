package org.customerhub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the hub and runs until it is stopped (Ctrl+C or SIGTERM, which drain in-flight messages first).
 * {@code --config DIR} reads the settings from DIR/application.properties and the files they name from DIR
 * (default: config/ under the working directory, which bin/hub sets to the distribution's folder).
 */
public final class HubMain {
    private static final Logger LOG = LoggerFactory.getLogger(HubMain.class);

    private HubMain() {
    }

    public static void main(String[] args) {
        Path configDir = Hub.CONFIG_DIR;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configDir = Path.of(args[++i]);
            } else {
                System.err.println("usage: HubMain [--config DIR]   (unknown argument: " + args[i] + ")");
                System.exit(2);
            }
        }
        if (!Files.isRegularFile(configDir.resolve("application.properties"))) {
            System.err.println("no application.properties in " + configDir.toAbsolutePath() + ": give the configuration folder with --config DIR");
            System.exit(2);
        }
        try {
            new Hub(configDir, new Properties()).run();
        } catch (Exception e) {
            // the embedded broker's threads would keep a half-started JVM alive: say why and leave
            LOG.error("Customer Hub failed to start: {}", e.toString(), e);
            System.exit(1);
        }
    }
}
