package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every document type of every channel, sent through the broker as a channel system would, then read back over REST:
 * each lands on the right customer with its history, and one person seen in all four channels is one customer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChannelIngestTest {
    /** Send order: a person's first appearance before the messages that refer back to it. */
    private static final List<String> BASE_SET = List.of(
            "catalogue/order-phone-lindqvist.xml", "catalogue/order-mail-okafor.xml", "catalogue/order-fax-brennan.xml",
            "catalogue/customer-change-lindqvist-email.xml", "catalogue/customer-change-brennan-address.xml",
            "catalogue/customer-change-esposito-new-name.xml",
            "retail/sale-member-lindqvist.xml", "retail/exchange-member-okafor.xml",
            "retail/sale-member-okafor-default-namespace.xml", "retail/return-farrow.xml", "retail/sale-anonymous.xml",
            "retail/sale-customer-ibarra.xml", "retail/sale-training.xml",
            "directsales/account-update-quinsigamond-vet.xml", "directsales/contract-order-quinsigamond-vet.xml",
            "directsales/account-update-brennan-surveying.xml", "directsales/contract-order-brennan-surveying.xml",
            "web/profile-updated-lindqvist.xml", "web/order-placed-lindqvist.xml", "web/cart-abandoned-okafor.xml",
            "web/reminder-set-okafor.xml", "web/support-case-farrow.xml", "web/account-created-ibarra.xml",
            "web/order-placed-guest.xml");

    private static HubClient client;

    @BeforeAll
    static void sendEveryDocumentType() throws Exception {
        TestHub hub = TestHub.shared();
        client = hub.client();
        Ingest ingest = new Ingest(hub, client);
        for (String resource : BASE_SET) {
            ingest.send(resource.substring(0, resource.indexOf('/')), resource);
        }
    }

    private static JsonNode only(String parameter, String value) {
        return client.only(parameter, value);
    }

    private static List<String> keysOf(JsonNode customer) {
        return HubClient.sourceKeys(customer);
    }

    private static List<String> interactions(JsonNode customer, String field) {
        List<String> values = new ArrayList<>();
        customer.get("interactions").forEach(i -> values.add(i.get(field).asText()));
        return values;
    }

    @Test
    @Order(1)
    void onePersonInFourChannelsIsOneCustomerWithEveryChannelsHistory() {
        JsonNode nora = only("key", "catalogue:0058214");
        assertThat(keysOf(nora)).containsExactlyInAnyOrder(
                "catalogue:0058214", "retail:7105821406", "directsales:CT-207731", "web:U30772145");
        assertThat(interactions(nora, "channel")).contains("catalogue", "retail", "directsales", "web");
        assertThat(interactions(nora, "id")).contains("PH00562190", "0612-02-004471/2026", "W000562211");
        for (String lookup : List.of("card=7105821406", "email=NORA.LINDQVIST@example.net", "phone=(508) 555-0137",
                "order=web:W000562211", "key=directsales:CT-207731")) {
            String[] parts = lookup.split("=", 2);
            assertThat(only(parts[0], parts[1]).get("hubId").asText()).as(lookup).isEqualTo(nora.get("hubId").asText());
        }
    }

    @Test
    @Order(2)
    void catalogueOrdersCarryAmountCostAndMarginAndChangesUpdateTheProfile() {
        JsonNode brennan = only("key", "catalogue:0071395");
        JsonNode fax = brennan.get("interactions").findParents("type").stream()
                .filter(i -> i.get("id").asText().equals("FX00094127")).findFirst().orElseThrow();
        assertThat(fax.get("type").asText()).isEqualTo("CATALOGUE_ORDER");
        assertThat(fax.get("subtype").asText()).isEqualTo("FAX");
        assertThat(fax.get("currency").asText()).isEqualTo("USD");
        assertThat(fax.get("amount").decimalValue()).isPositive();
        BigDecimal merchandise = BigDecimal.ZERO;
        for (JsonNode line : fax.get("lines")) {
            merchandise = merchandise.add(line.get("unitPrice").decimalValue().multiply(line.get("quantity").decimalValue()));
        }
        assertThat(fax.get("margin").decimalValue()).isEqualByComparingTo(merchandise.subtract(fax.get("cost").decimalValue()));
        assertThat(brennan.get("addresses")).hasSizeGreaterThanOrEqualTo(2);
        JsonNode esposito = only("key", "catalogue:0094402");
        List<String> current = new ArrayList<>();
        esposito.get("names").forEach(n -> {
            if (n.get("current").asBoolean()) {
                current.add(n.get("family").asText());
            }
        });
        assertThat(current).containsExactly("MARCHETTI");
    }

    @Test
    @Order(3)
    void retailReturnsAreIncidentsAndEitherNamespacePrefixIsAccepted() {
        JsonNode farrow = only("key", "retail:7120094478");
        JsonNode returned = farrow.get("interactions").findParents("type").stream()
                .filter(i -> i.get("type").asText().equals("STORE_RETURN")).findFirst().orElseThrow();
        assertThat(returned.get("incident").asBoolean()).isTrue();
        assertThat(returned.get("incidents").get(0).get("code").asText()).isNotBlank();
        assertThat(interactions(farrow, "type")).contains("SUPPORT_CASE");
        JsonNode okafor = only("key", "retail:7112663015");
        assertThat(interactions(okafor, "id")).contains("0820-01-006235/2026", "0820-02-006101/2026", "ML00318455");
        assertThat(keysOf(okafor)).contains("catalogue:0126630", "web:U30126987");
        assertThat(interactions(okafor, "type")).contains("STORE_EXCHANGE", "CART_ABANDONED", "REMINDER");
    }

    @Test
    @Order(4)
    void trainingTransactionsAreIgnoredAndAnonymousOnesBelongToNobody() throws Exception {
        assertThat(client.find("key", "retail:7199999990")).isEmpty();
        assertThat(TestHub.shared().count("SELECT COUNT(*) FROM interaction WHERE reference = ?", "0612-05-000117")).isZero();
        assertThat(client.find("order", "retail:0612-01-004480")).isEmpty();
        assertThat(TestHub.shared().count("SELECT COUNT(*) FROM interaction WHERE reference = ? AND hub_id IS NULL",
                "0612-01-004480")).isEqualTo(1);
    }

    @Test
    @Order(5)
    void directSalesContactsAreCustomersAndTheAccountIsAnAffiliation() {
        JsonNode brennan = only("key", "directsales:CT-219604");
        assertThat(keysOf(brennan)).contains("catalogue:0071395");
        assertThat(brennan.get("affiliations").get(0).get("organisationId").asText()).isEqualTo("DS-311870");
        assertThat(interactions(brennan, "type")).contains("CONTRACT_ORDER");
        assertThat(client.find("key", "directsales:DS-311870")).isEmpty();
        assertThat(only("order", "directsales:PB-117").get("hubId").asText()).isEqualTo(brennan.get("hubId").asText());
    }

    @Test
    @Order(6)
    void webShopperCarriesConsentAndPreferences() {
        JsonNode ibarra = only("key", "web:U30815520");
        assertThat(ibarra.get("consents")).isNotEmpty();
        JsonNode nora = only("key", "web:U30772145");
        assertThat(nora.get("preferences")).isNotEmpty();
        assertThat(only("order", "web:W000563094").get("sourceKeys")).isEmpty();
    }

    @Test
    @Order(7)
    void largeAndUnusualButValidMessagesAreAccepted() throws Exception {
        Ingest ingest = new Ingest(TestHub.shared(), client);
        String order = HubClient.resource("catalogue/order-fax-brennan.xml");
        String line = order.substring(order.indexOf("<LINE>"), order.indexOf("</LINE>") + "</LINE>".length());
        StringBuilder lines = new StringBuilder();
        for (int n = 1; n <= 300; n++) {
            lines.append(line.replaceFirst("<LINE_NO>\\d+</LINE_NO>", "<LINE_NO>" + n + "</LINE_NO>"));
        }
        String large = order.replace("FX00094127", "FX00094999")
                .replaceFirst("(?s)<LINES>.*</LINES>", "<LINES>" + lines + "</LINES>");
        ingest.sendText("catalogue", large, Map.of());
        assertThat(client.only("order", "catalogue:FX00094999").toString()).contains("FX00094999");

        String zoned = HubClient.resource("directsales/contract-order-brennan-surveying.xml")
                .replace("PB-117", "PB-118").replace("<orderDate>2026-02-18</orderDate>", "<orderDate>2026-02-19-05:00</orderDate>");
        ingest.sendText("directsales", zoned, Map.of());
        assertThat(client.only("order", "directsales:PB-118").toString()).contains("PB-118");

        String longKey = "a." + "b".repeat(150);
        String profile = HubClient.resource("web/profile-updated-lindqvist.xml")
                .replaceFirst("id=\"[0-9a-f-]+\"", "id=\"0d9c5e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6\"")
                .replace("key=\"pen.tip\"", "key=\"" + longKey + "\"");
        ingest.sendText("web", profile, Map.of());
        assertThat(client.only("key", "web:U30772145").get("preferences").toString()).contains(longKey);
    }

    @Test
    @Order(8)
    void bytesAreDecodedByTheirXmlDeclaration() throws Exception {
        String latin1 = HubClient.resource("retail/sale-customer-ibarra.xml")
                .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
                .replace("1408-04-011962", "1408-04-011999");
        String withCard = latin1.replaceFirst("(<[a-z:]*Customer[ >])", "<pos:Member card=\"7100000042\"/>$1");
        new Ingest(TestHub.shared(), client).sendBytes("retail", withCard.getBytes(StandardCharsets.ISO_8859_1), Map.of());
        JsonNode customer = only("key", "retail:7100000042");
        assertThat(customer.get("names").get(0).get("given").asText()).isEqualTo("Tomás");
    }
}
