package org.customerhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.broker.BrokerSecurity;
import org.customerhub.broker.EmbeddedBroker;
import org.customerhub.security.HubUsers;
import org.customerhub.store.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one broker and one PostgreSQL store, sharing a config folder as nodes on one machine do: each lists
 * both nodes and the broker (its admin API and its console's dashboard, in Chromium), says in its health which node it
 * is and which broker it is connected to; a mapping broken
 * through one node's admin API breaks both, is audited once, and once fixed through the other node the dead letters it
 * caused are replayed from that other node.
 */
class ClusterOperationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAPPING = "config/mappings/web-to-canonical.xsl";

    private static PostgresServer postgres;
    private static EmbeddedBroker broker;
    private static int brokerPort;
    private static TestHub first;
    private static TestHub second;
    private static HubClient firstClient;
    private static HubClient secondClient;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        String store = postgres.createDatabase("operations");
        brokerPort = TestHub.freePort();
        broker = new EmbeddedBroker(Path.of("config/broker.xml"), Path.of("target", "cluster-broker", UUID.randomUUID().toString()),
                "127.0.0.1:" + brokerPort, new BrokerSecurity(HubUsers.load(Path.of("config/broker-users.properties"))),
                EmbeddedBroker.Tls.NONE);
        broker.start();
        first = TestHub.withOwnFiles(node("node-a", store));
        second = TestHub.sharingFilesWith(first, node("node-b", store));
        firstClient = first.client(brokerPort);
        secondClient = second.client(brokerPort);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {firstClient, secondClient, first::stop, second::stop, broker::stop, postgres}) {
            if (part != null) {
                part.close();
            }
        }
    }

    private static Properties node(String id, String store) {
        Properties settings = new Properties();
        settings.setProperty("hub.node.id", id);
        settings.setProperty("hub.node.heartbeat-seconds", "1");
        settings.setProperty("hub.broker.embedded", "false");
        settings.setProperty("hub.broker.url", "tcp://127.0.0.1:" + brokerPort);
        settings.setProperty("hub.db.url", store);
        settings.setProperty("hub.db.user", PostgresServer.USER);
        settings.setProperty("hub.db.password", "");
        return settings;
    }

    @Test
    void eachNodeListsEveryNodeAndSaysWhichBrokerItIsConnectedTo() throws Exception {
        // a node's first heartbeat may come while its routes are starting: the next ones say they all run
        await().atMost(Duration.ofSeconds(30)).until(() -> allRoutesStarted(admin(firstClient, "GET", "/nodes", null)) == 2);
        JsonNode nodes = admin(secondClient, "GET", "/nodes", null);
        assertThat(nodes.get("answeredBy").asText()).isEqualTo("node-b");
        assertThat(aliveNodes(nodes)).containsExactly("node-a", "node-b");
        for (JsonNode node : nodes.get("nodes")) {
            assertThat(node.get("routesStarted").asInt()).as(node.toString()).isEqualTo(node.get("routesTotal").asInt()).isPositive();
            assertThat(node.get("broker").asText()).as(node.toString()).isEqualTo("127.0.0.1:" + brokerPort);
        }
        assertThat(nodes.get("brokers").get(0).get("address").asText()).isEqualTo("tcp://127.0.0.1:" + brokerPort);
        assertThat(nodes.get("brokers").get(0).get("state").asText()).isEqualTo("live");

        JsonNode health = JSON.readTree(secondClient.request("GET", "/health", null, null, null).body());
        assertThat(health.get("node").asText()).isEqualTo("node-b");
        assertThat(health.get("brokerAddress").asText()).isEqualTo("127.0.0.1:" + brokerPort);
    }

    @Test
    void theConsoleDashboardShowsBothNodesAndTheLiveBroker() throws Exception {
        try (Browser browser = new Browser(second.httpPort())) {
            browser.login("admin", "admin");
            browser.click("nav-dashboard");
            browser.waitUntil(driver -> browser.all("cluster-node").stream()
                    .filter(row -> "ok".equals(row.getAttribute("data-state"))).count() == 2);
            assertThat(browser.all("cluster-node")).extracting(row -> row.getAttribute("data-node"))
                    .containsExactly("node-a", "node-b");
            assertThat(browser.all("cluster-node").get(1).getText()).contains("node-b (this node)", "127.0.0.1:" + brokerPort);
            assertThat(browser.textOf("cluster-brokers")).isEqualTo("Brokers: tcp://127.0.0.1:" + brokerPort + " live");
            browser.screenshot("cluster-nodes");
        }
    }

    @Test
    void aMappingChangedThroughOneNodeReachesBothIsAuditedOnceAndDeadLettersReplayFromTheOther() throws Exception {
        String mapping = text(admin(firstClient, "GET", "/files/" + MAPPING, null));
        String broken = mapping.replace("<xsl:template match=\"/w:Event\">",
                "<xsl:template match=\"/w:Event[@type = 'ACCOUNT_CREATED']\" priority=\"2\">"
                        + "<xsl:message terminate=\"yes\">accounts are not mapped</xsl:message></xsl:template>"
                        + "<xsl:template match=\"/w:Event\">");
        admin(firstClient, "PUT", "/files/" + MAPPING, broken);
        // the other node has taken the change once it keeps it in its own history
        await().atMost(Duration.ofSeconds(30)).until(() -> admin(secondClient, "GET", "/files/" + MAPPING + "/history", null).size() == 2);

        List<String> users = List.of("U39990301", "U39990302", "U39990303", "U39990304");
        for (String user : users) {
            firstClient.sendText("hub.in.web", webAccount(user), Map.of());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(secondClient) == users.size());
        assertThat(users).allSatisfy(user -> assertThat(secondClient.find("key", "web:" + user)).isEmpty());

        admin(secondClient, "PUT", "/files/" + MAPPING, mapping);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin(firstClient, "GET", "/files/" + MAPPING + "/history", null).size() == 3);
        assertThat(admin(secondClient, "POST", "/dlq/web/replay?code=MAPPING_FAILED", null).get("replayed").asInt())
                .isEqualTo(users.size());
        for (String user : users) {
            await().atMost(Duration.ofSeconds(30)).until(() -> firstClient.find("key", "web:" + user).size() == 1);
        }
        List<String> changes = new ArrayList<>();
        for (JsonNode entry : admin(firstClient, "GET", "/audit?limit=200", null)) {
            if (entry.get("target").asText().equals(MAPPING)) {
                changes.add(entry.get("action").asText() + " by " + entry.get("actor").asText());
            }
        }
        assertThat(changes).as("audit entries of " + MAPPING).containsExactly("file.change by admin", "file.change by admin");
    }

    private static int allRoutesStarted(JsonNode nodes) {
        int started = 0;
        for (JsonNode node : nodes.get("nodes")) {
            if (node.get("alive").asBoolean() && node.get("routesStarted").asInt() == node.get("routesTotal").asInt()) {
                started++;
            }
        }
        return started;
    }

    private static List<String> aliveNodes(JsonNode nodes) {
        List<String> alive = new ArrayList<>();
        for (JsonNode node : nodes.get("nodes")) {
            if (node.get("alive").asBoolean()) {
                alive.add(node.get("id").asText());
            }
        }
        return alive;
    }

    private static int deadLetters(HubClient client) throws Exception {
        return admin(client, "GET", "/dlq/web", null).size();
    }

    private static String webAccount(String userId) {
        return HubClient.resource("web/account-created-ibarra.xml").replace("U30815520", userId)
                .replace("tomas.ibarra@example.com", userId.toLowerCase() + "@example.com")
                .replaceFirst("id=\"[0-9a-f-]+\"", "id=\"" + UUID.randomUUID() + "\"");
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : node.toString();
    }

    /** An admin API call as the demo admin; a file's text comes back as a JSON string. */
    private static JsonNode admin(HubClient client, String method, String path, String body) throws Exception {
        HttpResponse<String> response = client.request(method, "/admin/api" + path, HubClient.ADMIN_LOGIN, "text/plain",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "X-Hub-Console", "1");
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return path.startsWith("/files/") && method.equals("GET") && !path.endsWith("/history")
                ? JSON.getNodeFactory().textNode(response.body()) : JSON.readTree(response.body());
    }
}
