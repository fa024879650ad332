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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;

import jakarta.jms.Message;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reminders and a merge, through the real hub: channel messages over JMS, reminders read back over REST and off
 * hub.out.web by the web shop's JMS client. The reminder falls due a day after the merge: the hub is restarted on its
 * store with its clock a day on (hub.clock.offset), as it would run the next day.
 */
class ReminderMergeTest {
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);
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
    void aMergeMovesTheMergedAwayCustomersRemindersToTheSurvivorOncePerSku() throws Exception {
        ReminderMessages web = new ReminderMessages();
        String account = ReminderMessages.digits(7);
        String shared = ReminderMessages.digits(6);
        String catalogueOnly = ReminderMessages.digits(6);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // the web customer orders the shared SKU every 30 days, the next expected in 8 days: due tomorrow
        Instant expected = Instant.now().plus(WEEK).plus(DAY).truncatedTo(ChronoUnit.SECONDS);
        for (int daysBefore : new int[] {90, 60, 30}) {
            ingest.sendText("web", web.webOrder(shared, expected.minus(Duration.ofDays(daysBefore))), Map.of());
        }
        String webCustomer = client.only("key", "web:" + web.userId).get("hubId").asText();
        JsonNode webShared = awaitOne(client, webCustomer, shared, "UPCOMING");
        assertThat(at(webShared, "expectedAt")).isEqualTo(expected);
        // the catalogue customer orders both SKUs every 50 days, the last 30 days ago: due in about a week
        for (int daysAgo : new int[] {130, 80, 30}) {
            ingest.sendText("catalogue", catalogueOrder(account, today.minusDays(daysAgo), shared, catalogueOnly), Map.of());
        }
        String catalogue = client.only("key", "catalogue:" + account).get("hubId").asText();
        assertThat(catalogue).isNotEqualTo(webCustomer);
        JsonNode catalogueShared = awaitOne(client, catalogue, shared, "UPCOMING");
        awaitOne(client, catalogue, catalogueOnly, "UPCOMING");
        assertThat(at(webShared, "basisAt")).isAfter(at(catalogueShared, "basisAt"));

        // the catalogue customer gives the web customer's e-mail: one person, merged
        ingest.sendText("catalogue", """
                <?xml version="1.0" encoding="UTF-8"?>
                <CATALOGUE_CUSTOMER_CHANGE><ACCT_NO>%s</ACCT_NO><CHANGE_DT>%s</CHANGE_DT><REASON_CD>CUST_REQUEST</REASON_CD>
                  <OPER_ID>KPW03</OPER_ID><NEW_EMAIL>%s</NEW_EMAIL></CATALOGUE_CUSTOMER_CHANGE>
                """.formatted(account, today.format(DateTimeFormatter.BASIC_ISO_DATE), web.email.toUpperCase()), Map.of());
        String survivor = await().atMost(PATIENCE).until(() -> client.only("key", "catalogue:" + account).get("hubId").asText(),
                client.only("key", "web:" + web.userId).get("hubId").asText()::equals);
        String gone = survivor.equals(catalogue) ? webCustomer : catalogue;

        // one upcoming reminder a SKU: the shared SKU's from the later purchase, the other kept as MERGED; planning from
        // the joint history over the next checks adds none
        await().during(Duration.ofSeconds(4)).atMost(PATIENCE).until(() ->
                reminders(client, survivor, shared, "UPCOMING").size() == 1 && reminders(client, survivor, catalogueOnly, "UPCOMING").size() == 1);
        assertThat(reminders(client, survivor, shared, "UPCOMING").get(0).get("basisAt")).isEqualTo(webShared.get("basisAt"));
        assertThat(reminders(client, survivor, shared, "MERGED")).singleElement()
                .satisfies(merged -> assertThat(merged.get("basisAt")).isEqualTo(catalogueShared.get("basisAt")));
        assertThat(hub.count("SELECT COUNT(*) FROM reminder WHERE hub_id = ?", gone)).isZero();

        // a day later the shared SKU's reminder is sent once, to the survivor
        assertThat(sent(client, survivor, Duration.ofSeconds(2))).isNull();
        Properties tomorrow = new Properties();
        tomorrow.setProperty("hub.clock.offset", DAY.toString());
        client.close();
        hub = hub.restartedWith(tomorrow);
        client = hub.client();
        Message message = await().atMost(PATIENCE).until(() -> sent(client, survivor, Duration.ofSeconds(1)), found -> found != null);
        assertThat(message.getBody(String.class)).contains("sku=\"" + shared + "\"", "source=\"PURCHASES\"");
        assertThat(sent(client, survivor, Duration.ofSeconds(4))).isNull();
    }

    private static String catalogueOrder(String account, LocalDate date, String... skus) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < skus.length; i++) {
            lines.append("<LINE><LINE_NO>%d</LINE_NO><SKU>%s</SKU><DESC>TONER CARTRIDGE</DESC><QTY>1</QTY><UNIT_CENTS>3999</UNIT_CENTS>"
                    .formatted(i + 1, skus[i])).append("<COST_CENTS>2100</COST_CENTS></LINE>");
        }
        int total = 3999 * skus.length;
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <CATALOGUE_ORDER>
                  <HDR><ORDER_NO>ML%s</ORDER_NO><ORDER_DT>%s</ORDER_DT><ORDER_SRC>MAIL</ORDER_SRC></HDR>
                  <CUST><ACCT_NO>%s</ACCT_NO><NAME>MARWOOD, INES</NAME><ADDR1>77 OAK AVE</ADDR1><CITY>PEORIA</CITY><ST>IL</ST>
                    <ZIP>61602</ZIP><PHONE>3095550111</PHONE></CUST>
                  <LINES>%s</LINES>
                  <SHIP_CENTS>0</SHIP_CENTS><TAX_CENTS>0</TAX_CENTS><TOTAL_CENTS>%d</TOTAL_CENTS><PAY_TYPE>CHK</PAY_TYPE>
                </CATALOGUE_ORDER>
                """.formatted(ReminderMessages.digits(8), date.format(DateTimeFormatter.BASIC_ISO_DATE), account, lines, total);
    }
}
