package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customerhub.procurement.CxmlDocuments.DTD_LOWER;
import static org.customerhub.procurement.CxmlDocuments.DTD_MIXED;
import static org.customerhub.procurement.CxmlDocuments.SECRET;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HostileXml;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /cxml over real HTTP, as a procurement platform posts: every request type, refusals, and unsafe documents. */
class CxmlGatewayTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern STATUS = Pattern.compile("<Status code=\"(\\d+)\" text=\"([^\"]*)\"");
    private static TestHub hub;
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    private static HttpResponse<String> post(String document) {
        return client.post("/cxml", "text/xml", document.getBytes(StandardCharsets.UTF_8));
    }

    /** The cXML status code of an answer, after checking it is a cXML 1.2.063 Response as text/xml. */
    private static int status(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        assertThat(response.body()).contains("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd\">",
                "<Response>", "payloadID=\"", "timestamp=\"");
        Matcher status = STATUS.matcher(response.body());
        assertThat(status.find()).as("a Status in " + response.body()).isTrue();
        return Integer.parseInt(status.group(1));
    }

    private static String payloadId() {
        return System.currentTimeMillis() + "." + UUID.randomUUID() + "@procure.prominate.example";
    }

    private static long procurementMessages(String payloadId) throws Exception {
        return hub.count("SELECT COUNT(*) FROM raw_message WHERE channel = 'procurement' AND document_id = ?",
                "prominate/" + payloadId);
    }

    private static String contractOrder(String poNumber) throws Exception {
        Message message = client.receive("hub.out.directsales",
                "HubDocumentType = 'ContractOrder' AND HubPoNumber = '" + poNumber + "'", WAIT);
        assertThat(message).as("ContractOrder " + poNumber + " on hub.out.directsales").isNotNull();
        String xml = ((TextMessage) message).getText();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(Path.of("xsd/channels/directsales.xsd").toFile()).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
        return xml;
    }

    /**
     * Places a new order as a marker, then answers the PO number of the first message on hub.out.directsales that
     * meets the condition for either order: the hub forwards an order before it answers, so anything more for
     * poNumber is on the queue ahead of the marker.
     */
    private static String firstForwarded(String condition, String poNumber, String markerPoNumber) throws Exception {
        assertThat(status(post(CxmlDocuments.order(DTD_LOWER, payloadId(), SECRET, markerPoNumber, "Ruth Calder",
                "ruth.calder@harbormarine.example.com")))).isEqualTo(200);
        Message first = client.receive("hub.out.directsales",
                condition + "HubPoNumber IN ('" + poNumber + "', '" + markerPoNumber + "')", WAIT);
        assertThat(first).as("the marker order " + markerPoNumber + " forwarded").isNotNull();
        return first.getStringProperty("HubPoNumber");
    }

    private static void ingestContact(String accountId, String contactId, String first, String last, String email)
            throws Exception {
        ingest.sendText("directsales", """
                <?xml version="1.0" encoding="UTF-8"?>
                <AccountUpdate xmlns="urn:example:directsales:v1">
                  <accountId>%s</accountId>
                  <companyName>Harbor Marine Supply</companyName>
                  <billingAddress><street>77 Commercial St</street><city>Portland</city><region>ME</region>
                    <postalCode>04101</postalCode><country>US</country></billingAddress>
                  <contacts><contact><contactId>%s</contactId><firstName>%s</firstName><lastName>%s</lastName>
                    <email>%s</email><role>PURCHASING</role></contact></contacts>
                  <accountManager><employeeId>E20817</employeeId><name>Lorraine Byfield</name></accountManager>
                  <lastModified>2026-02-20T09:00:00-05:00</lastModified>
                </AccountUpdate>
                """.formatted(accountId, contactId, first, last, email), Map.of());
    }

    @Test
    void anOrderOfAKnownContactIsStoredOnTheCustomerAndForwardedAsAValidContractOrder() throws Exception {
        ingestContact("DS-104233", "CT-381204", "Marta", "Lindgren", "marta.lindgren@harbormarine.example.com");
        String payloadId = payloadId();
        HttpResponse<String> response = post(CxmlDocuments.order(DTD_MIXED, payloadId, SECRET, "PO-77120", "Marta Lindgren",
                "marta.lindgren@harbormarine.example.com"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(status(response)).as(response.body()).isEqualTo(200);

        JsonNode customer = client.only("order", "procurement:PO-77120");
        assertThat(HubClient.sourceKeys(customer)).contains("directsales:CT-381204");
        assertThat(customer.get("interactions").toString()).contains("PROCUREMENT_ORDER", "prominate/PO-77120", "191.4");
        assertThat(customer.get("affiliations").toString()).contains("DS-104233");
        assertThat(client.find("order", "procurement:prominate/PO-77120")).hasSize(1);

        String order = contractOrder("PO-77120");
        assertThat(order).contains("<accountId>DS-104233</accountId>", "<contactId>CT-381204</contactId>",
                "<poNumber>PO-77120</poNumber>", "<orderDate>2026-03-02</orderDate>", "<sku>418220</sku>",
                "<quantity>12</quantity>", "<contractPrice>8.4500</contractPrice>", "<unitCost>8.4500</unitCost>",
                "<contractPrice>30.0000</contractPrice>", "<currency>USD</currency>");
    }

    @Test
    void aResendOfTheSamePayloadIdGetsTheSameAnswerAndIsDoneOnce() throws Exception {
        String payloadId = payloadId();
        String document = CxmlDocuments.order(DTD_LOWER, payloadId, SECRET, "PO-77121", "Ruth Calder",
                "ruth.calder@harbormarine.example.com");
        assertThat(status(post(document))).isEqualTo(200);
        contractOrder("PO-77121");
        HttpResponse<String> again = post(document);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(status(again)).isEqualTo(200);
        assertThat(hub.count("SELECT COUNT(*) FROM interaction WHERE channel = 'procurement' AND reference = ?", "PO-77121"))
                .isEqualTo(1);
        assertThat(procurementMessages(payloadId)).isEqualTo(1);
        assertThat(firstForwarded("", "PO-77121", "PO-77131")).as("forwarded once").isEqualTo("PO-77131");
    }

    @Test
    void aPurchasingAgentWhoAlsoShopsOnTheWebIsOneCustomer() throws Exception {
        ingest.sendText("web", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="ACCOUNT_CREATED" id="%s" at="2026-02-10T18:00:00Z" channel="WEB">
                  <Shopper>
                    <userId>U48830211</userId>
                    <email>dmitri.kovac@example.net</email>
                    <Name><given>Dmitri</given><family>Kovac</family></Name>
                  </Shopper>
                </Event>
                """.formatted(UUID.randomUUID()), Map.of());
        String webHubId = client.only("key", "web:U48830211").get("hubId").asText();
        assertThat(status(post(CxmlDocuments.order(DTD_LOWER, payloadId(), SECRET, "PO-77122", "Dmitri Kovac",
                "dmitri.kovac@example.net")))).isEqualTo(200);
        JsonNode buyer = client.only("order", "procurement:PO-77122");
        assertThat(buyer.get("hubId").asText()).isEqualTo(webHubId);
        assertThat(client.find("email", "dmitri.kovac@example.net")).hasSize(1);
        assertThat(contractOrder("PO-77122")).as("not a direct-sales contact: the partner's default contact")
                .contains("<contactId>CT-104233</contactId>");
    }

    @Test
    void aWrongOrMissingSecretIsUnauthorizedAndChangesNothing() throws Exception {
        String payloadId = payloadId();
        HttpResponse<String> wrong = post(CxmlDocuments.order(DTD_LOWER, payloadId, "roadrunner", "PO-77123", "Ivo Sand",
                "ivo.sand@harbormarine.example.com"));
        assertThat(status(wrong)).isEqualTo(401);
        assertThat(status(post(CxmlDocuments.order(DTD_LOWER, payloadId, "", "PO-77123", "Ivo Sand",
                "ivo.sand@harbormarine.example.com")))).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("coyote", "roadrunner");
        assertThat(procurementMessages(payloadId)).isZero();
        assertThat(client.find("order", "procurement:PO-77123")).isEmpty();
        assertThat(client.find("email", "ivo.sand@harbormarine.example.com")).isEmpty();
    }

    @Test
    void aProductionDocumentFromTheTestOnlyDemoPartnerIsForbidden() throws Exception {
        String payloadId = payloadId();
        String production = CxmlDocuments.order(DTD_LOWER, payloadId, SECRET, "PO-77124", "Ivo Sand",
                "ivo.sand@harbormarine.example.com").replace("deploymentMode=\"test\"", "deploymentMode=\"production\"");
        assertThat(status(post(production))).isEqualTo(403);
        assertThat(procurementMessages(payloadId)).isZero();
    }

    @Test
    void anOrderIsPlacedOnceThenUpdatedOrCancelledButNeverPlacedTwice() throws Exception {
        ingestContact("DS-104233", "CT-381209", "Ivo", "Sand", "ivo.sand@harbormarine.example.com");
        String order = CxmlDocuments.order(DTD_LOWER, payloadId(), SECRET, "PO-77125", "Ivo Sand", "ivo.sand@harbormarine.example.com");
        assertThat(status(post(order))).isEqualTo(200);
        contractOrder("PO-77125");
        assertThat(status(post(order.replaceFirst("payloadID=\"[^\"]+\"", "payloadID=\"" + payloadId() + "\""))))
                .as("the same order id placed again").isEqualTo(409);

        String update = CxmlDocuments.order(DTD_LOWER, payloadId(), SECRET, "PO-77125", "Ivo Sand", "ivo.sand@harbormarine.example.com")
                .replace("type=\"new\"", "type=\"update\"").replace("quantity=\"12\"", "quantity=\"20\"")
                .replace("191.40", "259.00");
        assertThat(status(post(update))).isEqualTo(200);
        assertThat(contractOrder("PO-77125")).contains("<quantity>20</quantity>");
        JsonNode buyer = client.only("order", "procurement:PO-77125");
        JsonNode changed = buyer.get("interactions");
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).get("status").asText()).isEqualTo("CHANGED");
        assertThat(changed.get(0).get("amount").decimalValue()).isEqualByComparingTo("259.00");
        assertThat(buyer.get("value").get("orders").asInt()).as("the changed order counts once").isEqualTo(1);
        assertThat(buyer.get("value").get("revenue").decimalValue()).isEqualByComparingTo("259.00");

        String cancel = update.replaceFirst("payloadID=\"[^\"]+\"", "payloadID=\"" + payloadId() + "\"")
                .replace("type=\"update\"", "type=\"delete\"");
        assertThat(status(post(cancel))).isEqualTo(200);
        assertThat(firstForwarded("HubDocumentType = 'ContractOrder' AND ", "PO-77125", "PO-77135"))
                .as("a cancellation is no ContractOrder").isEqualTo("PO-77135");
        JsonNode cancelled = client.only("order", "procurement:PO-77125");
        assertThat(cancelled.get("interactions").get(0).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("value").get("orders").asInt()).as("a cancelled order is no purchase").isZero();
        assertThat(cancelled.get("value").get("revenue").decimalValue()).isZero();
    }

    @Test
    void changingAnOrderThatWasNeverPlacedIsNotAcceptable() throws Exception {
        String payloadId = payloadId();
        String update = CxmlDocuments.order(DTD_LOWER, payloadId, SECRET, "PO-77126", "Ivo Sand",
                "ivo.sand@harbormarine.example.com").replace("type=\"new\"", "type=\"update\"");
        assertThat(status(post(update))).isEqualTo(406);
        assertThat(procurementMessages(payloadId)).isZero();
    }

    @Test
    void anOrderTheDirectSalesFormatCannotTakeIsTakenStoredAndHeldForTheOrderDesk() throws Exception {
        String payloadId = payloadId();
        String sevenDigitSku = CxmlDocuments.order(DTD_LOWER, payloadId, SECRET, "PO-77136", "Enno Kask",
                "enno.kask@harbormarine.example.com").replace("<SupplierPartID>418220<", "<SupplierPartID>1233244<");
        HttpResponse<String> response = post(sevenDigitSku);
        assertThat(status(response)).isEqualTo(200);
        assertThat(procurementMessages(payloadId)).isEqualTo(1);
        Message held = client.receive("hub.exceptions.directsales", "HubPoNumber = 'PO-77136'", WAIT);
        assertThat(held).as("PO-77136 held for the order desk").isNotNull();
        assertThat(held.getStringProperty("HubReasonCodes")).isEqualTo("UNMAPPED_PART");
        assertThat(((TextMessage) held).getText()).contains("1233244");
    }

    /** The reason names the rule, not the value sent: the exceptions queue is read by people. */
    @Test
    void aHeldOrderSaysWhichRuleItBreaksWithoutItsValue() throws Exception {
        String longOrderId = "PO-" + "Ada Lund, ada.lund at harbormarine ".repeat(3);
        HttpResponse<String> poNumber = post(CxmlDocuments.order(DTD_LOWER, payloadId(), SECRET, longOrderId, "Ada Lund",
                "ada.lund@harbormarine.example.com"));
        assertThat(status(poNumber)).isEqualTo(200);
        Message held = client.receive("hub.exceptions.directsales", "HubReasonCodes = 'PO_NUMBER_OUT_OF_FORMAT'", WAIT);
        assertThat(held).isNotNull();
        String reasons = new com.fasterxml.jackson.databind.ObjectMapper().readTree(((TextMessage) held).getText())
                .get("reasons").toString();
        assertThat(reasons).contains("orderID", "100").doesNotContain("Ada Lund", "harbormarine");
    }

    @Test
    void punchOutSetupAnswersTheStartPageAndRecordsTheSessionEvenOutOfDtdOrder() throws Exception {
        String cookie = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> response = post(CxmlDocuments.punchOut(DTD_LOWER, payloadId(), cookie));
        assertThat(status(response)).as(response.body()).isEqualTo(200);
        Matcher url = Pattern.compile("<StartPage><URL>https://shop\\.example\\.com/punchout\\?session=([0-9a-f-]{36})</URL>")
                .matcher(response.body());
        assertThat(url.find()).as(response.body()).isTrue();
        assertThat(hub.count("SELECT COUNT(*) FROM punchout_session WHERE session_id = ? AND buyer_cookie = ? AND partner = ?"
                + " AND form_post_url = 'https://procure.prominate.example/cart-return'", url.group(1), cookie, "prominate"))
                .isEqualTo(1);
        assertThat(status(post(CxmlDocuments.punchOut(DTD_MIXED, payloadId(), cookie)))).isEqualTo(200);
    }

    @Test
    void profileRequestWithoutDoctypeListsTheSupportedTransactions() {
        HttpResponse<String> response = post(CxmlDocuments.profile(payloadId()));
        assertThat(status(response)).isEqualTo(200);
        assertThat(response.body()).contains("<ProfileResponse", "requestName=\"OrderRequest\"",
                "requestName=\"PunchOutSetupRequest\"", "requestName=\"ProfileRequest\"", "/cxml</URL>");
    }

    @Test
    void otherRequestsAreNotImplemented() {
        assertThat(status(post(CxmlDocuments.statusUpdate(payloadId())))).isEqualTo(450);
        assertThat(status(post(CxmlDocuments.shipNotice(payloadId())))).isEqualTo(450);
        assertThat(status(post(CxmlDocuments.profile(payloadId()).replace("<ProfileRequest/>", "<CatalogUploadRequest/>"))))
                .isEqualTo(450);
    }

    @Test
    void malformedAndOversizeRequestsAreBadRequests() {
        String order = CxmlDocuments.order(DTD_LOWER, payloadId(), SECRET, "PO-77127", "Ivo Sand",
                "ivo.sand@harbormarine.example.com");
        HttpResponse<String> truncated = post(order.substring(0, order.length() / 2));
        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThat(status(truncated)).isEqualTo(400);
        assertThat(truncated.body()).doesNotContain("Exception", "at org.");
        assertThat(status(post(""))).isEqualTo(400);

        String padded = order.replace("<Header>", "<!-- " + "x".repeat(1_100_000) + " --><Header>");
        HttpResponse<String> oversize = post(padded);
        assertThat(oversize.statusCode()).isEqualTo(413);
        assertThat(status(oversize)).isEqualTo(400);
    }

    @Test
    void noDtdOrEntityIsEverFetchedAndDeclaredEntitiesAreRefused() throws Exception {
        try (HostileXml.Tripwire tripwire = new HostileXml.Tripwire()) {
            String base = tripwire.url();
            String externalDtd = CxmlDocuments.profile(payloadId())
                    .replace("<cXML ", "<!DOCTYPE cXML SYSTEM \"" + base + "/cXML.dtd\">\n<cXML ");
            assertThat(status(post(externalDtd))).isEqualTo(400);

            String externalEntity = CxmlDocuments.order("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd\""
                    + " [<!ENTITY buyer SYSTEM \"" + base + "/buyer\">]>", payloadId(), SECRET, "PO-77128", "&buyer;",
                    "ivo.sand@harbormarine.example.com");
            assertThat(status(post(externalEntity))).isEqualTo(400);

            String parameterEntity = CxmlDocuments.profile(payloadId()).replace("<cXML ",
                    "<!DOCTYPE cXML [<!ENTITY % remote SYSTEM \"" + base + "/p.dtd\"> %remote;]>\n<cXML ");
            assertThat(status(post(parameterEntity))).isEqualTo(400);

            String expansion = CxmlDocuments.profile(payloadId()).replace("<cXML ",
                    "<!DOCTYPE cXML [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<cXML ")
                    .replace("Prominate Procure 7.2", "&b;");
            assertThat(status(post(expansion))).isEqualTo(400);

            assertThat(status(post(CxmlDocuments.profile(payloadId()).replace("<cXML ", DTD_LOWER + "\n<cXML "))))
                    .isEqualTo(200);
            assertThat(tripwire.hits()).as("requests the hub made to the local server").isZero();
        }
        assertThat(client.find("order", "procurement:PO-77128")).isEmpty();
    }
}
