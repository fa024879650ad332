package org.customerhub;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/** The hub as one Camel Main application: settings from config/application.properties, routes from routes/. */
public final class Hub {
    static final String SETTINGS = "file:config/application.properties";

    private final Main main = new Main();

    /** overrides win over the settings file, for tests and embedding. */
    public Hub(Properties overrides) {
        main.setPropertyPlaceholderLocations(SETTINGS);
        main.setOverrideProperties(overrides);
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
