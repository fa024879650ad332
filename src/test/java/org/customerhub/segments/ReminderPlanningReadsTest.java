package org.customerhub.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customerhub.segments.ReminderReads.PATIENCE;
import static org.customerhub.segments.ReminderReads.at;
import static org.customerhub.segments.ReminderReads.awaitOne;
import static org.customerhub.segments.ReminderReads.reminders;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reminder check reads what changed since the last one, not the whole purchase history: through the real hub, web
 * orders over JMS, the reminder read back over REST and the hub's own counters off /metrics over HTTP. Ten shoppers
 * bought a SKU long ago, one bought it a month and two months ago; when that one buys it again, a check reads that
 * one customer's history and plans the reminder from the SKU's pace over all eleven, and checks with nothing new read
 * nothing.
 */
class ReminderPlanningReadsTest {
    private static final int LONG_AGO_SHOPPERS = 10;
    private static final double PRIOR_WEIGHT = 2;
    private static TestHub hub;
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        Properties settings = ReminderReads.settings(1);
        settings.setProperty("hub.reminders.prior-weight", String.valueOf(PRIOR_WEIGHT));
        hub = TestHub.isolated(settings);
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    void aCheckReadsOnlyTheCustomerWhoBoughtSinceTheLastOne() throws Exception {
        String sku = ReminderMessages.digits(6);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // ten shoppers bought the SKU every 20 days, more than a year ago: nothing is expected of them any more
        for (int shopper = 0; shopper < LONG_AGO_SHOPPERS; shopper++) {
            ReminderMessages longAgo = new ReminderMessages();
            for (int daysAgo : new int[] {400, 380, 360}) {
                ingest.sendText("web", longAgo.webOrder(sku, now.minus(Duration.ofDays(daysAgo))), Map.of());
            }
        }
        ReminderMessages buyer = new ReminderMessages();
        Instant bought = now.minus(Duration.ofMinutes(1));
        for (int daysBefore : new int[] {60, 30}) {
            ingest.sendText("web", buyer.webOrder(sku, bought.minus(Duration.ofDays(daysBefore))), Map.of());
        }
        String hubId = client.only("key", "web:" + buyer.userId).get("hubId").asText();
        awaitChecks(2);
        assertThat(hub.count("SELECT COUNT(*) FROM reminder")).isZero();

        // checks with nothing new read no history
        double histories = counter("hub_reminders_histories_read_total");
        double pairs = counter("hub_reminders_pairs_planned_total");
        awaitChecks(2);
        assertThat(counter("hub_reminders_histories_read_total")).isEqualTo(histories);
        assertThat(counter("hub_reminders_pairs_planned_total")).isEqualTo(pairs);

        // the buyer's third order: one history read, one customer and SKU planned
        ingest.sendText("web", buyer.webOrder(sku, bought), Map.of());
        JsonNode upcoming = awaitOne(client, hubId, sku, "UPCOMING");
        awaitChecks(2);
        assertThat(counter("hub_reminders_histories_read_total")).isEqualTo(histories + 1);
        assertThat(counter("hub_reminders_pairs_planned_total")).isEqualTo(pairs + 1);

        // planned from the SKU's pace over every shopper's history: 10 spans of 40 days and the buyer's 60 days, over
        // 22 intervals, the buyer's own 2 intervals shrunk toward it
        double skuMeanDays = (LONG_AGO_SHOPPERS * 40 + 60) / (LONG_AGO_SHOPPERS * 2 + 2.0);
        double intervalDays = (60 + PRIOR_WEIGHT * skuMeanDays) / (2 + PRIOR_WEIGHT);
        Instant expected = bought.plus(Duration.ofMinutes(Math.round(intervalDays * 24 * 60)));
        assertThat(at(upcoming, "basisAt")).isEqualTo(bought);
        assertThat(at(upcoming, "expectedAt")).isEqualTo(expected);
        assertThat(at(upcoming, "dueAt")).isEqualTo(expected.minus(Duration.ofDays(1)));
        assertThat(upcoming.get("source").asText()).isEqualTo("PURCHASES");
        assertThat(reminders(client, hubId, sku, "UPCOMING")).hasSize(1);
        assertThat(hub.count("SELECT COUNT(*) FROM reminder")).isEqualTo(1);
    }

    /** Waits until so many more checks have run to their end: the first may have begun before the last change. */
    private static void awaitChecks(int more) throws Exception {
        double target = counter("hub_reminders_checks_total") + more;
        await().atMost(PATIENCE).until(() -> counter("hub_reminders_checks_total") >= target);
    }

    private static double counter(String series) throws Exception {
        var response = client.request("GET", "/metrics", HubClient.login("monitoring", "monitoring"), null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        response.body().lines().filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
                .forEach(line -> values.add(line.substring(line.lastIndexOf(' ') + 1)));
        assertThat(values).as(series + " on /metrics").hasSize(1);
        return Double.parseDouble(values.get(0));
    }
}
