package org.customerhub.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customerhub.segments.ReminderReads.PATIENCE;
import static org.customerhub.segments.ReminderReads.at;
import static org.customerhub.segments.ReminderReads.awaitOne;
import static org.customerhub.segments.ReminderReads.reminders;
import static org.customerhub.segments.ReminderReads.sent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.jms.Message;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web shop's REMINDER_SET, through the real hub: channel messages over JMS, reminders read back over
 * REST and off hub.out.web by the web shop's JMS client. Reminders are due 7 days (the shortest interval the web shop
 * allows) before their expected date, so a request dated 7 days ago is due at once.
 */
class ReminderRequestTest {
    private static final Duration WEEK = Duration.ofDays(7);
    private static TestHub hub;
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.isolated(ReminderReads.settings(7));
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    void aReminderSetRemindsAtTheChosenDateAndEveryIntervalAfter() throws Exception {
        ReminderMessages shopper = new ReminderMessages();
        String sku = ReminderMessages.digits(6);
        // every 7 days, asked for 7 days ago less 20 s: the first is expected in 20 s, the second 7 days after
        Instant setAt = Instant.now().minus(WEEK).plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        ingest.sendText("web", shopper.reminderSet(sku, setAt, 7), Map.of());
        String hubId = client.only("key", "web:" + shopper.userId).get("hubId").asText();

        Message first = await().atMost(PATIENCE).until(() -> sent(client, hubId, Duration.ofSeconds(1)), message -> message != null);
        assertThat(first.getBody(String.class)).contains("source=\"WEB\"", "sku=\"" + sku + "\"");
        Message second = await().atMost(PATIENCE).until(() -> sent(client, hubId, Duration.ofSeconds(1)), message -> message != null);
        assertThat(second.getBody(String.class)).contains("source=\"WEB\"", "sku=\"" + sku + "\"");

        List<JsonNode> reminders = await().atMost(PATIENCE).until(() -> reminders(client, hubId, sku, "SENT"), found -> found.size() == 2);
        assertThat(reminders).extracting(reminder -> at(reminder, "expectedAt"))
                .containsExactlyInAnyOrder(setAt.plus(WEEK), setAt.plus(WEEK).plus(WEEK));
        assertThat(reminders).extracting(reminder -> reminder.get("eventId").asText())
                .containsExactlyInAnyOrder(first.getStringProperty("HubEventId"), second.getStringProperty("HubEventId"));
        // the third is planned once the second's date has passed, 7 days on: nothing more is sent now
        assertThat(sent(client, hubId, Duration.ofSeconds(4))).isNull();
        assertThat(reminders(client, hubId, sku, "UPCOMING")).isEmpty();
    }

    @Test
    void aLaterReminderSetForTheSkuReplacesTheEarlierOne() throws Exception {
        ReminderMessages shopper = new ReminderMessages();
        String sku = ReminderMessages.digits(6);
        Instant earlier = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        ingest.sendText("web", shopper.reminderSet(sku, earlier, 30), Map.of());
        String hubId = client.only("key", "web:" + shopper.userId).get("hubId").asText();
        JsonNode asked = awaitOne(client, hubId, sku, "UPCOMING");
        assertThat(at(asked, "expectedAt")).isEqualTo(earlier.plus(Duration.ofDays(30)));

        // now every 7 days: expected in 7 days, so due at once; the 30-day one is never sent
        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ingest.sendText("web", shopper.reminderSet(sku, later, 7), Map.of());
        Message message = await().atMost(PATIENCE).until(() -> sent(client, hubId, Duration.ofSeconds(1)), found -> found != null);
        JsonNode sentOne = awaitOne(client, hubId, sku, "SENT");
        assertThat(at(sentOne, "expectedAt")).isEqualTo(later.plus(WEEK));
        assertThat(message.getStringProperty("HubEventId")).isEqualTo(sentOne.get("eventId").asText());
        JsonNode replaced = awaitOne(client, hubId, sku, "REPLACED");
        assertThat(replaced.get("basisAt").asText()).isEqualTo(asked.get("basisAt").asText());
        assertThat(reminders(client, hubId, sku, "UPCOMING")).isEmpty();
        assertThat(sent(client, hubId, Duration.ofSeconds(4))).isNull();
    }
}
