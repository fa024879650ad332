package org.customerhub.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replenishment reminders through the real hub: a shopper's web orders over JMS, the reminder read back over REST and
 * off hub.out.web by the web shop's JMS client; a store receipt over JMS in between suppresses it. Each test's shopper
 * buys a SKU of their own every 30 days, so they are expected exactly 30 days after their last order; the orders are
 * dated so the reminder falls due a little after the test sends them.
 */
class ReminderTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static TestHub hub;
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hub.reminders.check-seconds", "1");
        settings.setProperty("hub.reminders.lead-days", "1");
        settings.setProperty("hub.reminders.min-purchases", "3");
        hub = TestHub.isolated(settings);
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    /** Three web orders of the SKU 30 days apart, the next expected a lead day after dueAt; the customer's hub id. */
    private static String ordersDueAt(ReminderMessages shopper, String sku, Instant dueAt) throws Exception {
        Instant expected = dueAt.plus(Duration.ofDays(1));
        for (int daysBefore : new int[] {90, 60, 30}) {
            ingest.sendText("web", shopper.webOrder(sku, expected.minus(Duration.ofDays(daysBefore))), Map.of());
        }
        return client.only("key", "web:" + shopper.userId).get("hubId").asText();
    }

    private static JsonNode reminder(String hubId, String sku, String state) {
        return await().atMost(PATIENCE).until(() -> find(hubId, sku, state), found -> found != null);
    }

    private static JsonNode find(String hubId, String sku, String state) {
        for (JsonNode reminder : client.getJson("/api/customers/" + hubId).get("reminders")) {
            if (reminder.get("sku").asText().equals(sku) && reminder.get("state").asText().equals(state)) {
                return reminder;
            }
        }
        return null;
    }

    private static String selector(String hubId) {
        return "HubId = '" + hubId + "' AND HubDocumentType = 'ReminderDue'";
    }

    @Test
    void aReminderIsSentOnceWhenDue() throws Exception {
        ReminderMessages shopper = new ReminderMessages();
        String sku = ReminderMessages.digits(6);
        Instant dueAt = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        String hubId = ordersDueAt(shopper, sku, dueAt);

        JsonNode upcoming = reminder(hubId, sku, "UPCOMING");
        assertThat(Instant.parse(upcoming.get("dueAt").asText())).isEqualTo(dueAt);
        assertThat(Instant.parse(upcoming.get("expectedAt").asText())).isEqualTo(dueAt.plus(Duration.ofDays(1)));
        assertThat(upcoming.get("source").asText()).isEqualTo("PURCHASES");

        Message sent = await().atMost(PATIENCE).until(() -> client.receive("hub.out.web", selector(hubId), Duration.ofSeconds(1)),
                message -> message != null);
        String body = ((TextMessage) sent).getText();
        assertThat(body).contains("<kind>REMINDER_DUE</kind>").contains("sku=\"" + sku + "\"").contains("source=\"PURCHASES\"");
        JsonNode decided = reminder(hubId, sku, "SENT");
        assertThat(sent.getStringProperty("HubEventId")).isEqualTo(decided.get("eventId").asText());
        assertThat(body).contains("eventId=\"" + decided.get("eventId").asText() + "\"");
        // sent at its time, not before
        assertThat(Instant.parse(decided.get("decidedAt").asText())).isAfterOrEqualTo(dueAt);
        // the hub checks every second: several more checks send nothing more
        assertThat(client.receive("hub.out.web", selector(hubId), Duration.ofSeconds(5))).isNull();
    }

    @Test
    void aStoreReceiptForTheSkuSuppressesTheWebReminder() throws Exception {
        ReminderMessages shopper = new ReminderMessages();
        String sku = ReminderMessages.digits(6);
        Instant dueAt = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        String hubId = ordersDueAt(shopper, sku, dueAt);
        JsonNode upcoming = reminder(hubId, sku, "UPCOMING");

        Instant boughtAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        ingest.sendText("retail", shopper.storeReceipt(sku, boughtAt), Map.of());
        assertThat(client.getJson("/api/customers/" + hubId).findValuesAsText("type")).contains("STORE_SALE");

        JsonNode suppressed = reminder(hubId, sku, "SUPPRESSED");
        assertThat(suppressed.get("basisAt").asText()).isEqualTo(upcoming.get("basisAt").asText());
        assertThat(Instant.parse(suppressed.get("decidedAt").asText())).isAfterOrEqualTo(dueAt);
        assertThat(client.receive("hub.out.web", selector(hubId), Duration.ofSeconds(3))).isNull();
        // the receipt is the new basis: the next reminder is planned from it
        JsonNode next = reminder(hubId, sku, "UPCOMING");
        assertThat(Instant.parse(next.get("basisAt").asText())).isEqualTo(boughtAt);
    }

    @Test
    void theConsoleListsTheUpcomingReminders() throws Exception {
        ReminderMessages shopper = new ReminderMessages();
        String sku = ReminderMessages.digits(6);
        String hubId = ordersDueAt(shopper, sku, Instant.now().plus(Duration.ofDays(10)));
        String chosenSku = ReminderMessages.digits(6);
        ingest.sendText("web", shopper.reminderSet(chosenSku, Instant.now().truncatedTo(ChronoUnit.SECONDS), 60), Map.of());
        reminder(hubId, sku, "UPCOMING");
        JsonNode chosen = reminder(hubId, chosenSku, "UPCOMING");
        assertThat(chosen.get("source").asText()).isEqualTo("WEB");

        try (Browser browser = new Browser(hub.httpPort())) {
            browser.login("agent", "agent");
            browser.find("current-user");
            browser.open("/admin/#/customers/" + hubId);
            browser.find("reminders");
            assertThat(browser.atLeast("reminder-row", 2)).extracting(row -> row.getAttribute("data-sku"))
                    .containsExactlyInAnyOrder(sku, chosenSku);
            assertThat(browser.textOf("reminders")).contains("Set on the web").contains("From purchases").contains("Upcoming");
            browser.screenshot("reminders");
        }
    }
}
