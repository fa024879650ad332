package org.customerhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP with the demo users: who may call it, routes, dead letters, the audit log. */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
        client = hub.client();
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    private static HttpResponse<String> call(String method, String path, String user) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/admin/api" + path))
                // an API client's POST carries a body type no cross-site form can send
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode admin(String method, String path) throws Exception {
        HttpResponse<String> response = call(method, path, "admin");
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void onlyAnAdminGetsIn() throws Exception {
        assertThat(call("GET", "/routes", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/routes", null).headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(call("GET", "/routes", "agent").statusCode()).isEqualTo(403);
        HttpResponse<String> wrongPassword = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.httpPort() + "/admin/api/routes"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:nope".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
    }

    @Test
    void routesAreListedWithTheirStatisticsAndCanBePausedAndResumed() throws Exception {
        JsonNode routes = admin("GET", "/routes");
        JsonNode ingest = null;
        for (JsonNode route : routes) {
            if (route.get("id").asText().equals("ingest-web")) {
                ingest = route;
            }
        }
        assertThat(ingest).as("ingest-web listed").isNotNull();
        assertThat(ingest.get("source").asText()).contains("ingest-web.yaml");
        assertThat(ingest.get("status").asText()).isEqualTo("Started");
        assertThat(ingest.has("exchangesTotal")).isTrue();

        assertThat(admin("POST", "/routes/feed-web/stop").get("status").asText()).isEqualTo("Stopped");
        try {
            HttpResponse<String> health = client.get("/health/ready", "application/json");
            assertThat(health.statusCode()).as("an admin's pause is no outage: " + health.body()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("pausedRoutes").toString()).contains("feed-web");
        } finally {
            assertThat(admin("POST", "/routes/feed-web/start").get("status").asText()).isEqualTo("Started");
        }
        assertThat(call("POST", "/routes/no-such-route/stop", "admin").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/routes/feed-web/explode", "admin").statusCode()).isEqualTo(400);
    }

    @Test
    void theBrokerShowsEveryQueueWithItsFigures() throws Exception {
        JsonNode queues = admin("GET", "/broker");
        JsonNode ingest = null;
        for (JsonNode queue : queues) {
            if (queue.get("queue").asText().equals("hub.work.catalogue")) {
                ingest = queue;
            }
        }
        assertThat(ingest).as("hub.work.catalogue listed").isNotNull();
        assertThat(ingest.get("consumers").asInt()).isPositive();
        assertThat(ingest.has("depth") && ingest.has("enqueued") && ingest.has("acknowledged")).isTrue();
        assertThat(queues.toString()).contains("hub.in.catalogue", "feed.catalogue", "hub.dlq.web", "hub.customer.query");
    }

    @Test
    void deadLettersAreListedReadReplayedAndDeletedAndEveryActionIsAudited() throws Exception {
        String invalid = "<Event xmlns=\"urn:example:web:events:2026\" type=\"NOPE\"/>";
        new Ingest(hub, client).sendText("web", invalid, Map.of());
        JsonNode listed = await().atMost(Duration.ofSeconds(10)).until(() -> admin("GET", "/dlq/web?limit=500"),
                page -> page.toString().contains("SCHEMA_INVALID"));
        String invalidId = null;
        for (JsonNode entry : listed) {
            if ("SCHEMA_INVALID".equals(entry.get("reason").asText()) && entry.get("sourceQueue").asText().equals("hub.in.web")) {
                invalidId = entry.get("id").asText();
            }
        }
        assertThat(invalidId).isNotNull();
        HttpResponse<String> raw = call("GET", "/dlq/web/" + invalidId, "admin");
        assertThat(raw.body()).isEqualTo(invalid);

        // a message that failed before its cause was fixed: replayed, it becomes a customer
        String fixed = HubClient.resource("web/account-created-ibarra.xml").replace("U30815520", "U39990001")
                .replace("tomas.ibarra@example.com", "t.ibarra.second@example.com")
                .replaceFirst("id=\"[0-9a-f-]+\"", "id=\"9b2c1d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d\"");
        client.sendText("hub.dlq.web", fixed, Map.of("HubErrorCode", "PROCESSING_FAILED", "HubSourceQueue", "hub.in.web"));
        assertThat(admin("POST", "/dlq/web/replay?code=PROCESSING_FAILED").get("replayed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(client.only("key", "web:U39990001").get("hubId").asText()).isNotBlank();

        assertThat(admin("DELETE", "/dlq/web?id=" + invalidId).get("deleted").asInt()).isEqualTo(1);
        assertThat(call("GET", "/dlq/web/" + invalidId, "admin").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/dlq/nochannel", "admin").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/dlq/web/replay?code=x'%20OR%20'1'='1", "admin").statusCode()).isEqualTo(400);

        String routes = admin("GET", "/routes").toString();
        assertThat(routes).contains("\"lastError\":\"RejectedMessageException");
        String audit = admin("GET", "/audit").toString();
        assertThat(audit).contains("\"actor\":\"admin\"", "dlq.replay", "dlq.delete", "hub.dlq.web");
    }

    @Test
    void anAdminsPauseIsNoOutageButARouteThatStoppedByItselfIs() throws Exception {
        HttpResponse<String> paused = call("POST", "/routes/feed-retail/stop", "admin");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        try {
            for (String path : List.of("/health", "/health/ready")) {
                HttpResponse<String> ready = client.get(path, "application/json");
                assertThat(ready.statusCode()).as(path + " " + ready.body()).isEqualTo(200);
                assertThat(JSON.readTree(ready.body()).get("pausedRoutes").toString()).contains("feed-retail");
            }
            hub.context().getRouteController().stopRoute("feed-directsales");
            try {
                HttpResponse<String> ready = client.get("/health/ready", "application/json");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                assertThat(JSON.readTree(ready.body()).get("downRoutes").toString()).contains("feed-directsales")
                        .doesNotContain("feed-retail");
                assertThat(client.get("/health/live", "application/json").statusCode()).as("alive all the same").isEqualTo(200);
            } finally {
                hub.context().getRouteController().startRoute("feed-directsales");
            }
        } finally {
            call("POST", "/routes/feed-retail/start", "admin");
        }
        assertThat(client.get("/health/ready", "application/json").statusCode()).isEqualTo(200);
    }
}
