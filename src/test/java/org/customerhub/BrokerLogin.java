package org.customerhub;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The one place the durability tests take their broker login from: the hub's own user and password in
 * config/application.properties, as those tests act as every channel at once and read every output.
 */
public final class BrokerLogin {
    private static final Properties SETTINGS = settings();

    private BrokerLogin() {
    }

    /** A connection factory for the broker at the URL (tcp://host:port?options), logged in as the hub's user. */
    public static ActiveMQConnectionFactory factory(String url) {
        return new ActiveMQConnectionFactory(url, SETTINGS.getProperty("hub.broker.user").trim(),
                SETTINGS.getProperty("hub.broker.password").trim());
    }

    private static Properties settings() {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            settings.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }
}
