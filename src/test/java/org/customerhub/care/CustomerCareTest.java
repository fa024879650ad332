package org.customerhub.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What agents do through the customer API, over real HTTP on a hub of its own: console login, logout and the CSRF
 * guard, the search box, corrections that reach the change feeds, merging and keeping apart a possible match.
 * The login lockout runs last: it locks the admin's name for the rest of this hub's life.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomerCareTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.isolated(new Properties());
        client = hub.client();
        Ingest ingest = new Ingest(hub, client);
        ingest.sendNoraLindqvistInFourChannels();
        ingest.send("catalogue", "scenarios/possible-match/01-catalogue-order.xml");
        ingest.send("web", "scenarios/possible-match/02-web-account-created.xml");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> asAgent(String method, String path, String body) throws Exception {
        return call(method, path, body, "Authorization", basic("agent", "agent"), "Content-Type", "application/json");
    }

    private static JsonNode search(String text) throws Exception {
        HttpResponse<String> response = asAgent("GET", "/api/customers?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The session cookie a console login sets, as "hub_session=...". */
    private static String login(String user, String password) throws Exception {
        HttpResponse<String> response = call("POST", "/admin/api/session",
                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", "X-Hub-Console", "1", "Content-Type", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void customerDataNeedsALoginAndAnAgentOrAdminRole() throws Exception {
        String nora = "/api/customers?key=" + URLEncoder.encode("catalogue:0058214", StandardCharsets.UTF_8);
        assertThat(call("GET", nora, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", nora, null, "Authorization", basic("agent", "wrong")).statusCode()).isEqualTo(401);
        assertThat(asAgent("GET", nora, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", nora, null, "Authorization", basic("admin", "admin")).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/customers/anyone/corrections", "{\"email\":\"x@example.com\"}", "Content-Type", "application/json")
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aConsoleSessionCarriesItsUsersRightsUntilLogout() throws Exception {
        String agent = login("agent", "agent");
        assertThat(JSON.readTree(call("GET", "/admin/api/session", null, "Cookie", agent, "X-Hub-Console", "1").body())
                .get("roles").toString()).isEqualTo("[\"agent\"]");
        String nora = "/api/customers?q=" + URLEncoder.encode("Nora Lindqvist", StandardCharsets.UTF_8);
        assertThat(call("GET", nora, null, "Cookie", agent, "X-Hub-Console", "1").statusCode()).isEqualTo(200);
        assertThat(call("GET", nora, null, "Cookie", agent).statusCode()).as("a cookie without the console header (CSRF)").isEqualTo(401);
        assertThat(call("GET", "/admin/api/dashboard", null, "Cookie", agent, "X-Hub-Console", "1").statusCode())
                .as("an agent on the admin API").isEqualTo(403);

        String admin = login("admin", "admin");
        JsonNode dashboard = JSON.readTree(call("GET", "/admin/api/dashboard", null, "Cookie", admin, "X-Hub-Console", "1").body());
        assertThat(dashboard.get("channels")).hasSize(4);
        assertThat(dashboard.get("channels").get(0).get("ingestRoute").get("status").asText()).isEqualTo("Started");
        JsonNode writes = dashboard.get("writes");
        assertThat(writes.get("messages").asLong()).as("the six messages this hub took first").isGreaterThanOrEqualTo(6);
        assertThat(writes.get("commits").asLong()).as("commits holding those messages")
                .isBetween(1L, writes.get("messages").asLong());
        assertThat(writes.get("lockWaits").asLong()).isNotNegative();
        assertThat(writes.get("lockWaitMillis").asDouble()).isNotNegative();
        assertThat(writes.get("retries").asLong()).isNotNegative();

        HttpResponse<String> logout = call("DELETE", "/admin/api/session", null, "Cookie", agent, "X-Hub-Console", "1");
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(call("GET", nora, null, "Cookie", agent, "X-Hub-Console", "1").statusCode()).as("after logout").isEqualTo(401);
        assertThat(call("GET", "/admin/api/session", null, "Cookie", "hub_session=forged", "X-Hub-Console", "1").statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void repeatedWrongPasswordsLockTheNameForAWhile() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(call("POST", "/admin/api/session", "{\"user\":\"admin\",\"password\":\"guess" + attempt + "\"}",
                    "X-Hub-Console", "1").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = call("POST", "/admin/api/session", "{\"user\":\"admin\",\"password\":\"admin\"}", "X-Hub-Console", "1");
        assertThat(locked.statusCode()).as("even the right password, while locked").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(call("POST", "/admin/api/session", "{\"user\":\"agent\",\"password\":\"agent\"}", "X-Hub-Console", "1").statusCode())
                .as("other names are not locked").isEqualTo(200);
        assertThat(call("POST", "/admin/api/session", "{\"user\":\"agent\",\"password\":\"agent\"}").statusCode())
                .as("a login without the console header").isEqualTo(403);
        assertThat(call("POST", "/admin/api/session", "not json", "X-Hub-Console", "1").statusCode()).isEqualTo(400);
    }

    @Test
    void theSearchBoxFindsByNameEmailPhoneCardKeyOrderAndPoNumber() throws Exception {
        String hubId = client.only("key", "catalogue:0058214").get("hubId").asText();
        for (String text : List.of("Nora Lindqvist", "LINDQVIST, NORA", "lindqvist", "nora.lindqvist@example.net", "(508) 555-0137",
                "7105821406", "0058214", "web:U30772145", "CT-207731", "PH00562190", "W000562211", "QVA-2026-0042")) {
            JsonNode found = search(text);
            List<String> ids = new ArrayList<>();
            found.forEach(customer -> ids.add(customer.get("hubId").asText()));
            assertThat(ids).as(text).containsExactly(hubId);
        }
        assertThat(search("Nobody Atall")).isEmpty();
        assertThat(search("%")).isEmpty();
        assertThat(asAgent("GET", "/api/customers?q=" + "x".repeat(400), null).statusCode()).isEqualTo(400);
    }

    @Test
    void aCorrectionIsStoredWithTheAgentAsSourceAndReachesTheFeeds() throws Exception {
        String hubId = client.only("key", "catalogue:0058214").get("hubId").asText();
        HttpResponse<String> response = asAgent("POST", "/api/customers/" + hubId + "/corrections",
                "{\"phone\":\"508-555-0199\",\"address\":{\"line1\":\"40 Grove Street\",\"city\":\"Worcester\",\"region\":\"MA\","
                        + "\"postalCode\":\"01605\",\"country\":\"US\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode customer = JSON.readTree(response.body());
        JsonNode address = current(customer.get("addresses"));
        assertThat(address.get("line1").asText()).isEqualTo("40 Grove Street");
        assertThat(address.get("channel").asText()).isEqualTo("agent");
        assertThat(address.get("by").asText()).isEqualTo("agent");
        assertThat(current(customer.get("phones")).get("value").asText()).isEqualTo("508-555-0199");

        assertThat(client.receiveContaining("hub.out.catalogue", "HubId = '" + hubId + "'", "<ADDR1>40 GROVE STREET</ADDR1>"))
                .contains("<ACCT_NO>0058214</ACCT_NO>");
        assertThat(client.receiveContaining("hub.out.retail", "HubId = '" + hubId + "'", "40 Grove Street"))
                .contains("channel=\"agent\"", "<kind>CONTACT_CHANGED</kind>");
        assertThat(hub.count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.correct' AND actor = 'agent' AND target = ?", hubId))
                .isEqualTo(1);
    }

    @Test
    void badCorrectionsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        String hubId = client.only("key", "retail:7105821406").get("hubId").asText();
        long values = hub.count("SELECT COUNT(*) FROM attribute_value WHERE hub_id = ?", hubId);
        for (String body : List.of("", "[]", "{}", "{\"email\":\"not an address\"}", "{\"phone\":\"call me\"}",
                "{\"address\":{\"line1\":\"1 Main St\"}}", "{\"email\":\"" + "a".repeat(300) + "@example.com\"}",
                "{\"email\":12}", "{\"name\":{\"given\":\"Nora\"}}", "{\"email\":\"x@example.com\u0000\"}")) {
            HttpResponse<String> response = asAgent("POST", "/api/customers/" + hubId + "/corrections", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("BAD_REQUEST");
        }
        assertThat(asAgent("POST", "/api/customers/H-nobody/corrections", "{\"email\":\"x@example.com\"}").statusCode()).isEqualTo(404);
        assertThat(hub.count("SELECT COUNT(*) FROM attribute_value WHERE hub_id = ?", hubId)).isEqualTo(values);
    }

    @Test
    @Order(1)
    void anAgentKeepsAPossibleMatchApart() throws Exception {
        String catalogue = client.only("key", "catalogue:0583361").get("hubId").asText();
        JsonNode web = client.only("key", "web:U41583361");
        String webId = web.get("hubId").asText();
        assertThat(web.get("possibleMatches").findValuesAsText("hubId")).contains(catalogue);

        HttpResponse<String> refused = asAgent("POST", "/api/customers/" + webId + "/matches/" + webId, "{\"decision\":\"merge\"}");
        assertThat(refused.statusCode()).as("only an offered possible match").isEqualTo(409);
        assertThat(asAgent("POST", "/api/customers/" + webId + "/matches/" + catalogue, "{\"decision\":\"maybe\"}").statusCode())
                .isEqualTo(400);

        HttpResponse<String> kept = asAgent("POST", "/api/customers/" + webId + "/matches/" + catalogue, "{\"decision\":\"keep-apart\"}");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(JSON.readTree(kept.body()).get("possibleMatches").findValuesAsText("hubId")).doesNotContain(catalogue);
        assertThat(client.only("key", "catalogue:0583361").get("possibleMatches").findValuesAsText("hubId")).doesNotContain(webId);
        // the same evidence again does not offer the pair again
        new Ingest(hub, client).sendText("catalogue", HubClient.resource("scenarios/possible-match/01-catalogue-order.xml")
                .replace("ML00616214", "ML00616299"), java.util.Map.of());
        assertThat(client.only("key", "catalogue:0583361").get("possibleMatches").findValuesAsText("hubId")).doesNotContain(webId);
        assertThat(hub.count("SELECT COUNT(*) FROM kept_apart WHERE decided_by = 'agent'")).isEqualTo(2);
    }

    @Test
    @Order(2)
    void anAgentMergesAPossibleMatchIntoOneCustomer() throws Exception {
        Ingest ingest = new Ingest(hub, client);
        ingest.sendText("catalogue", HubClient.resource("scenarios/possible-match/01-catalogue-order.xml")
                .replace("0583361", "0583362").replace("ML00616214", "ML00616300").replace("KOWALSKI, ANNA", "KOWALSKA, ANNA"), java.util.Map.of());
        ingest.sendText("web", HubClient.resource("scenarios/possible-match/02-web-account-created.xml")
                .replace("U41583361", "U41583362").replace("anna.k.designs", "anna.k.studio").replace("Kowalski", "Kowalska")
                .replaceFirst("id=\"[0-9a-f-]+\"", "id=\"0a0a0a0a-0000-4000-8000-000000000001\""), java.util.Map.of());
        String catalogue = client.only("key", "catalogue:0583362").get("hubId").asText();
        String webId = client.only("key", "web:U41583362").get("hubId").asText();
        assertThat(client.only("key", "web:U41583362").get("possibleMatches").findValuesAsText("hubId")).contains(catalogue);

        HttpResponse<String> merged = asAgent("POST", "/api/customers/" + webId + "/matches/" + catalogue, "{\"decision\":\"merge\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        JsonNode survivor = JSON.readTree(merged.body());
        assertThat(HubClient.sourceKeys(survivor)).contains("catalogue:0583362", "web:U41583362");
        assertThat(client.only("key", "web:U41583362").get("hubId").asText()).isEqualTo(client.only("key", "catalogue:0583362").get("hubId").asText());
        assertThat(client.receiveContaining("hub.out.retail", "HubId = '" + survivor.get("hubId").asText() + "'", "<kind>MERGED</kind>"))
                .contains("channel=\"agent\"");
        assertThat(hub.count("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge'")).isEqualTo(1);
    }

    private static JsonNode current(JsonNode values) {
        for (JsonNode value : values) {
            if (value.get("current").asBoolean()) {
                return value;
            }
        }
        throw new AssertionError("no current value in " + values);
    }
}
