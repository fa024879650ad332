package org.customerhub.segments;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.jms.Message;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;

/** What the reminder tests read back: a customer's reminders over REST and the reminders sent on hub.out.web. */
final class ReminderReads {
    static final Duration PATIENCE = Duration.ofSeconds(120);

    private ReminderReads() {
    }

    /** A hub that checks reminders every second, due the given days before, planned from three purchases. */
    static Properties settings(int leadDays) {
        Properties settings = new Properties();
        settings.setProperty("hub.reminders.check-seconds", "1");
        settings.setProperty("hub.reminders.lead-days", String.valueOf(leadDays));
        settings.setProperty("hub.reminders.min-purchases", "3");
        return settings;
    }

    static List<JsonNode> reminders(HubClient client, String hubId, String sku, String state) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode reminder : client.getJson("/api/customers/" + hubId).get("reminders")) {
            if (reminder.get("sku").asText().equals(sku) && reminder.get("state").asText().equals(state)) {
                found.add(reminder);
            }
        }
        return found;
    }

    static JsonNode awaitOne(HubClient client, String hubId, String sku, String state) {
        return await().atMost(PATIENCE).until(() -> reminders(client, hubId, sku, state), found -> found.size() == 1).get(0);
    }

    /** The next reminder sent to the web shop about the customer, or null when none comes within the wait. */
    static Message sent(HubClient client, String hubId, Duration wait) throws Exception {
        return client.receive("hub.out.web", "HubId = '" + hubId + "' AND HubDocumentType = 'ReminderDue'", wait);
    }

    static Instant at(JsonNode reminder, String field) {
        return Instant.parse(reminder.get(field).asText());
    }
}
