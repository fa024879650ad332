package org.customerhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged distribution (target/customer-hub-&lt;version&gt;.tar.gz, built by mvn package), unpacked in a temporary
 * folder and started with bin/hub from another working directory, with its configuration in a folder of its own
 * (--config) and JSON logs: it gets ready, ingests over the real broker, serves /metrics, alerts a silent channel on
 * hub.alerts, and keeps its data in its own folder.
 */
class DistributionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MONITORING_LOGIN = HubClient.login("monitoring", "monitoring");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Path folder;
    private static Path home;
    private static Process hub;
    private static int httpPort;
    private static int brokerPort;
    private static HubClient client;
    private static Connection alertsConnection;
    private static MessageConsumer alerts;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        Path tarball = Path.of(System.getProperty("hub.distribution", "target/customer-hub.tar.gz"));
        assertThat(tarball).as("mvn package builds the distribution").isRegularFile();
        folder = Files.createTempDirectory("hub-distribution");
        Process untar = new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString()).directory(folder.toFile())
                .inheritIO().start();
        assertThat(untar.waitFor()).isZero();
        try (Stream<Path> unpacked = Files.list(folder)) {
            home = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.resolve("bin/hub")).isExecutable();
        assertThat(home.resolve("lib")).isDirectory();
        assertThat(home.resolve("README.md")).isRegularFile();

        Path config = folder.resolve("etc-hub");
        copy(home.resolve("config"), config);
        Files.writeString(config.resolve("monitoring.properties"), """
                channel.web.silence = 3s
                channel.web.schedule = always
                channel.retail.silence = 1h
                channel.retail.schedule = always
                """);
        brokerPort = TestHub.freePort();
        httpPort = TestHub.freePort();
        int soapPort = TestHub.freePort();
        Path elsewhere = Files.createDirectories(folder.resolve("elsewhere"));
        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/hub").toString(), "run", "--config", config.toString())
                .directory(elsewhere.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("hub.log").toFile());
        start.environment().put("HUB_LOG_FORMAT", "json");
        start.environment().put("HUB_JAVA_OPTS", String.join(" ", "-Xmx512m",
                "-Dhub.broker.bind=127.0.0.1:" + brokerPort, "-Dhub.broker.url=tcp://127.0.0.1:" + brokerPort,
                "-Dcamel.server.port=" + httpPort, "-Dhub.soap.address=http://127.0.0.1:" + soapPort + "/soap",
                "-Dhub.monitoring.check-seconds=1", "-Dhub.files.watch=false"));
        start.environment().put("JAVA_HOME", System.getProperty("java.home"));
        hub = start.start();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub exited with " + hub.exitValue() + ": " + Files.readString(folder.resolve("hub.log")));
            }
            return get("/health/ready", null) == 200;
        });
        client = new HubClient(brokerPort, httpPort);
        alertsConnection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, "monitoring", "monitoring").createConnection();
        alertsConnection.start();
        Session session = alertsConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        alerts = session.createConsumer(session.createTopic("hub.alerts"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (alertsConnection != null) {
            alertsConnection.close();
        }
        if (client != null) {
            client.close();
        }
        if (hub != null) {
            hub.destroy();
            if (!hub.waitFor(2, TimeUnit.MINUTES)) {
                hub.destroyForcibly();
            }
        }
    }

    @Test
    void theUnpackedDistributionIngestsServesMetricsAndAlertsASilentChannel() throws Exception {
        client.sendText("hub.in.retail", HubClient.resource("retail/sale-member-lindqvist.xml"), Map.of());
        client.sendText("hub.in.web", HubClient.resource("web/order-placed-lindqvist.xml"), Map.of());
        client.sendText("hub.in.retail", HubClient.resource("retail/invalid/item-qty-zero.xml"), Map.of());

        // the other test may have sent a message too: at least these count
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            String metrics = metrics();
            assertThat(value(metrics, "hub_messages_accepted_total{channel=\"retail\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "hub_messages_accepted_total{channel=\"web\"}")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "hub_messages_rejected_total{channel=\"retail\",reason=\"SCHEMA_INVALID\"}")).isGreaterThanOrEqualTo(1);
        });

        List<JsonNode> received = new ArrayList<>();
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            TextMessage message = (TextMessage) alerts.receive(1000);
            if (message != null) {
                received.add(JSON.readTree(message.getText()));
            }
            return received.stream().anyMatch(alert -> alert.get("source").asText().equals("channel.web")
                    && alert.get("kind").asText().equals("SILENCE") && alert.get("state").asText().equals("RAISED"));
        });
        // a silence since the hub started may be raised before the web order is taken, and cleared by it: the gauge
        // shows the silence raised again once the channel stays quiet
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(metrics()).contains("hub_alert_active{kind=\"SILENCE\",source=\"channel.web\"} 1.0"));

        assertThat(home.resolve("data/db")).as("the store lives in the distribution's folder").isDirectory();
        assertThat(home.resolve("data/broker/journal")).as("and so does the broker journal").isDirectory();
        assertThat(folder.resolve("elsewhere")).as("nothing in the caller's working directory").isEmptyDirectory();
    }

    @Test
    void everyLogLineIsJsonAndALineAboutAMessageCarriesItsIdAndChannel() throws Exception {
        client.sendText("hub.in.retail", HubClient.resource("retail/return-farrow.xml"), Map.of());
        await().atMost(Duration.ofMinutes(1)).until(() -> Files.readString(folder.resolve("hub.log")).contains("Accepted retail"));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("hub.log"))) {
            lines.add(JSON.readTree(line));
        }
        JsonNode accepted = lines.stream().filter(line -> line.path("message").asText().startsWith("Accepted retail"))
                .findFirst().orElseThrow();
        assertThat(accepted.path("hubChannel").asText()).isEqualTo("retail");
        assertThat(accepted.path("message").asText()).contains(accepted.path("hubMessageId").asText());
        assertThat(accepted.path("log.level").asText()).isEqualTo("INFO");
    }

    private static String metrics() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .header("Authorization", MONITORING_LOGIN).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).findFirst().orElse(0);
    }

    private static int get(String path, String login) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10));
        if (login != null) {
            request.header("Authorization", login);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }
}
