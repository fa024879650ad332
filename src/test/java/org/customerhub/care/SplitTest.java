package org.customerhub.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.canonical.Customer;
import org.customerhub.soap.customers.CustomerService;
import org.customerhub.soap.customers.GetCustomer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Undoing a wrong merge, over real HTTP, JMS and SOAP on hubs of their own: Anna Kowalski's catalogue account and the
 * web account an agent merged into it from the review queue are split again, and each part must equal, field by field,
 * the customer a second hub holds that took the same messages and never saw the merge.
 */
class SplitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CATALOGUE = "catalogue:0583361";
    private static final String WEB = "web:U41583361";
    /** What differs between two hubs by construction: their own ids and clocks, and the split's kept-apart pair. */
    private static final Set<String> HUB_OWN = Set.of("hubId", "createdAt", "updatedAt", "messageId", "possibleMatches",
            "mergedIds", "since", "reminders");

    private static TestHub merged;
    private static TestHub reference;
    private static TestHub webOnly;
    private static HubClient mergedClient;
    private static HubClient referenceClient;
    private static HubClient webOnlyClient;

    @BeforeAll
    static void start() throws Exception {
        merged = TestHub.isolated(new Properties());
        reference = TestHub.isolated(new Properties());
        webOnly = TestHub.isolated(new Properties());
        mergedClient = merged.client();
        referenceClient = reference.client();
        webOnlyClient = webOnly.client();
    }

    @AfterAll
    static void stop() throws Exception {
        mergedClient.close();
        referenceClient.close();
        webOnlyClient.close();
        merged.stop();
        reference.stop();
        webOnly.stop();
    }

    private static List<Map.Entry<String, String>> annasMessages() {
        String order = HubClient.resource("scenarios/possible-match/01-catalogue-order.xml");
        return List.of(Map.entry("catalogue", order),
                Map.entry("web", HubClient.resource("scenarios/possible-match/02-web-account-created.xml")));
    }

    /** A later catalogue order of the same account, sent after the merge. */
    private static String secondOrder() {
        return HubClient.resource("scenarios/possible-match/01-catalogue-order.xml")
                .replace("ML00616214", "ML00699001").replace("20260113", "20260302").replace("3064", "4064");
    }

    static HttpResponse<String> postAsAgent(TestHub hub, String path, String body) {
        return hub.client().request("POST", path, HubClient.AGENT_LOGIN, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSplitRebuildsBothPeopleAsIfTheMergeHadNeverHappened() throws Exception {
        Ingest toMerged = new Ingest(merged, mergedClient);
        Ingest toReference = new Ingest(reference, referenceClient);
        for (Map.Entry<String, String> message : annasMessages()) {
            toMerged.sendText(message.getKey(), message.getValue(), Map.of());
            toReference.sendText(message.getKey(), message.getValue(), Map.of());
        }

        // the review queue offers the pair with the scorer's evidence; the agent merges it in one click
        JsonNode queue = mergedClient.getJson("/admin/api/review-queue");
        assertThat(queue).hasSize(1);
        JsonNode pair = queue.get(0);
        assertThat(pair.get("evidence").get("family").asText()).isEqualTo("agree");
        assertThat(pair.get("score").asDouble()).isPositive();
        assertThat(List.of(HubClient.sourceKeys(pair.get("customer")), HubClient.sourceKeys(pair.get("otherCustomer"))))
                .containsExactlyInAnyOrder(List.of(CATALOGUE), List.of(WEB));
        HttpResponse<String> merge = postAsAgent(merged, "/admin/api/review-queue/" + pair.get("hubId").asText() + "/"
                + pair.get("otherHubId").asText(), "{\"decision\":\"merge\"}");
        assertThat(merge.statusCode()).as(merge.body()).isEqualTo(200);
        JsonNode wrong = mergedClient.only("key", CATALOGUE);
        assertThat(HubClient.sourceKeys(wrong)).containsExactlyInAnyOrder(CATALOGUE, WEB);
        assertThat(mergedClient.getJson("/admin/api/review-queue")).as("decided pairs leave the queue").isEmpty();

        toMerged.sendText("catalogue", secondOrder(), Map.of());
        toReference.sendText("catalogue", secondOrder(), Map.of());
        String oldId = wrong.get("hubId").asText();
        String mergedAway = wrong.get("mergedIds").get(0).asText();

        String splitPath = "/admin/api/customers/" + oldId + "/split";
        HttpResponse<String> refused = postAsAgent(merged, splitPath, "{\"groups\":[[\"" + CATALOGUE + "\"]]}");
        assertThat(refused.statusCode()).as("every key must go to a group").isEqualTo(400);
        for (String bad : List.of("not json", "{\"groups\":\"" + CATALOGUE + "\"}", "{\"groups\":[[1],[2]]}",
                "{\"groups\":[[\"" + CATALOGUE + "\"],[\"" + WEB + "\",\"web:someone-else\"]]}", "x".repeat(20_000))) {
            assertThat(postAsAgent(merged, splitPath, bad).statusCode()).as(bad.length() > 80 ? "an oversized body" : bad).isEqualTo(400);
        }
        assertThat(mergedClient.request("POST", splitPath, null, "application/json",
                "{\"groups\":[[\"a\"],[\"b\"]]}".getBytes(StandardCharsets.UTF_8)).statusCode()).as("without a login").isEqualTo(401);
        HttpResponse<String> split = postAsAgent(merged, splitPath, "{\"groups\":[[\"" + CATALOGUE + "\"],[\"" + WEB + "\"]]}");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
        assertThat(postAsAgent(merged, splitPath, "{\"groups\":[[\"" + CATALOGUE + "\"],[\"" + WEB + "\"]]}").statusCode())
                .as("split already").isEqualTo(409);

        JsonNode catalogue = mergedClient.only("key", CATALOGUE);
        JsonNode web = mergedClient.only("key", WEB);
        assertThat(catalogue.get("hubId")).isNotEqualTo(web.get("hubId"));
        assertThat(comparable(catalogue)).isEqualTo(comparable(referenceClient.only("key", CATALOGUE)));
        assertThat(comparable(web)).isEqualTo(comparable(referenceClient.only("key", WEB)));
        assertThat(catalogue.get("interactions")).hasSize(2);
        assertThat(catalogue.get("value").get("orders").asInt()).isEqualTo(2);

        // both old ids answer with what they became, over REST and JMS
        for (String id : List.of(oldId, mergedAway)) {
            JsonNode answer = mergedClient.getJson("/api/customers/" + id);
            assertThat(answer.get("splitInto")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder(catalogue.get("hubId").asText(), web.get("hubId").asText());
        }
        String reply = mergedClient.ask(("<customerQuery xmlns=\"urn:customerhub:query:1\"><hubId>" + oldId
                + "</hubId></customerQuery>").getBytes(StandardCharsets.UTF_8)).getText();
        assertThat(reply).contains("splitInto", catalogue.get("hubId").asText(), web.get("hubId").asText());
        assertThat(soapCustomer(oldId).getSplitInto())
                .containsExactlyInAnyOrder(catalogue.get("hubId").asText(), web.get("hubId").asText());

        assertThat(merged.count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.split' AND target = ?", oldId)).isEqualTo(1);
        assertThat(merged.count("SELECT COUNT(*) FROM change_event WHERE hub_id = ? AND payload LIKE '%SPLIT%'", oldId)).isEqualTo(1);
        assertThat(merged.count("SELECT COUNT(*) FROM change_event WHERE hub_id IN (?, ?) AND payload LIKE '%CREATED%'",
                catalogue.get("hubId").asText(), web.get("hubId").asText())).isEqualTo(2);

        // kept apart from then on: the same web account again merges nothing and offers nothing
        toMerged.sendText("web", HubClient.resource("scenarios/possible-match/02-web-account-created.xml")
                .replace("ad54bc77-cdab-4349-a99a-7c4bd4a8b4b3", "ad54bc77-cdab-4349-a99a-7c4bd4a8b4b4"), Map.of());
        assertThat(HubClient.sourceKeys(mergedClient.only("key", WEB))).containsExactly(WEB);
        assertThat(mergedClient.only("key", WEB).get("possibleMatches")).isEmpty();
        assertThat(mergedClient.getJson("/admin/api/review-queue")).isEmpty();
    }

    /** The customer the SOAP CustomerService answers for an id, asked as the demo agent. */
    private static Customer soapCustomer(String hubId) throws Exception {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(CustomerService.class);
        factory.setAddress(merged.soapBase() + "/customers");
        factory.setUsername("agent");
        factory.setPassword("agent");
        GetCustomer get = new GetCustomer();
        get.setHubId(hubId);
        return ((CustomerService) factory.create()).getCustomer(get).getCustomer();
    }

    /**
     * Samuel Ortiz's web account and catalogue account merge automatically when the catalogue gives his e-mail. Split,
     * each part equals a store that saw only its own messages; replaying the e-mail change did not merge them again.
     */
    @Test
    void anAutomaticMergeSplitStaysApart() throws Exception {
        String web = "web:U41900001";
        String catalogue = "catalogue:0900001";
        String account = HubClient.resource("scenarios/merge/01-web-account-created.xml");
        List<String> catalogueMessages = List.of(HubClient.resource("scenarios/merge/02-catalogue-order.xml"),
                HubClient.resource("scenarios/merge/03-catalogue-customer-change.xml"));
        Ingest toMerged = new Ingest(merged, mergedClient);
        toMerged.sendText("web", account, Map.of());
        new Ingest(webOnly, webOnlyClient).sendText("web", account, Map.of());
        for (String message : catalogueMessages) {
            toMerged.sendText("catalogue", message, Map.of());
            new Ingest(reference, referenceClient).sendText("catalogue", message, Map.of());
        }
        JsonNode wrong = mergedClient.only("key", web);
        assertThat(HubClient.sourceKeys(wrong)).as("merged by the e-mail").containsExactlyInAnyOrder(web, catalogue);

        HttpResponse<String> split = postAsAgent(merged, "/admin/api/customers/" + wrong.get("hubId").asText() + "/split",
                "{\"groups\":[[\"" + web + "\"],[\"" + catalogue + "\"]]}");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
        assertThat(HubClient.sourceKeys(mergedClient.only("key", web))).containsExactly(web);
        assertThat(comparable(mergedClient.only("key", web))).isEqualTo(comparable(webOnlyClient.only("key", web)));
        assertThat(comparable(mergedClient.only("key", catalogue))).isEqualTo(comparable(referenceClient.only("key", catalogue)));

        toMerged.sendText("catalogue", catalogueMessages.get(1).replace("20260120", "20260121"), Map.of());
        assertThat(HubClient.sourceKeys(mergedClient.only("key", catalogue))).as("never merged again").containsExactly(catalogue);
    }

    /**
     * The customer without what two hubs give differently by construction, with times as instants and its values in a
     * stable order.
     */
    static JsonNode comparable(JsonNode customer) {
        JsonNode copy = customer.deepCopy();
        strip(copy);
        return copy;
    }

    /** A time as its instant: PostgreSQL answers a stored time in UTC, H2 in the offset it was given. */
    private static Optional<JsonNode> instant(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TextNode.valueOf(OffsetDateTime.parse(value.asText()).toInstant().toString()));
        } catch (DateTimeParseException notATime) {
            return Optional.empty();
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(HUB_OWN);
            Iterator<Map.Entry<String, JsonNode>> children = object.fields();
            while (children.hasNext()) {
                Map.Entry<String, JsonNode> child = children.next();
                instant(child.getValue()).ifPresent(child::setValue);
                strip(child.getValue());
            }
        } else if (node instanceof ArrayNode array) {
            List<JsonNode> sorted = new ArrayList<>();
            array.forEach(child -> {
                strip(child);
                sorted.add(child);
            });
            sorted.sort((a, b) -> a.toString().compareTo(b.toString()));
            array.removeAll();
            sorted.forEach(array::add);
        }
    }
}
