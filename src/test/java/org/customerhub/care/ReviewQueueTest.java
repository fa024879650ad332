package org.customerhub.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customerhub.care.SplitTest.postAsAgent;

import java.net.http.HttpResponse;
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
 * The agents' review queue over real HTTP on a hub of its own: three accounts of Anna Kowalski (two catalogue, one
 * web) are possible matches of each other; the queue lists each pair once, best first, with the evidence; a pair kept
 * apart leaves it and never comes back, even when its people send messages again.
 */
class ReviewQueueTest {
    private static TestHub hub;
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.isolated(new Properties());
        client = hub.client();
        ingest = new Ingest(hub, client);
        ingest.send("catalogue", "scenarios/possible-match/01-catalogue-order.xml");
        ingest.send("web", "scenarios/possible-match/02-web-account-created.xml");
        ingest.sendText("catalogue", secondAccountOrder("ML00616299"), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static String secondAccountOrder(String orderNumber) {
        return HubClient.resource("scenarios/possible-match/01-catalogue-order.xml").replace("0583361", "0583362")
                .replace("ML00616214", orderNumber);
    }

    @Test
    void pairsComeBestFirstAndAPairKeptApartNeverComesBack() throws Exception {
        assertThat(client.request("GET", "/admin/api/review-queue", null, null, null).statusCode()).isEqualTo(401);
        JsonNode queue = client.getJson("/admin/api/review-queue");
        assertThat(queue.size()).isGreaterThanOrEqualTo(2);
        List<Double> scores = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        queue.forEach(pair -> {
            scores.add(pair.get("score").asDouble());
            pairs.add(pair.get("hubId").asText() + "|" + pair.get("otherHubId").asText());
            assertThat(pair.get("evidence").has("given")).isTrue();
            assertThat(pair.get("customer").get("hubId").asText()).isEqualTo(pair.get("hubId").asText());
        });
        assertThat(scores).as("best score first").isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(pairs).as("each pair once").doesNotHaveDuplicates();

        String first = client.only("key", "catalogue:0583361").get("hubId").asText();
        String second = client.only("key", "catalogue:0583362").get("hubId").asText();
        JsonNode sameChannel = null;
        for (JsonNode pair : queue) {
            if (List.of(first, second).contains(pair.get("hubId").asText())
                    && List.of(first, second).contains(pair.get("otherHubId").asText())) {
                sameChannel = pair;
            }
        }
        assertThat(sameChannel).as("two catalogue accounts of one name and address are offered, never merged").isNotNull();
        HttpResponse<String> kept = postAsAgent(hub, "/admin/api/review-queue/" + first + "/" + second, "{\"decision\":\"keep-apart\"}");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(postAsAgent(hub, "/admin/api/review-queue/" + first + "/" + second, "{\"decision\":\"merge\"}").statusCode())
                .as("no longer a possible match").isEqualTo(409);

        ingest.sendText("catalogue", secondAccountOrder("ML00616300"), Map.of());
        for (JsonNode pair : client.getJson("/admin/api/review-queue")) {
            assertThat(List.of(pair.get("hubId").asText(), pair.get("otherHubId").asText()))
                    .as("the pair kept apart").isNotEqualTo(List.of(first, second)).isNotEqualTo(List.of(second, first));
        }
        assertThat(client.getJson("/admin/api/review-queue").size()).isEqualTo(queue.size() - 1);
        assertThat(hub.count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.keep-apart'")).isEqualTo(1);
    }
}
