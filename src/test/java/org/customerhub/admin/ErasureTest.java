package org.customerhub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure on request, through the real admin API, on a hub of its own (an erased person's archived messages are
 * tombstoned, so the shared hub's other tests could not send them again): afterwards no search finds the person, no
 * table holds their values, every id they had answers 404, the interaction totals per channel are what they were, and a
 * new message about them starts a fresh customer. Only an admin may erase.
 */
class ErasureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every stored text a value of a person could hide in, as SQL expressions over one table each. */
    private static final Map<String, String> STORED_TEXT = Map.of(
            "identifier", "id_value",
            "attribute_value", "value_key || ' ' || value_json",
            "blocking_key", "block_key",
            "raw_message", "UTF8TOSTRING(content)",
            "change_event", "payload",
            "interaction", "source_id || ' ' || reference || ' ' || detail_xml",
            "audit_log", "target || ' ' || detail");
    private static TestHub hub;
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.isolated(new Properties());
        client = hub.client();
        ingest = new Ingest(hub, client);
        ingest.sendNoraLindqvistInFourChannels();
        ingest.send("catalogue", "catalogue/customer-change-lindqvist-email.xml");
        ingest.send("web", "web/profile-updated-lindqvist.xml");
        ingest.send("catalogue", "catalogue/order-mail-okafor.xml");
        ingest.send("retail", "retail/return-farrow.xml");
        ingest.send("web", "web/support-case-farrow.xml");
        for (String scenario : List.of("merge/01-web-account-created.xml", "merge/02-catalogue-order.xml",
                "merge/03-catalogue-customer-change.xml", "possible-match/01-catalogue-order.xml",
                "possible-match/02-web-account-created.xml")) {
            ingest.send(Ingest.channelOf(scenario), "scenarios/" + scenario);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static HttpResponse<String> erase(String hubId, String login) {
        return client.request("POST", "/admin/api/customers/" + hubId + "/erase", login, "application/json", null);
    }

    private static JsonNode erased(String hubId) throws Exception {
        HttpResponse<String> answer = erase(hubId, HubClient.ADMIN_LOGIN);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** Rows of any table whose stored text contains the needle, ignoring case. */
    private static long rowsHolding(String needle) throws Exception {
        long rows = 0;
        for (Map.Entry<String, String> table : STORED_TEXT.entrySet()) {
            rows += hub.count("SELECT COUNT(*) FROM " + table.getKey() + " WHERE LOWER(" + table.getValue() + ") LIKE ?",
                    "%" + needle.toLowerCase() + "%");
        }
        return rows;
    }

    /** Per channel: interactions, and their amounts and margins summed (in ten-thousandths, as stored). */
    private static Map<String, List<Long>> totalsByChannel() throws Exception {
        Map<String, List<Long>> totals = new LinkedHashMap<>();
        for (String channel : List.of("catalogue", "retail", "directsales", "web", "agent")) {
            totals.put(channel, List.of(
                    hub.count("SELECT COUNT(*) FROM interaction WHERE channel = ?", channel),
                    hub.count("SELECT CAST(COALESCE(SUM(amount), 0) * 10000 AS BIGINT) FROM interaction WHERE channel = ?", channel),
                    hub.count("SELECT CAST(COALESCE(SUM(margin), 0) * 10000 AS BIGINT) FROM interaction WHERE channel = ?", channel)));
        }
        return totals;
    }

    private static int status(String path) {
        return client.get(path, "application/json").statusCode();
    }

    @Test
    void afterErasureNothingFindsThePersonAndNoTableHoldsTheirValuesButTheTotalsStay() throws Exception {
        String nora = client.only("key", "catalogue:0058214").get("hubId").asText();
        HttpResponse<String> corrected = client.request("POST", "/api/customers/" + nora + "/corrections", HubClient.AGENT_LOGIN,
                "application/json", """
                        {"address": {"line1": "12 Wachusett St", "city": "Worcester", "region": "MA", "postalCode": "01609"}}"""
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        Map<String, List<Long>> totals = totalsByChannel();
        long archived = hub.count("SELECT COUNT(*) FROM raw_message");
        long noraInteractions = hub.count("SELECT COUNT(*) FROM interaction WHERE hub_id = ?", nora);
        assertThat(rowsHolding("Lindqvist")).isPositive();

        JsonNode done = erased(nora);
        assertThat(done.get("hubId").asText()).isEqualTo(nora);
        assertThat(done.get("interactions").asLong()).isEqualTo(noraInteractions).isPositive();
        assertThat(done.get("messages").asInt()).isGreaterThanOrEqualTo(8);

        Map<String, String> searches = Map.of("key", "web:U30772145", "email", "nora.lindqvist@example.net",
                "phone", "(508) 555-0137", "card", "7105821406", "order", "web:W000562211", "q", "Nora Lindqvist");
        searches.forEach((parameter, value) -> assertThat(client.find(parameter, value)).as(parameter).isEmpty());
        assertThat(client.find("q", "Lindqvist")).isEmpty();
        assertThat(client.find("key", "directsales:CT-207731")).isEmpty();
        assertThat(status("/api/customers/" + nora)).isEqualTo(404);

        for (String value : List.of("Lindqvist", "0058214", "7105821406", "5085550137", "555-0137", "U30772145", "CT-207731",
                "Harlow", "Wachusett")) {
            assertThat(rowsHolding(value)).as("rows still holding " + value).isZero();
        }
        for (String table : List.of("customer", "identifier", "attribute_value", "blocking_key", "interaction", "change_event",
                "message_customer")) {
            assertThat(hub.count("SELECT COUNT(*) FROM " + table + " WHERE hub_id = ?", nora)).as(table).isZero();
        }
        assertThat(totalsByChannel()).isEqualTo(totals);
        assertThat(hub.count("SELECT COUNT(*) FROM raw_message")).as("archive rows stay, as tombstones").isEqualTo(archived);
        assertThat(client.only("key", "catalogue:0126630").get("names")).as("another customer is untouched").isNotEmpty();

        JsonNode audit = JSON.readTree(client.request("GET", "/admin/api/audit", HubClient.ADMIN_LOGIN, null, null).body());
        assertThat(audit.findValuesAsText("action")).contains("customer.erase");
        assertThat(audit.toString()).doesNotContainIgnoringCase("Lindqvist").contains(nora);
        assertThat(erase(nora, HubClient.ADMIN_LOGIN).statusCode()).as("an erased customer is not known any more").isEqualTo(404);
    }

    @Test
    void aNewMessageAboutAnErasedPersonStartsAFreshCustomerAndOldOnesChangeNothing() throws Exception {
        String before = client.only("key", "catalogue:0126630").get("hubId").asText();
        erased(before);
        ingest.send("catalogue", "catalogue/order-mail-okafor.xml");
        assertThat(client.find("key", "catalogue:0126630")).as("a redelivered old message is still a duplicate").isEmpty();

        String newOrder = HubClient.resource("catalogue/order-mail-okafor.xml").replaceFirst("<ORDER_NO>[^<]*</ORDER_NO>",
                "<ORDER_NO>ML00990001</ORDER_NO>");
        ingest.sendText("catalogue", newOrder, Map.of());
        JsonNode fresh = client.only("key", "catalogue:0126630");
        assertThat(fresh.get("hubId").asText()).isNotEqualTo(before);
        assertThat(fresh.get("interactions")).hasSize(1);
        assertThat(status("/api/customers/" + before)).isEqualTo(404);
    }

    @Test
    void mergedAwayIdsAreErasedWithTheirSurvivor() throws Exception {
        JsonNode ortiz = client.only("key", "catalogue:0900001");
        assertThat(ortiz.get("mergedIds")).hasSize(1);
        String survivor = ortiz.get("hubId").asText();
        String merged = ortiz.get("mergedIds").get(0).asText();

        JsonNode done = erased(merged);
        assertThat(done.get("hubId").asText()).as("erasing by a merged-away id erases its survivor").isEqualTo(survivor);
        assertThat(done.get("ids").asInt()).isEqualTo(2);
        assertThat(status("/api/customers/" + survivor)).isEqualTo(404);
        assertThat(status("/api/customers/" + merged)).isEqualTo(404);
        assertThat(client.find("email", "sam.ortiz@example.com")).isEmpty();
        assertThat(hub.count("SELECT COUNT(*) FROM merge_log WHERE survivor = ? OR merged = ?", survivor, merged)).isZero();
        assertThat(rowsHolding("Ortiz")).isZero();
    }

    @Test
    void possibleMatchesAndKeptApartDecisionsGoButTheOtherCustomerStays() throws Exception {
        JsonNode catalogue = client.only("key", "catalogue:0583361");
        String web = client.only("key", "web:U41583361").get("hubId").asText();
        assertThat(catalogue.get("possibleMatches").toString()).contains(web);
        HttpResponse<String> apart = client.request("POST", "/api/customers/" + web + "/matches/" + catalogue.get("hubId").asText(),
                HubClient.AGENT_LOGIN, "application/json", "{\"decision\":\"keep-apart\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(apart.statusCode()).as(apart.body()).isEqualTo(200);
        assertThat(hub.count("SELECT COUNT(*) FROM kept_apart WHERE hub_id = ?", web)).isEqualTo(1);

        erased(web);
        assertThat(hub.count("SELECT COUNT(*) FROM kept_apart")).isZero();
        assertThat(hub.count("SELECT COUNT(*) FROM possible_match WHERE hub_id = ? OR other_hub_id = ?", web, web)).isZero();
        JsonNode other = client.only("key", "catalogue:0583361");
        assertThat(other.get("possibleMatches")).isEmpty();
        assertThat(other.get("names").toString()).containsIgnoringCase("Kowalski");
    }

    @Test
    void notesAndIncidentTextsGoWhileTheInteractionsStayAsIncidents() throws Exception {
        String farrow = client.only("key", "retail:7120094478").get("hubId").asText();
        assertThat(rowsHolding("roller housing cracked")).isPositive();
        assertThat(rowsHolding("refund has not shown up")).isPositive();
        long incidents = hub.count("SELECT COUNT(*) FROM interaction WHERE incident AND hub_id = ?", farrow);
        long anonymousIncidents = hub.count("SELECT COUNT(*) FROM interaction WHERE incident AND hub_id IS NULL");

        erased(farrow);
        assertThat(rowsHolding("roller housing cracked")).isZero();
        assertThat(rowsHolding("refund has not shown up")).isZero();
        assertThat(rowsHolding("Farrow")).isZero();
        assertThat(incidents).as("the return and the support case").isEqualTo(2);
        assertThat(hub.count("SELECT COUNT(*) FROM interaction WHERE incident AND hub_id IS NULL"))
                .isEqualTo(anonymousIncidents + incidents);
    }

    @Test
    void onlyAnAdminMayErase() {
        String kowalski = client.only("key", "catalogue:0583361").get("hubId").asText();
        assertThat(erase(kowalski, null).statusCode()).isEqualTo(401);
        assertThat(erase(kowalski, HubClient.login("admin", "wrong")).statusCode()).isEqualTo(401);
        assertThat(erase(kowalski, HubClient.AGENT_LOGIN).statusCode()).isEqualTo(403);
        assertThat(client.request("GET", "/admin/api/customers/" + kowalski + "/erase", HubClient.ADMIN_LOGIN, null, null)
                .statusCode()).as("erasure is a POST only").isNotEqualTo(200);
        assertThat(status("/api/customers/" + kowalski)).isEqualTo(200);
        assertThat(erase("no-such-customer", HubClient.ADMIN_LOGIN).statusCode()).isEqualTo(404);
    }
}
