package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orders from real platforms that the direct-sales format cannot carry as they came, over real HTTP and the real
 * broker: each is answered 200, stored once on the buyer's customer with all its lines, and held on
 * hub.exceptions.directsales with the reason per line (read by the admin broker user); once an admin maps its parts
 * or converts its currency through the admin API, it is sent on as a schema-valid ContractOrder, once.
 */
class OrderDeskTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String EXCEPTIONS = "hub.exceptions.directsales";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.withOwnFiles(new Properties());
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static String payloadId() {
        return System.currentTimeMillis() + "." + UUID.randomUUID() + "@platform.example";
    }

    private static void taken(String document) {
        HttpResponse<String> response = client.post("/cxml", "text/xml", document.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).as(response.body()).contains("<Status code=\"200\"");
    }

    /** The held order's announcement on the exceptions queue, read as the admin broker user. */
    private static JsonNode announced(String poNumber) throws Exception {
        Message message = client.receive(EXCEPTIONS, "HubPoNumber = '" + poNumber + "'", WAIT);
        assertThat(message).as("order " + poNumber + " on " + EXCEPTIONS).isNotNull();
        JsonNode held = JSON.readTree(((TextMessage) message).getText());
        assertThat(message.getStringProperty("HubExceptionId")).isEqualTo(held.get("id").asText());
        assertThat(message.getStringProperty("HubPartner")).isEqualTo("prominate");
        return held;
    }

    private static List<String> reasonCodes(JsonNode line) {
        return line.get("reasons").findValuesAsText("code");
    }

    private static HttpResponse<String> admin(String action, long id, String json) {
        return client.request("POST", "/admin/api/procurement/exceptions/" + id + "/" + action, HubClient.ADMIN_LOGIN,
                "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String contractOrder(String poNumber) throws Exception {
        Message message = client.receive("hub.out.directsales",
                "HubDocumentType = 'ContractOrder' AND HubPoNumber = '" + poNumber + "'", WAIT);
        assertThat(message).as("ContractOrder " + poNumber + " on hub.out.directsales").isNotNull();
        String xml = ((TextMessage) message).getText();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(Path.of("xsd/channels/directsales.xsd").toFile())
                .newValidator().validate(new StreamSource(new StringReader(xml)));
        return xml;
    }

    /**
     * Sends an order that fits as a marker: the hub sends a ContractOrder on before it answers, so whatever else was
     * sent for poNumber is on the queue ahead of the marker. Answers the PO number of the first of the two.
     */
    private static String firstSent(String poNumber, String markerPoNumber) throws Exception {
        taken(CxmlDocuments.order(CxmlDocuments.DTD_LOWER, payloadId(), CxmlDocuments.SECRET, markerPoNumber, "Ruth Calder",
                "ruth.calder@harbormarine.example.com"));
        Message first = client.receive("hub.out.directsales",
                "HubPoNumber IN ('" + poNumber + "', '" + markerPoNumber + "')", WAIT);
        assertThat(first).isNotNull();
        return first.getStringProperty("HubPoNumber");
    }

    /** The order's interaction on the buyer's customer. */
    private static JsonNode interaction(String orderId) {
        for (JsonNode interaction : client.only("order", "procurement:prominate/" + orderId).get("interactions")) {
            if (interaction.get("id").asText().equals("prominate/" + orderId)) {
                return interaction;
            }
        }
        throw new AssertionError("no interaction of " + orderId);
    }

    private static long stored(String payloadId) throws Exception {
        return hub.count("SELECT COUNT(*) FROM raw_message WHERE channel = 'procurement' AND document_id = ?",
                "prominate/" + payloadId);
    }

    @Test
    void aCoupaPartIdIsHeldUntilAnAdminMapsItThenSentOnOnce() throws Exception {
        String payloadId = payloadId();
        String document = PlatformOrders.coupa(payloadId, "PO-C-4471", "mara.quill@harbormarine.example.com");
        taken(document);
        JsonNode held = announced("PO-C-4471");
        assertThat(reasonCodes(held.get("lines").get(0))).containsExactly("UNMAPPED_PART");
        assertThat(held.get("lines").get(0).get("reasons").get(0).get("detail").asText()).contains("product:1861");
        assertThat(reasonCodes(held.get("lines").get(1))).isEmpty();

        taken(document);
        assertThat(stored(payloadId)).as("a resend is stored once").isEqualTo(1);
        taken(PlatformOrders.coupa(payloadId(), "PO-C-4479", "mara.quill@harbormarine.example.com"));
        Message next = client.receive(EXCEPTIONS, "HubPoNumber IN ('PO-C-4471', 'PO-C-4479')", WAIT);
        assertThat(next.getStringProperty("HubPoNumber")).as("a resend is held once").isEqualTo("PO-C-4479");
        JsonNode interaction = interaction("PO-C-4471");
        assertThat(interaction.get("lines")).hasSize(2);
        assertThat(interaction.get("lines").findValuesAsText("sku")).containsExactly("product:1861", "418220");
        assertThat(interaction.get("details").toString()).contains("SEA-DOCK-2", "Contact endUser", "CoupaRequisitionNumber",
                "Account=6100 Maintenance supplies; Cost center=CC-220 Fleet; 100.00 USD", "Same model as last order");

        long id = held.get("id").asLong();
        HttpResponse<String> early = admin("send", id, "{}");
        assertThat(early.statusCode()).as("nothing is sent while a part is unmapped").isEqualTo(409);

        HttpResponse<String> mapped = admin("map", id, "{\"line\": 1, \"sku\": \"530017\"}");
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(200);
        assertThat(JSON.readTree(mapped.body()).get("ready").asBoolean()).isTrue();
        assertThat(client.request("GET", "/admin/api/files/config/part-numbers.properties", HubClient.ADMIN_LOGIN, null, null)
                .body()).contains("prominate.SupplierPartID.product\\:1861 = 530017");

        assertThat(admin("send", id, "{}").statusCode()).isEqualTo(200);
        assertThat(contractOrder("PO-C-4471")).contains("<accountId>DS-104233</accountId>", "<poNumber>PO-C-4471</poNumber>",
                "<sku>530017</sku>", "<quantity>4</quantity>", "<contractPrice>25.0000</contractPrice>", "<sku>418220</sku>",
                "<currency>USD</currency>");
        HttpResponse<String> again = admin("send", id, "{}");
        assertThat(again.statusCode()).as("a second click does nothing").isEqualTo(409);
        assertThat(firstSent("PO-C-4471", "PO-C-4472")).as("sent once").isEqualTo("PO-C-4472");
        JsonNode open = JSON.readTree(client.request("GET", "/admin/api/procurement/exceptions", HubClient.ADMIN_LOGIN, null, null).body());
        assertThat(open.findValuesAsText("orderId")).doesNotContain("PO-C-4471");
    }

    @Test
    void anAribaOrderInEurosIsHeldUntilConvertedAtTheConfiguredRate() throws Exception {
        String payloadId = payloadId();
        taken(PlatformOrders.ariba(payloadId, "PO-A-4500018821", "jonas.berg@hafenbedarf.example.de"));
        JsonNode held = announced("PO-A-4500018821");
        assertThat(held.get("lines")).hasSize(2);
        held.get("lines").forEach(line -> assertThat(reasonCodes(line)).containsExactly("CURRENCY_NOT_TAKEN"));
        assertThat(stored(payloadId)).isEqualTo(1);
        List<String> details = new java.util.ArrayList<>();
        interaction("PO-A-4500018821").get("details")
                .forEach(detail -> details.add(detail.path("line").asText("-") + " " + detail.get("name").asText() + ": "
                        + detail.get("value").asText()));
        assertThat(details).contains("- ShipTo addressID: 1000", "- BillTo addressID: DE01", "- Contact endUser: Jonas Berg",
                "- Shipping: 12.00 EUR Standard freight", "- Tax: 24.21 EUR VAT 19%", "- Comments: Bitte mit Lieferschein",
                "- Extrinsic CompanyCode: DE01", "- Extrinsic PurchaseGroup: P20", "10 SupplierPartAuxiliaryID: BX100",
                "10 Tax: 15.10 EUR VAT 19%", "10 Accounting DistributionCharge: CostCenter=4100 Werkstatt; "
                        + "GLAccount=400000 Verbrauchsmaterial; 79.45 EUR", "20 SupplierPartID: 530017");

        long id = held.get("id").asLong();
        assertThat(admin("convert", id, "{\"currency\": \"JPY\"}").statusCode()).isEqualTo(422);
        assertThat(admin("convert", id, "{\"currency\": \"USD\"}").statusCode()).isEqualTo(200);
        assertThat(admin("send", id, "{}").statusCode()).isEqualTo(200);
        // 7.945 EUR and 12.5 EUR at EUR.USD = 1.0830 (config/currency-rates.properties), to 4 decimals
        assertThat(contractOrder("PO-A-4500018821")).contains("<sku>418220</sku>", "<quantity>10</quantity>",
                "<contractPrice>8.6044</contractPrice>", "<contractPrice>13.5375</contractPrice>", "<currency>USD</currency>")
                .doesNotContain("EUR");
    }

    @Test
    void aJaggaerOrderOnAnOlderDtdIsMappedByTheManufacturerPartForEveryPartner() throws Exception {
        String payloadId = payloadId();
        taken(PlatformOrders.jaggaer(payloadId, "PO-J-88120", "pell.ward@tidewater.example.org"));
        JsonNode held = announced("PO-J-88120");
        assertThat(reasonCodes(held.get("lines").get(0))).containsExactly("UNMAPPED_PART");
        assertThat(stored(payloadId)).isEqualTo(1);

        long id = held.get("id").asLong();
        HttpResponse<String> mapped = admin("map", id,
                "{\"line\": 1, \"sku\": \"612004\", \"field\": \"ManufacturerPartID\", \"scope\": \"default\"}");
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(200);
        assertThat(admin("send", id, "{}").statusCode()).isEqualTo(200);
        assertThat(contractOrder("PO-J-88120")).contains("<sku>612004</sku>", "<quantity>6</quantity>",
                "<contractPrice>14.4000</contractPrice>");

        // the mapping is in the cross-reference now: the next order with that part goes straight through
        taken(PlatformOrders.jaggaer(payloadId(), "PO-J-88121", "pell.ward@tidewater.example.org"));
        assertThat(contractOrder("PO-J-88121")).contains("<sku>612004</sku>");
    }

    @Test
    void aCancelledOrderLeavesTheDeskAndCannotBeSentOn() throws Exception {
        // a part of its own: other tests map product:1861
        String document = PlatformOrders.coupa(payloadId(), "PO-C-4480", "mara.quill@harbormarine.example.com")
                .replace("product:1861", "product:2290");
        taken(document);
        long id = announced("PO-C-4480").get("id").asLong();
        taken(document.replaceFirst("payloadID=\"[^\"]+\"", "payloadID=\"" + payloadId() + "\"")
                .replace("type=\"new\"", "type=\"delete\""));
        assertThat(admin("map", id, "{\"line\": 1, \"sku\": \"530017\"}").statusCode()).isEqualTo(409);
        assertThat(admin("send", id, "{}").statusCode()).as("a cancelled order is not sent").isEqualTo(409);
        JsonNode one = JSON.readTree(client.request("GET", "/admin/api/procurement/exceptions/" + id, HubClient.ADMIN_LOGIN,
                null, null).body());
        assertThat(one.get("closedAs").asText()).isEqualTo("CANCELLED");
        assertThat(firstSent("PO-C-4480", "PO-C-4481")).isEqualTo("PO-C-4481");
    }

    @Test
    void badRequestsToTheDeskAreAnsweredWithAReasonAndChangeNothing() throws Exception {
        taken(PlatformOrders.jaggaer(payloadId(), "PO-J-88190", "pell.ward@tidewater.example.org")
                .replace("NAL-2089-0250", "NAL-2089-0500"));
        long id = announced("PO-J-88190").get("id").asLong();
        assertThat(admin("map", id, "{\"line\": 1, \"sku\": \"12345x\"}").statusCode()).isEqualTo(422);
        assertThat(admin("map", id, "{\"line\": 7, \"sku\": \"123456\"}").statusCode()).isEqualTo(422);
        assertThat(admin("map", id, "{\"line\": 1, \"sku\": \"123456\", \"field\": \"SupplierPartAuxiliaryID\"}").statusCode())
                .as("the line has no auxiliary id").isEqualTo(422);
        assertThat(admin("map", id, "not json").statusCode()).isEqualTo(422);
        assertThat(admin("map", 999_999, "{\"line\": 1, \"sku\": \"123456\"}").statusCode()).isEqualTo(404);
        assertThat(admin("send", 999_999, "{}").statusCode()).isEqualTo(404);
        assertThat(client.request("GET", "/admin/api/procurement/exceptions/x", HubClient.ADMIN_LOGIN, null, null).statusCode())
                .isEqualTo(404);
        assertThat(client.request("GET", "/admin/api/files/config/part-numbers.properties", HubClient.ADMIN_LOGIN, null, null)
                .body()).doesNotContain("123456");
        assertThat(admin("send", id, "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void theOrderDeskIsForAdminsOnly() {
        HttpResponse<String> asAgent = client.request("GET", "/admin/api/procurement/exceptions", HubClient.AGENT_LOGIN, null, null);
        assertThat(asAgent.statusCode()).isEqualTo(403);
        HttpResponse<String> sendAsAgent = client.request("POST", "/admin/api/procurement/exceptions/1/send", HubClient.AGENT_LOGIN,
                "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(sendAsAgent.statusCode()).isEqualTo(403);
    }
}
