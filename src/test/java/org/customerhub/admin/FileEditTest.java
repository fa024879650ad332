package org.customerhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.jms.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.bench.CatalogueOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live changes through the admin API on a hub running from its own copy of routes/ and config/: broken route files
 * never stop the running route, a mapping fix followed by a dead-letter replay turns the dead letters into customers,
 * and every change is in the history, can be rolled back and is audited.
 */
class FileEditTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path home;
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.withOwnFiles(new Properties());
        home = Path.of(hub.context().getPropertiesComponent().resolveProperty("hub.home").orElseThrow());
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, "text/plain", body);
    }

    private static HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/admin/api" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType)
                // a file's text is text/plain, which a cross-site form could send too: the console's header marks the call as no such form
                .header("X-Hub-Console", "1")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String routeStatus(String id) {
        return hub.context().getRouteController().getRouteStatus(id).name();
    }

    private static String webAccount(String userId, String eventId) {
        return HubClient.resource("web/account-created-ibarra.xml").replace("U30815520", userId)
                .replace("tomas.ibarra@example.com", userId.toLowerCase() + "@example.com")
                .replaceFirst("id=\"[0-9a-f-]+\"", "id=\"" + eventId + "\"");
    }

    @Test
    void brokenRouteFilesNeverStopTheRunningRoute() throws Exception {
        String original = call("GET", "/files/routes/ingest-web.yaml", null).body();
        assertThat(original).contains("id: ingest-web");
        assertThat(call("GET", "/files?dir=routes", null).body()).contains("ingest-web.yaml");

        HttpResponse<String> syntax = call("PUT", "/files/routes/ingest-web.yaml", original.replace("steps:", "steps: [oops"));
        assertThat(syntax.statusCode()).as(syntax.body()).isEqualTo(422);
        HttpResponse<String> unknown = call("PUT", "/files/routes/ingest-web.yaml",
                original.replace("uri: jms:topic:hub.customer.events", "uri: nosuchcomponent:nowhere"));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);

        assertThat(routeStatus("ingest-web")).isEqualTo("Started");
        assertThat(Files.readString(home.resolve("routes/ingest-web.yaml"))).isEqualTo(original);
        new Ingest(hub, client).sendText("web", webAccount("U39990101", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"), Map.of());
        client.only("key", "web:U39990101");
    }

    @Test
    void aValidRouteChangeAppliesLiveAndCanBeRolledBack() throws Exception {
        String original = call("GET", "/files/routes/feed-retail.yaml", null).body();
        String changed = original.replace("# Store systems", "# Store systems (changed live)");
        HttpResponse<String> applied = call("PUT", "/files/routes/feed-retail.yaml", changed);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(routeStatus("feed-retail")).isEqualTo("Started");
        assertThat(call("GET", "/files/routes/feed-retail.yaml/history", null).body()).isEqualTo("[1,2]");
        assertThat(call("POST", "/files/routes/feed-retail.yaml/rollback?version=1", null).statusCode()).isEqualTo(200);
        assertThat(Files.readString(home.resolve("routes/feed-retail.yaml"))).isEqualTo(original);
        assertThat(call("GET", "/audit", null).body()).contains("file.change", "file.rollback", "(changed live)");
    }

    @Test
    void aMappingFixFollowedByADeadLetterReplayTurnsTheDeadLettersIntoCustomers() throws Exception {
        String mapping = call("GET", "/files/config/mappings/web-to-canonical.xsl", null).body();
        String broken = mapping.replace("<xsl:template match=\"/w:Event\">",
                "<xsl:template match=\"/w:Event[@type = 'ACCOUNT_CREATED']\" priority=\"2\">"
                        + "<xsl:message terminate=\"yes\">accounts are not mapped</xsl:message></xsl:template>"
                        + "<xsl:template match=\"/w:Event\">");
        assertThat(call("POST", "/files/config/mappings/web-to-canonical.xsl/validate", broken).statusCode()).isEqualTo(200);
        HttpResponse<String> unparsable = call("POST", "/files/config/mappings/web-to-canonical.xsl/validate", "<xsl:stylesheet");
        assertThat(unparsable.statusCode()).isEqualTo(422);
        assertThat(unparsable.body()).containsIgnoringCase("line");
        HttpResponse<String> trial = call("POST", "/files/config/mappings/web-to-canonical.xsl/validate",
                mapping.replace("<email><xsl:value-of select=\"w:email\"/></email>", ""));
        assertThat(trial.statusCode()).as(trial.body()).isEqualTo(200);
        assertThat(trial.body()).contains("\"sample\":\"order-placed-lindqvist.xml\"", "\"changed\":true", "-")
                .contains("nora.lindqvist@example.net");
        assertThat(call("PUT", "/files/config/mappings/web-to-canonical.xsl", broken).statusCode()).isEqualTo(200);

        new Ingest(hub, client).sendText("web", webAccount("U39990202", "2d3e4f5a-6b7c-4d8e-9fa0-1b2c3d4e5f60"), Map.of());
        assertThat(client.find("key", "web:U39990202")).isEmpty();

        assertThat(call("PUT", "/files/config/mappings/web-to-canonical.xsl", mapping).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = call("POST", "/dlq/web/replay?code=MAPPING_FAILED", null);
        assertThat(replay.body()).contains("\"replayed\":1");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.find("key", "web:U39990202").size() == 1);
    }

    @Test
    void aRouteChangeWhileAThousandMessagesFlowLosesAndDoublesNone() throws Exception {
        List<CatalogueOrders.Order> orders = new CatalogueOrders().distinctCustomers(1000);
        Thread producer = new Thread(() -> {
            try {
                for (CatalogueOrders.Order order : orders) {
                    client.sendText("hub.in.catalogue", order.xml(), Map.of());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> interactions() > 50);
        String original = call("GET", "/files/routes/ingest-catalogue.yaml", null).body();
        HttpResponse<String> applied = call("PUT", "/files/routes/ingest-catalogue.yaml",
                original.replace("# Catalogue order desk", "# Catalogue order desk (changed under load)"));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        producer.join(120_000);
        await().atMost(Duration.ofSeconds(120)).until(() -> interactions() >= 1000);
        assertThat(interactions()).isEqualTo(1000);
        assertThat(hub.count("SELECT COUNT(DISTINCT hub_id) FROM interaction WHERE channel = 'catalogue' AND source_id LIKE 'PH%'"))
                .isEqualTo(1000);
        // none dead-lettered either: once nothing waits, a message the ingest route refuses is the first dead letter
        await().atMost(Duration.ofSeconds(120)).until(() -> catalogueBacklog() == 0);
        String marker = UUID.randomUUID().toString();
        client.sendText("hub.in.catalogue", HubClient.resource("catalogue/invalid/order-acct-no-six-digits.xml"),
                Map.of("TestCase", marker));
        Message dead = client.receive("hub.dlq.catalogue", null, Duration.ofSeconds(30));
        assertThat(dead).as("the refused marker's dead letter").isNotNull();
        assertThat(dead.getStringProperty("TestCase")).as("the first dead letter").isEqualTo(marker);
    }

    /** Messages on the catalogue's inbound and work queues, waiting, being worked on or due again later. */
    private static long catalogueBacklog() throws Exception {
        long backlog = 0;
        for (JsonNode queue : new ObjectMapper().readTree(call("GET", "/broker", null).body())) {
            if (queue.get("queue").asText().matches("hub\\.(in|work)\\.catalogue")) {
                backlog += queue.get("depth").asLong();
            }
        }
        return backlog;
    }

    private static long interactions() throws Exception {
        return hub.count("SELECT COUNT(*) FROM interaction WHERE channel = 'catalogue' AND source_id LIKE 'PH%'");
    }

    @Test
    void matchingThresholdsTakeEffectWithoutARestartAndUnusableOnesAreRefused() throws Exception {
        String matching = call("GET", "/files/config/identity/matching.properties", null).body();
        HttpResponse<String> unusable = call("PUT", "/files/config/identity/matching.properties",
                matching.replace("identity.threshold.match=9.0", "identity.threshold.match=high"));
        assertThat(unusable.statusCode()).as(unusable.body()).isEqualTo(422);
        assertThat(Files.readString(home.resolve("config/identity/matching.properties"))).isEqualTo(matching);

        HttpResponse<String> strict = call("PUT", "/files/config/identity/matching.properties",
                matching.replace("identity.threshold.match=9.0", "identity.threshold.match=99.0"));
        assertThat(strict.statusCode()).as(strict.body()).isEqualTo(200);
        assertThat(strict.body()).contains("\"restartRequired\":false");
        try {
            Ingest ingest = new Ingest(hub, client);
            ingest.send("catalogue", "scenarios/nickname/01-catalogue-order.xml");
            ingest.send("web", "scenarios/nickname/02-web-account-created.xml");
            assertThat(client.only("key", "catalogue:0210457").get("hubId"))
                    .as("no score reaches a match threshold of 99").isNotEqualTo(client.only("key", "web:U41020457").get("hubId"));
        } finally {
            assertThat(call("PUT", "/files/config/identity/matching.properties", matching).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void subscriptionsAndPartnersTakeEffectWithoutARestart() throws Exception {
        for (String file : new String[] {"config/subscriptions.properties", "config/partners.properties"}) {
            String content = call("GET", "/files/" + file, null).body();
            HttpResponse<String> applied = call("PUT", "/files/" + file, content + "\n# reviewed\n");
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
            assertThat(applied.body()).contains("\"restartRequired\":false");
        }
        HttpResponse<String> badPartner = call("PUT", "/files/config/partners.properties", "partner.x.domain = NetworkId\n");
        assertThat(badPartner.statusCode()).as(badPartner.body()).isEqualTo(422);
        HttpResponse<String> checked = call("POST", "/files/config/partners.properties/validate", "partner.x.domain = NetworkId\n");
        assertThat(checked.statusCode()).as("validate reads partners as the hub will").isEqualTo(422);
        assertThat(call("POST", "/files/config/identity/matching.properties/validate", "identity.threshold.match=high\n")
                .statusCode()).isEqualTo(422);
    }

    @Test
    void aBrokenFileSavedOnDiskIsReportedAndTheRunningVersionStays() throws Exception {
        Path file = home.resolve("routes/feed-web.yaml");
        String original = Files.readString(file);
        Files.writeString(file, original.replace("steps:", "steps: [oops"));
        await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/files?dir=routes", null).body()
                .matches("(?s).*\"path\":\"routes/feed-web.yaml\"[^}]*\"rejected\":\"[^\"]+\".*"));
        assertThat(routeStatus("feed-web")).isEqualTo("Started");
        Files.writeString(file, original);
        await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/files?dir=routes", null).body()
                .matches("(?s).*\"path\":\"routes/feed-web.yaml\"[^}]*\"rejected\":null.*"));
    }

    @Test
    void aValidChangeSavedOnDiskIsAppliedAndAudited() throws Exception {
        Path file = home.resolve("config/mappings/retail-to-canonical.xsl");
        Files.writeString(file, Files.readString(file).replace("<!-- Store point of sale", "<!-- (edited on disk) Store point of sale"));
        await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/audit", null).body().contains("file.disk-change"));
        assertThat(call("GET", "/files/config/mappings/retail-to-canonical.xsl/history", null).body()).isEqualTo("[1,2]");
    }

    /**
     * A form or multipart body is not the file's text (platform-http parses it into fields, and the file was written
     * empty and applied): refused with 415 on every call that takes a file's text, and an empty body is refused too.
     */
    @Test
    void aFormOrAnEmptyBodyIsRefusedAndTheFileStays() throws Exception {
        Path subscriptions = home.resolve("config/subscriptions.properties");
        Path users = home.resolve("config/users.properties");
        String runningSubscriptions = Files.readString(subscriptions);
        String runningUsers = Files.readString(users);
        String history = call("GET", "/files/config/subscriptions.properties/history", null).body();
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"subscriptions.properties\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + runningSubscriptions + "# reviewed\r\n--b--\r\n";
        Map<String, String> bodies = Map.of("application/x-www-form-urlencoded", runningSubscriptions + "# reviewed\n",
                "multipart/form-data; boundary=b", multipart);
        for (Map.Entry<String, String> form : bodies.entrySet()) {
            for (String call : List.of("PUT ", "POST /validate", "POST /diff")) {
                String[] methodAndSuffix = call.split(" ", 2);
                HttpResponse<String> refused = call(methodAndSuffix[0], "/files/config/subscriptions.properties" + methodAndSuffix[1],
                        form.getKey(), form.getValue());
                assertThat(refused.statusCode()).as(call + " as " + form.getKey() + ": " + refused.body()).isEqualTo(415);
                assertThat(refused.body()).contains("\"error\":\"UNSUPPORTED_MEDIA_TYPE\"", "text/plain");
            }
        }
        HttpResponse<String> usersAsForm = call("PUT", "/files/config/users.properties", "application/x-www-form-urlencoded",
                runningUsers + "# reviewed\n");
        assertThat(usersAsForm.statusCode()).as(usersAsForm.body()).isEqualTo(415);
        for (String empty : List.of("", "\n  \n")) {
            HttpResponse<String> refused = call("PUT", "/files/config/subscriptions.properties", empty);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("empty");
        }
        assertThat(call("POST", "/files/config/subscriptions.properties/rollback?version=first", null).statusCode()).isEqualTo(400);

        assertThat(Files.readString(subscriptions)).isEqualTo(runningSubscriptions);
        assertThat(Files.readString(users)).isEqualTo(runningUsers);
        assertThat(call("GET", "/files/config/subscriptions.properties/history", null).body()).isEqualTo(history);
    }

    /** A change whose history cannot be kept is not made: the file on disk and what runs stay as they were. */
    @Test
    void aChangeThatCannotBeKeptInTheHistoryLeavesTheFileAsItWas() throws Exception {
        Path nicknames = home.resolve("config/identity/nicknames.csv");
        String running = Files.readString(nicknames);
        Path history = Path.of(hub.context().getPropertiesComponent().resolveProperty("hub.data-dir").orElseThrow(), "history",
                "config/identity/nicknames.csv");
        Files.createDirectories(history.getParent());
        Files.writeString(history, "a file where the history's folder should be");
        try {
            HttpResponse<String> failed = call("PUT", "/files/config/identity/nicknames.csv", running + "# reviewed\n");
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
            assertThat(failed.body()).contains("\"error\"").doesNotContain("Exception", "org.customerhub");
            assertThat(Files.readString(nicknames)).isEqualTo(running);
        } finally {
            Files.delete(history);
        }
        HttpResponse<String> applied = call("PUT", "/files/config/identity/nicknames.csv", running + "# reviewed\n");
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    @Test
    void onlyRoutesAndConfigCanBeTouched() throws Exception {
        assertThat(call("GET", "/files/../pom.xml", null).statusCode()).isIn(400, 404);
        assertThat(call("GET", "/files/src/main/resources/log4j2.properties", null).statusCode()).isEqualTo(400);
    }
}
