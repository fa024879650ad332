package org.customerhub;

import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;

/**
 * One real hub for the whole test JVM: embedded broker on a free TCP port, H2 file store in a fresh folder under
 * target/, HTTP on a free port. Tests talk to it only through the broker and HTTP, as other processes would.
 */
public final class TestHub {
    /** Setting for an isolated hub: options appended to the URL the hub connects to its broker with. */
    public static final String BROKER_URL_OPTIONS = "test.broker-url-options";
    /** Starts on other ports when one was taken between choosing and binding it. */
    private static final int PORT_ATTEMPTS = 3;
    private static TestHub instance;

    private final Hub hub;
    private final int brokerPort;
    private final int httpPort;
    private final int soapPort;
    private final Path dataDir;
    private final Properties overrides;

    private TestHub(Properties extra) throws Exception {
        brokerPort = freePort();
        httpPort = freePort();
        soapPort = freePort();
        dataDir = Path.of("target", "test-hub", String.valueOf(System.nanoTime()));
        overrides = new Properties();
        overrides.setProperty("hub.data-dir", dataDir.toString());
        overrides.setProperty("hub.broker.bind", "127.0.0.1:" + brokerPort);
        overrides.setProperty("hub.broker.url", "tcp://127.0.0.1:" + brokerPort);
        overrides.setProperty("camel.server.port", String.valueOf(httpPort));
        overrides.setProperty("hub.soap.address", soapBase());
        overrides.setProperty("hub.ingest.redelivery-delay", "50");
        overrides.setProperty("hub.ingest.max-redeliveries", "2");
        Properties settings = new Properties();
        settings.putAll(extra);
        Object urlOptions = settings.remove(BROKER_URL_OPTIONS);
        if (urlOptions != null) {
            overrides.setProperty("hub.broker.url", overrides.getProperty("hub.broker.url") + urlOptions);
        }
        overrides.putAll(settings);
        hub = new Hub(overrides);
    }

    private TestHub(TestHub before, Properties changes) {
        brokerPort = before.brokerPort;
        httpPort = before.httpPort;
        soapPort = before.soapPort;
        dataDir = before.dataDir;
        overrides = new Properties();
        overrides.putAll(before.overrides);
        overrides.putAll(changes);
        hub = new Hub(overrides);
    }

    /**
     * A hub on ports free a moment ago; another process on the machine may take one meanwhile, and then the hub is
     * started again on other ports.
     */
    private static TestHub started(Properties extra) throws Exception {
        for (int attempt = 1; ; attempt++) {
            TestHub candidate = new TestHub(extra);
            try {
                candidate.hub.start();
                return candidate;
            } catch (Exception e) {
                candidate.stopQuietly();
                if (attempt == PORT_ATTEMPTS || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** The shared hub, started on first use and stopped when the test JVM exits. */
    public static synchronized TestHub shared() throws Exception {
        if (instance == null) {
            instance = started(new Properties());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stopQuietly));
        }
        return instance;
    }

    /** A separate hub with its own broker, store and ports, for tests that change settings. Stop it when done. */
    public static TestHub isolated(Properties settings) throws Exception {
        return started(settings);
    }

    /**
     * A separate hub running from its own copy of routes/ and config/ under target/, for tests that change those
     * files through the admin API or the console. Stop it when done.
     */
    public static TestHub withOwnFiles(Properties extra) throws Exception {
        Path home = Path.of("target", "edit-hub", UUID.randomUUID().toString());
        for (String dir : new String[] {"routes", "config"}) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                    Path copy = home.resolve(file.toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
        }
        return runningFrom(home, extra);
    }

    /**
     * A separate hub running from the same copy of routes/ and config/ as another: two hub nodes sharing a config
     * folder, as on one machine. Stop it when done.
     */
    public static TestHub sharingFilesWith(TestHub other, Properties extra) throws Exception {
        return runningFrom(Path.of(other.context().getPropertiesComponent().resolveProperty("hub.home").orElseThrow()), extra);
    }

    private static TestHub runningFrom(Path home, Properties extra) throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hub.home", home.toString());
        settings.setProperty("camel.main.routes-include-pattern", "file:" + home + "/routes/*.yaml");
        settings.setProperty("hub.mappings-dir", home + "/config/mappings");
        settings.setProperty("hub.identity.matching", home + "/config/identity/matching.properties");
        settings.setProperty("hub.identity.weights", home + "/config/identity/weights.properties");
        settings.setProperty("hub.identity.nicknames", home + "/config/identity/nicknames.csv");
        settings.setProperty("hub.subscriptions", home + "/config/subscriptions.properties");
        settings.setProperty("hub.cxml.partners", home + "/config/partners.properties");
        settings.setProperty("hub.cxml.part-numbers", home + "/config/part-numbers.properties");
        settings.setProperty("hub.cxml.currency-rates", home + "/config/currency-rates.properties");
        settings.setProperty("hub.value.rules", home + "/config/value.properties");
        settings.setProperty("hub.files.debounce-ms", "200");
        settings.putAll(extra);
        return started(settings);
    }

    public HubClient client() {
        return new HubClient(brokerPort, httpPort);
    }

    /** A client of this hub's HTTP API that talks to the broker on another port (an external broker). */
    public HubClient client(int otherBrokerPort) {
        return new HubClient(otherBrokerPort, httpPort);
    }

    /** Base address of the hub's SOAP services. */
    public String soapBase() {
        return "http://127.0.0.1:" + soapPort + "/soap";
    }

    public int httpPort() {
        return httpPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    /** Counts rows of the hub's own H2 store, for effects no API shows (anonymous interactions). */
    public long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:./" + dataDir + "/db/customerhub", "sa", "");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The hub's data folder (store, broker journal), for tools that open the store after the hub stopped. */
    public Path dataDir() {
        return dataDir;
    }

    public CamelContext context() {
        return hub.context();
    }

    public void stop() throws Exception {
        hub.stop();
    }

    /**
     * This hub stopped and started again on the same store, broker journal and ports, with some settings changed (a
     * later date through hub.clock.offset, say). Clients reconnect as they would to a restarted hub.
     */
    public TestHub restartedWith(Properties changes) throws Exception {
        hub.stop();
        TestHub restarted = new TestHub(this, changes);
        restarted.hub.start();
        return restarted;
    }

    private void stopQuietly() {
        try {
            hub.stop();
        } catch (Exception e) {
            System.err.println("test hub did not stop cleanly: " + e);
        }
    }

    /** A TCP port nothing listens on now, for a server a test starts. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
