package org.customerhub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * A replenishment reminder fires exactly once across a kill -9 at its due time: the hub (in a JVM of its own) plans
 * the reminder, is killed, comes back at a later date (hub.clock.offset) past the reminder's due time, is killed again
 * the moment the reminder is sent, and after the second restart the web shop's JMS client finds it on hub.out.web once.
 */
class ReminderCrashTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String AGENT = "Basic " + Base64.getEncoder()
            .encodeToString("agent:agent".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(HubProcess hub, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .header("Authorization", AGENT).GET().build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private String state(HubProcess hub, String userId) throws Exception {
        JsonNode found = get(hub, "/api/customers?key=" + URLEncoder.encode("web:" + userId, StandardCharsets.UTF_8));
        if (found.size() != 1) {
            return "";
        }
        JsonNode reminders = get(hub, "/api/customers/" + found.get(0).get("hubId").asText()).get("reminders");
        return reminders.size() == 1 ? reminders.get(0).get("state").asText() : "";
    }

    private static String webOrder(String userId, String sku, Instant at) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="ORDER_PLACED" id="%s" at="%s">
                  <Shopper>
                    <userId>%s</userId>
                    <email>crash.%s@example.org</email>
                    <Name><given>Odile</given><family>Brannock</family></Name>
                  </Shopper>
                  <Order>
                    <orderId>W%09d</orderId>
                    <Line><sku>%s</sku><qty>1</qty><unitPrice>31.50</unitPrice></Line>
                    <total>31.50</total>
                    <currency>USD</currency>
                  </Order>
                </Event>
                """.formatted(UUID.randomUUID(), at.truncatedTo(ChronoUnit.SECONDS), userId, userId.toLowerCase(),
                at.getEpochSecond() % 1_000_000_000, sku);
    }

    @Test
    void aReminderKilledAtItsDueTimeIsSentExactlyOnce() throws Exception {
        Path folder = Path.of("target", "reminder-crash", UUID.randomUUID().toString());
        Files.createDirectories(folder);
        HubProcess hub = new HubProcess(folder, Map.of("hub.reminders.check-seconds", "1",
                "hub.reminders.lead-days", "1", "hub.reminders.min-purchases", "3"));
        String userId = "U" + (10_000_000 + Math.floorMod(UUID.randomUUID().hashCode(), 89_999_999));
        String sku = "418877";
        // every 30 days, the next expected in 10 days: due in 9
        Instant expected = Instant.now().plus(Duration.ofDays(10));
        hub.start();
        try {
            try (Connection web = new ActiveMQConnectionFactory(hub.brokerUrl(), "web", "web").createConnection()) {
                Session session = web.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("hub.in.web"));
                for (int daysBefore : new int[] {90, 60, 30}) {
                    producer.send(session.createTextMessage(webOrder(userId, sku, expected.minus(Duration.ofDays(daysBefore))
                            .plusSeconds(daysBefore)))); // distinct order ids
                }
            }
            await().atMost(PATIENCE).until(() -> state(hub, userId), "UPCOMING"::equals);

            hub.kill();
            hub.set("hub.clock.offset", "P9DT1H");
            hub.start();
            // killed the moment the reminder is claimed: its publication may or may not have happened
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> state(hub, userId), "SENT"::equals);
            hub.kill();
            hub.start();

            List<Message> sent = new ArrayList<>();
            try (Connection web = new ActiveMQConnectionFactory(hub.brokerUrl(), "web", "web").createConnection()) {
                web.start();
                Session session = web.createSession(false, Session.AUTO_ACKNOWLEDGE);
                try (MessageConsumer consumer = session.createConsumer(session.createQueue("hub.out.web"),
                        "HubDocumentType = 'ReminderDue'")) {
                    Message first = consumer.receive(PATIENCE.toMillis());
                    assertThat(first).as("the reminder on hub.out.web").isNotNull();
                    sent.add(first);
                    // the restarted hub has checked a few times by now: nothing more comes (a few more are enough to fail)
                    for (Message next = consumer.receive(8000); next != null && sent.size() < 5; next = consumer.receive(8000)) {
                        sent.add(next);
                    }
                }
            }
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).getBody(String.class)).contains("<kind>REMINDER_DUE</kind>").contains("sku=\"" + sku + "\"");
            assertThat(state(hub, userId)).isEqualTo("SENT");
        } finally {
            if (hub.running()) {
                hub.stop();
            }
        }
    }
}
