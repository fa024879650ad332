package org.customerhub;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/** The hub as one Camel Main application: settings from config/application.properties, routes from routes/. */
public final class Hub {
    static final Path CONFIG_DIR = Path.of("config");

    private final Main main = new Main();

    /** overrides win over the settings file, for tests and embedding. */
    public Hub(Properties overrides) {
        this(CONFIG_DIR, overrides);
    }

    /**
     * configDir: the folder of application.properties and every file it names under {{hub.config-dir}} (broker,
     * users, partners, mappings, monitoring); overrides win over the settings file.
     */
    public Hub(Path configDir, Properties overrides) {
        Properties settings = new Properties();
        settings.setProperty("hub.config-dir", configDir.toString());
        settings.putAll(overrides);
        main.setPropertyPlaceholderLocations("file:" + configDir.resolve("application.properties"));
        main.setOverrideProperties(settings);
        main.configure().addConfiguration(HubConfiguration.class);
    }

    public void run() throws Exception {
        main.run();
    }

    public void start() throws Exception {
        main.start();
    }

    public void stop() throws Exception {
        main.stop();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }
}
