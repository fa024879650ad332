package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.security.HashedSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ConfirmationRequests back to the buyer's platform, which a JDK HTTP server on a free port stands in for. It is down
 * when the first order is placed: the confirmation is retried by the broker's redelivery until the platform is up, and
 * its answer is recorded. A held order is confirmed with its held lines, a rejected one with reject. The address is
 * the partner's configured one; the URL an order carries is never called.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfirmationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static final List<String> receivedElsewhere = new CopyOnWriteArrayList<>();
    private static int platformPort;
    private static HttpServer platform;
    private static HttpServer elsewhere;
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        platformPort = TestHub.freePort();
        elsewhere = server(TestHub.freePort(), receivedElsewhere);
        elsewhere.start();
        Path partners = Files.createTempFile(Path.of("target"), "partners", ".properties");
        Files.writeString(partners, """
                partner.prominate.domain = NetworkId
                partner.prominate.identity = inbound@prominate-platform.com
                partner.prominate.secret = %s
                partner.prominate.deployment-modes = test
                partner.prominate.account = DS-104233
                partner.prominate.default-contact = CT-104233
                partner.prominate.confirmation-url = http://127.0.0.1:%d/cxml/inbound
                partner.prominate.confirmation-identity = supplier-7731@customerhub.example
                partner.prominate.confirmation-secret = tide-and-harbour
                """.formatted(HashedSecret.hash(CxmlDocuments.SECRET), platformPort), StandardCharsets.UTF_8);
        Properties settings = new Properties();
        settings.setProperty("hub.cxml.partners", partners.toString());
        hub = TestHub.withOwnFiles(settings);
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
        elsewhere.stop(0);
        if (platform != null) {
            platform.stop(0);
        }
    }

    /** A platform's cXML endpoint: keeps what it is sent and answers a cXML 200. */
    private static HttpServer server(int port, List<String> bodies) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <cXML payloadID="1@platform.example" timestamp="2026-03-02T10:15:00-05:00">
                      <Response><Status code="200" text="OK"/></Response>
                    </cXML>""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        return server;
    }

    private static String post(String document) {
        return client.post("/cxml", "text/xml", document.getBytes(StandardCharsets.UTF_8)).body();
    }

    private static String confirmationOf(String orderId, String type) {
        return confirmationWith(orderId, "<ConfirmationHeader type=\"" + type + "\"");
    }

    private static String confirmationWith(String orderId, String text) {
        return await().atMost(PATIENCE).until(() -> received.stream()
                .filter(body -> body.contains("orderID=\"" + orderId + "\"") && body.contains(text)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    private static long heldOrderId(String orderId) throws Exception {
        JsonNode open = JSON.readTree(client.request("GET", "/admin/api/procurement/exceptions", HubClient.ADMIN_LOGIN, null, null)
                .body());
        for (JsonNode heldOrder : open) {
            if (heldOrder.get("orderId").asText().equals(orderId)) {
                return heldOrder.get("id").asLong();
            }
        }
        throw new AssertionError(orderId + " is not held");
    }

    private static int admin(long id, String action, String json) {
        return client.request("POST", "/admin/api/procurement/exceptions/" + id + "/" + action, HubClient.ADMIN_LOGIN,
                "application/json", json.getBytes(StandardCharsets.UTF_8)).statusCode();
    }

    @Test
    @Order(1)
    void confirmationsReachThePlatformOnceItIsUpAndItsAnswerIsRecorded() throws Exception {
        String payloadId = UUID.randomUUID() + "@procure.prominate.example";
        // the order names another address of its own: the hub never calls it
        String order = CxmlDocuments.order(CxmlDocuments.DTD_LOWER, payloadId, CxmlDocuments.SECRET, "PO-90110", "Ruth Calder",
                "ruth.calder@harbormarine.example.com").replace("</OrderRequestHeader>", "<Extrinsic name=\"ConfirmationURL\">http://127.0.0.1:"
                + elsewhere.getAddress().getPort() + "/steal</Extrinsic></OrderRequestHeader>");
        assertThat(post(order)).contains("<Status code=\"200\"");
        String documentId = "prominate/" + payloadId;
        await().atMost(PATIENCE).until(() -> hub.count("""
                SELECT COUNT(*) FROM procurement_confirmation WHERE document_id = ? AND attempts >= 1 AND answered_at IS NULL
                """, documentId) == 1);

        platform = server(platformPort, received);
        platform.start();
        String confirmation = confirmationOf("PO-90110", "accept");
        assertThat(confirmation).contains("<ConfirmationRequest>", "<DocumentReference payloadID=\"" + payloadId + "\"",
                "<Identity>supplier-7731@customerhub.example</Identity>", "<SharedSecret>tide-and-harbour</SharedSecret>",
                "<Identity>buyer-org@prominate-platform.com</Identity>", "Fulfill.dtd");
        await().atMost(PATIENCE).until(() -> hub.count("""
                SELECT COUNT(*) FROM procurement_confirmation
                WHERE document_id = ? AND attempts >= 2 AND answered_at IS NOT NULL AND cxml_status = '200'""", documentId) == 1);
        assertThat(receivedElsewhere).isEmpty();
    }

    @Test
    @Order(2)
    void aHeldOrderIsConfirmedWithItsHeldLinesAndARejectionAsReject() throws Exception {
        String order = CxmlDocuments.order(CxmlDocuments.DTD_LOWER, UUID.randomUUID() + "@procure.prominate.example",
                CxmlDocuments.SECRET, "PO-90120", "Ruth Calder", "ruth.calder@harbormarine.example.com")
                .replace("<SupplierPartID>418220<", "<SupplierPartID>1233244<");
        assertThat(post(order)).contains("<Status code=\"200\"");
        String held = confirmationOf("PO-90120", "detail");
        assertThat(held).contains("<ConfirmationStatus quantity=\"12\" type=\"unknown\">", "held for review: part 1233244",
                "<ConfirmationStatus quantity=\"3\" type=\"accept\">");

        assertThat(admin(heldOrderId("PO-90120"), "reject", "{}")).isEqualTo(200);
        assertThat(confirmationOf("PO-90120", "reject")).contains("operation=\"update\"", "rejected by the supplier");
    }

    @Test
    @Order(3)
    void anOrderPlacedWithAMappedPartIsConfirmedWithTheChangedLine() throws Exception {
        String order = CxmlDocuments.order(CxmlDocuments.DTD_LOWER, UUID.randomUUID() + "@procure.prominate.example",
                CxmlDocuments.SECRET, "PO-90130", "Ruth Calder", "ruth.calder@harbormarine.example.com")
                .replace("<SupplierPartID>418220<", "<SupplierPartID>1233245<");
        assertThat(post(order)).contains("<Status code=\"200\"");
        confirmationOf("PO-90130", "detail");
        long id = heldOrderId("PO-90130");
        assertThat(admin(id, "map", "{\"line\": 1, \"sku\": \"418220\"}")).isEqualTo(200);
        assertThat(admin(id, "send", "{}")).isEqualTo(200);
        String placed = confirmationWith("PO-90130", "supplied as SKU 418220");
        assertThat(placed).contains("<ConfirmationHeader type=\"detail\"", "operation=\"update\"",
                "<ConfirmationStatus quantity=\"12\" type=\"detail\">", "<ConfirmationStatus quantity=\"3\" type=\"accept\">");
        // the held order's view shows both confirmations and the platform's answers
        await().atMost(PATIENCE).until(() -> JSON.readTree(client.request("GET", "/admin/api/procurement/exceptions/" + id,
                HubClient.ADMIN_LOGIN, null, null).body()).get("confirmations").findValuesAsText("cxml_status"),
                statuses -> statuses.equals(List.of("200", "200")));
    }
}
