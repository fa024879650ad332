package org.customerhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.procurement.CxmlDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /metrics, the Monitoring figures and hub.alerts on a real hub: messages over the real broker, /metrics over HTTP as
 * Prometheus scrapes it, alerts read by the broker's monitoring user as any subscriber would.
 */
class MonitoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MONITORING_LOGIN = HubClient.login("monitoring", "monitoring");
    private static TestHub hub;
    private static HubClient client;
    private static Connection alertsConnection;
    private static MessageConsumer alerts;

    @BeforeAll
    static void start() throws Exception {
        Path thresholds = Path.of("target", "monitoring-test", UUID.randomUUID() + ".properties");
        Files.createDirectories(thresholds.getParent());
        Files.writeString(thresholds, """
                channel.web.silence = 2s
                channel.web.schedule = always
                channel.retail.silence = 1h
                channel.retail.schedule = always
                channel.retail.max-error-percent = 10
                """);
        Properties settings = new Properties();
        settings.setProperty("hub.monitoring.thresholds", thresholds.toString());
        settings.setProperty("hub.monitoring.check-seconds", "1");
        hub = TestHub.isolated(settings);
        client = hub.client();
        alertsConnection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + hub.brokerPort(), "monitoring", "monitoring")
                .createConnection();
        alertsConnection.start();
        Session session = alertsConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        alerts = session.createConsumer(session.createTopic("hub.alerts"));
    }

    @AfterAll
    static void stop() throws Exception {
        alertsConnection.close();
        client.close();
        hub.stop();
    }

    @Test
    void metricsNeedTheMonitoringRole() {
        assertThat(client.request("GET", "/metrics", null, null, null).statusCode()).isEqualTo(401);
        assertThat(client.request("GET", "/metrics", HubClient.AGENT_LOGIN, null, null).statusCode()).isEqualTo(403);
        assertThat(client.request("GET", "/metrics", MONITORING_LOGIN, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void messagesLookupsAndCxmlShowInTheHubsOwnSeries() throws Exception {
        Ingest ingest = new Ingest(hub, client);
        ingest.send("retail", "retail/sale-member-lindqvist.xml");
        ingest.send("web", "web/order-placed-lindqvist.xml");
        ingest.send("retail", "retail/invalid/item-qty-zero.xml");
        client.request("GET", "/api/customers?card=7105821406", HubClient.AGENT_LOGIN, null, null);
        client.post("/cxml", "text/xml", CxmlDocuments.profile("metrics-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

        String metrics = scrape();
        // the other test of this class may have sent messages too: at least these ones count
        assertThat(value(metrics, "hub_messages_accepted_total{channel=\"retail\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "hub_messages_accepted_total{channel=\"web\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "hub_messages_rejected_total{channel=\"retail\",reason=\"SCHEMA_INVALID\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "hub_ingest_latency_seconds_count{channel=\"retail\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "hub_ingest_latency_seconds_bucket{channel=\"retail\",le=\"10.0\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "hub_identity_decisions_total{decision=\"new\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "hub_lookup_latency_seconds_count{door=\"rest\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "hub_cxml_requests_total{partner=\"prominate\",status=\"200\"}")).isEqualTo(1);
        assertThat(value(metrics, "hub_queue_depth{queue=\"hub.dlq.retail\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics)
                .contains("hub_queue_oldest_message_age_seconds{queue=\"hub.dlq.retail\"}")
                .contains("hub_feed_lag_seconds{channel=\"retail\"}")
                .contains("hub_source_silence_seconds{source=\"channel.web\"}")
                // Camel's route meters, the broker's plugin, the connection pool and the JVM
                .contains("camel_exchanges_total{")
                .contains("artemis_message_count{")
                .contains("hikaricp_connections_active{")
                .contains("jvm_memory_used_bytes{");
    }

    @Test
    void aSilentChannelAndFailingMessagesRaiseAlertsOnTheConsoleInMetricsAndOnHubAlerts() throws Exception {
        Ingest ingest = new Ingest(hub, client);
        ingest.send("web", "web/profile-updated-lindqvist.xml");
        ingest.send("retail", "retail/invalid/price-three-decimals.xml");

        List<JsonNode> received = new ArrayList<>();
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            TextMessage message = (TextMessage) alerts.receive(1000);
            if (message != null) {
                received.add(JSON.readTree(message.getText()));
            }
            return raised(received, "channel.web", "SILENCE") && raised(received, "channel.retail", "ERROR_RATE");
        });
        assertThat(raised(received, "channel.retail", "SILENCE")).as("retail is within its hour").isFalse();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
                .contains("hub_alert_active{kind=\"SILENCE\",source=\"channel.web\"} 1.0")
                .contains("hub_alert_active{kind=\"SILENCE\",source=\"channel.retail\"} 0.0"));
        JsonNode console = JSON.readTree(client.request("GET", "/admin/api/monitoring", HubClient.ADMIN_LOGIN, null, null).body());
        assertThat(console.get("alerts").findValuesAsText("source")).contains("channel.web", "channel.retail");
        JsonNode retail = null;
        for (JsonNode source : console.get("sources")) {
            if (source.get("source").asText().equals("channel.retail")) {
                retail = source;
            }
        }
        assertThat(retail).isNotNull();
        assertThat(retail.get("errorPercent").asDouble()).isGreaterThan(10);
        assertThat(retail.get("lastMessage").isNull()).isFalse();
    }

    private static boolean raised(List<JsonNode> alerts, String source, String kind) {
        return alerts.stream().anyMatch(alert -> alert.get("source").asText().equals(source)
                && alert.get("kind").asText().equals(kind) && alert.get("state").asText().equals("RAISED"));
    }

    /** The value of one series in Prometheus text (name with its labels as the hub writes them); 0 when absent. */
    static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).findFirst().orElse(0);
    }

    private static String scrape() {
        var response = client.request("GET", "/metrics", MONITORING_LOGIN, null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
