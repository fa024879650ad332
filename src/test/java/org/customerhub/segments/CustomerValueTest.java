package org.customerhub.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.canonical.CustomerValue;
import org.customerhub.soap.customers.CustomerService;
import org.customerhub.soap.customers.GetCustomer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Customer value through the real hub: channel messages over JMS in four channels, figures read back over REST, XML
 * and the JMS query; tier changes, live and from a model fit an admin asked for, read off the retail feed by a JMS
 * client. The hub has value rules of this test's own, so the figures below can be worked out by hand.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomerValueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES = """
            currency = USD
            rate.CAD = 0.75
            cost.CATALOGUE_ORDER = 6.50
            cost.STORE_SALE = 2.00
            cost.STORE_RETURN = 4.00
            cost.CONTRACT_ORDER = 12.00
            cost.WEB_ORDER = 1.00
            cost.SUPPORT_CASE = 8.00
            margin.assumed-rate = 0.30
            tiers = unprofitable, platinum
            tier.unprofitable.profit-below = 0
            tier.platinum.top-share = 0.2
            tier.default = standard
            """;
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private static TestHub hub;
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        Path rules = Path.of("target", "value-test", UUID.randomUUID() + ".properties");
        Files.createDirectories(rules.getParent());
        Files.writeString(rules, RULES, StandardCharsets.UTF_8);
        Properties settings = new Properties();
        settings.setProperty("hub.value.rules", rules.toString());
        settings.setProperty("hub.value.refit", "0");
        hub = TestHub.isolated(settings);
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    @Order(1)
    void aCustomersFiguresAcrossFourChannelsAreWorkedOutLive() throws Exception {
        sendIngridInFourChannels();
        String hubId = client.only("key", "catalogue:0071154").get("hubId").asText();
        for (String key : new String[] {"directsales:CT-207791", "web:U30779911"}) {
            assertThat(client.only("key", key).get("hubId").asText()).as(key).isEqualTo(hubId);
        }
        assertThat(client.only("card", "7105829911").get("hubId").asText()).isEqualTo(hubId);
        JsonNode value = client.getJson("/api/customers/" + hubId).get("value");
        // catalogue 98.58 (tax included, as the channel reports it), store sale 57.89, return -9.02, contract
        // order 316.00, web order 100.00 CAD at 0.75 = 75.00
        assertThat(value.get("currency").asText()).isEqualTo("USD");
        assertThat(value.get("orders").asInt()).isEqualTo(4);
        assertThat(value.get("returns").asInt()).isEqualTo(1);
        assertThat(value.get("revenue").decimalValue()).isEqualByComparingTo("538.45");
        // costs 57.40 + 31.80 - 3.10 + 229.60 + 52.50 (the web order's 70% not assumed margin)
        assertThat(value.get("cost").decimalValue()).isEqualByComparingTo("368.20");
        // margins 34.58 (merchandise 91.98 - 57.40) + 22.68 - 5.39 + 86.40 + 22.50
        assertThat(value.get("margin").decimalValue()).isEqualByComparingTo("160.77");
        // to serve: 6.50 + 2.00 + 4.00 + 12.00 + 1.00; the abandoned cart has no cost
        assertThat(value.get("costToServe").decimalValue()).isEqualByComparingTo("25.50");
        assertThat(value.get("profit").decimalValue()).isEqualByComparingTo("135.27");
        assertThat(value.get("returnRate").asDouble()).isEqualTo(0.25);
        assertThat(value.get("cartAbandonmentRate").asDouble()).isEqualTo(0.5);
        assertThat(value.get("firstPurchase").asText()).startsWith(TODAY.minusDays(450).toString());
        assertThat(value.get("lastPurchase").asText()).startsWith(TODAY.minusDays(20).toString());
        assertThat(value.get("firstChannel").asText()).isEqualTo("catalogue");
        assertThat(value.get("mainChannel").asText()).isEqualTo("directsales");
        JsonNode share = value.get("channelShare");
        assertThat(share.get("directsales").get("revenue").asDouble()).isEqualTo(0.5869);
        assertThat(share.get("catalogue").get("revenue").asDouble()).isEqualTo(0.1831);
        assertThat(share.get("retail").get("revenue").asDouble()).isEqualTo(0.0908);
        assertThat(share.get("web").get("revenue").asDouble()).isEqualTo(0.1393);
        assertThat(share.get("web").get("count").asDouble()).isEqualTo(0.25);
        JsonNode shift = value.get("channelShift");
        assertThat(shift.get("channels").get("catalogue").get("windowBefore").asDouble()).isEqualTo(1.0);
        assertThat(shift.get("channels").get("directsales").get("window").asDouble()).isEqualTo(0.704);
        // per order 6.50 by catalogue before; now 6.00 in store, 12.00 direct and 1.00 on the web by revenue share
        assertThat(shift.get("towardCheaper").decimalValue()).isEqualByComparingTo("-2.89");
        assertThat(value.get("tier").asText()).isEqualTo("standard");
        assertThat(value.get("expectedPurchases52w").isNull()).isTrue();
        assertThat(value.get("modelFittedAt").isNull()).isTrue();

        JsonNode products = client.getJson("/api/products/incidents").get("products");
        // the tape dispenser: one sold in store, one returned damaged; the catalogue's paper is outside the window
        assertThat(products).singleElement().satisfies(product -> {
            assertThat(product.get("sku").asText()).isEqualTo("507712");
            assertThat(product.get("unitsSold").asInt()).isEqualTo(1);
            assertThat(product.get("unitsReturned").asInt()).isEqualTo(1);
            assertThat(product.get("returnRate").asDouble()).isEqualTo(1.0);
            assertThat(product.get("reasons").get("DAMAGED").asInt()).isEqualTo(1);
        });

        String xml = client.get("/api/customers/" + hubId, "application/xml").body();
        assertThat(xml).contains("revenue=\"538.45\"", "profit=\"135.27\"", "tier=\"standard\"");
    }

    @Test
    @Order(2)
    void aCustomerWhoBecomesUnprofitableChangesTierAndTheRetailFeedHearsOfIt() throws Exception {
        ingest.sendText("web", webEvent("ORDER_PLACED", "U30779922", "7105829922", "Tobias", "Marlowe", TODAY.minusDays(9), """
                <Order><orderId>W000779922</orderId><Line><sku>120334</sku><qty>1</qty><unitPrice>10.00</unitPrice></Line>
                <total>10.00</total><currency>USD</currency></Order>"""), Map.of());
        String hubId = client.only("key", "web:U30779922").get("hubId").asText();
        // margin 3.00 (30% assumed) less 1.00 to serve
        assertThat(client.getJson("/api/customers/" + hubId).get("value").get("tier").asText()).isEqualTo("standard");
        ingest.sendText("web", webEvent("SUPPORT_CASE", "U30779922", "7105829922", "Tobias", "Marlowe", TODAY.minusDays(8), """
                <SupportCase><caseId>CS-0779922</caseId><topic>DELIVERY</topic><text>Parcel never came.</text></SupportCase>"""),
                Map.of());
        JsonNode value = client.getJson("/api/customers/" + hubId).get("value");
        assertThat(value.get("profit").decimalValue()).isEqualByComparingTo("-6.00");
        assertThat(value.get("tier").asText()).isEqualTo("unprofitable");
        assertThat(value.get("tierReason").asText()).contains("-6.00 USD", "below 0");

        Message event = client.receiveMatching("hub.out.retail", "HubId = '" + hubId + "'", "TIER_CHANGED");
        String body = ((TextMessage) event).getText();
        assertThat(body).contains("from=\"standard\"", "to=\"unprofitable\"");
        assertThat(event.getStringProperty("HubSourceChannel")).isEqualTo("web");
    }

    @Test
    @Order(3)
    void anAdminsFitPredictsEveryCustomerAndMovesTheTopOneToPlatinum() throws Exception {
        // three store members buying on thin margins (3.00 on 25.00), one to three times, for the fit to have a base
        for (int i = 0; i < 3; i++) {
            for (int sale = 0; sale <= i; sale++) {
                ingest.sendText("retail", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <pos:Transaction xmlns:pos="urn:example:retail:pos:v2" store="0612" register="04" receipt="0612-04-7799%d%d"
                            timestamp="%sT11:00:00+00:00" type="SALE" cashier="E30611">
                          <pos:Member card="710582993%d" tier="BASIC" entry="SCAN"/>
                          <pos:Items><pos:Item line="1" sku="120334" desc="PAPER LTR 24LB 5RM" qty="1" price="25.00" cost="22.00"/></pos:Items>
                          <pos:Tender type="CASH" amount="25.00"/>
                          <pos:Total currency="USD" subtotal="25.00" tax="0.00">25.00</pos:Total>
                        </pos:Transaction>""".formatted(i, sale, TODAY.minusDays(100 - 30L * sale), i), Map.of());
            }
        }
        String ingrid = client.only("key", "catalogue:0071154").get("hubId").asText();

        HttpResponse<String> refit = client.request("POST", "/admin/api/value/refit", HubClient.ADMIN_LOGIN,
                "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(refit.statusCode()).isEqualTo(202);
        JsonNode model = await().atMost(Duration.ofSeconds(60)).until(() -> admin("/admin/api/value"),
                page -> !page.get("model").isNull() && !page.get("fitRunning").asBoolean()).get("model");
        assertThat(model.get("bgnbd").get("customers").asInt()).isEqualTo(5);
        assertThat(model.get("bgnbd").get("logLikelihood").asDouble()).isNegative();

        JsonNode value = client.getJson("/api/customers/" + ingrid).get("value");
        assertThat(value.get("tier").asText()).isEqualTo("platinum");
        assertThat(value.get("expectedPurchases52w").asDouble()).isPositive();
        assertThat(value.get("probabilityAlive").asDouble()).isBetween(0.0, 1.0);
        assertThat(value.get("lifetimeValue").asDouble()).isPositive();
        // to the second: the record's dateTime carries milliseconds, the model's time more
        assertThat(value.get("modelFittedAt").asText()).startsWith(model.get("fittedAt").asText().substring(0, 19));
        assertThat(value.get("rfm").get("score").asText()).matches("[1-5]{3}");

        Message event = client.receiveMatching("hub.out.retail", "HubId = '" + ingrid + "'", "TIER_CHANGED");
        assertThat(((TextMessage) event).getText()).contains("from=\"standard\"", "to=\"platinum\"");
        assertThat(event.getStringProperty("HubSourceChannel")).isEqualTo("hub");

        String reply = client.ask("""
                <customerQuery xmlns="urn:customerhub:query:1"><key>catalogue:0071154</key></customerQuery>"""
                .getBytes(StandardCharsets.UTF_8)).getText();
        assertThat(reply).contains("tier=\"platinum\"", "revenue=\"538.45\"");
        GetCustomer get = new GetCustomer();
        get.setHubId(ingrid);
        CustomerValue overSoap = soap().getCustomer(get).getCustomer().getValue();
        assertThat(overSoap.getTier()).isEqualTo("platinum");
        assertThat(overSoap.getProfit()).isEqualByComparingTo("135.27");
        assertThat(overSoap.getLifetimeValue()).isPositive();

        JsonNode segments = client.getJson("/api/segments");
        assertThat(segments.get("tiers")).anySatisfy(tier -> {
            assertThat(tier.get("tier").asText()).isEqualTo("platinum");
            assertThat(tier.get("customers").asInt()).isEqualTo(1);
        });
        JsonNode platinum = client.getJson("/api/segments/platinum?page=1");
        assertThat(platinum.get("customers")).singleElement().satisfies(c -> assertThat(c.get("hubId").asText()).isEqualTo(ingrid));
        HttpResponse<String> csv = client.request("GET", "/admin/api/value/export", HubClient.ADMIN_LOGIN, null, null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().skip(1).findFirst().orElseThrow()).startsWith(ingrid + ",platinum,");
        assertThat(client.request("GET", "/admin/api/value/export", HubClient.AGENT_LOGIN, null, null).statusCode())
                .isEqualTo(403);
    }

    @Test
    @Order(4)
    void theValueDoorsAnswerBadRequestsWithAReason() {
        assertThat(client.get("/api/segments/plat%27inum", "application/json").statusCode()).isEqualTo(400);
        assertThat(client.get("/api/segments/platinum?page=0", "application/json").statusCode()).isEqualTo(400);
        assertThat(client.get("/api/segments/platinum?page=abc", "application/json").statusCode()).isEqualTo(400);
        assertThat(client.get("/api/segments/" + "x".repeat(41), "application/json").body()).contains("BAD_REQUEST");
        assertThat(client.get("/api/products/incidents?limit=100000", "application/json").statusCode()).isEqualTo(400);
        assertThat(client.request("GET", "/api/segments", null, null, null).statusCode()).isEqualTo(401);
        assertThat(client.request("POST", "/admin/api/value/refit", HubClient.AGENT_LOGIN, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(403);
        assertThat(client.request("GET", "/admin/api/value", HubClient.AGENT_LOGIN, null, null).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void anAgentsMergeFoldsBothCustomersFiguresIntoTheSurvivor() throws Exception {
        ingest.send("catalogue", "scenarios/possible-match/01-catalogue-order.xml");
        ingest.sendText("web", HubClient.resource("scenarios/possible-match/02-web-account-created.xml")
                .replace("type=\"ACCOUNT_CREATED\"", "type=\"ORDER_PLACED\"")
                .replace("  </Shopper>", """
                          </Shopper>
                          <Order><orderId>W000583361</orderId><Line><sku>120334</sku><qty>1</qty><unitPrice>50.00</unitPrice></Line>
                            <total>50.00</total><currency>USD</currency></Order>"""), Map.of());
        String catalogue = client.only("key", "catalogue:0583361").get("hubId").asText();
        JsonNode web = client.only("key", "web:U41583361");
        assertThat(web.get("possibleMatches").findValuesAsText("hubId")).contains(catalogue);
        assertThat(web.get("value").get("revenue").decimalValue()).isEqualByComparingTo("50.00");

        HttpResponse<String> merged = client.request("POST", "/api/customers/" + web.get("hubId").asText() + "/matches/" + catalogue,
                HubClient.AGENT_LOGIN, "application/json", "{\"decision\":\"merge\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        JsonNode survivor = client.only("key", "web:U41583361");
        // the catalogue order's 30.64 and the web order's 50.00, on one customer; the merged-away one keeps no row
        assertThat(survivor.get("value").get("orders").asInt()).isEqualTo(2);
        assertThat(survivor.get("value").get("revenue").decimalValue()).isEqualByComparingTo("80.64");
        String gone = survivor.get("hubId").asText().equals(catalogue) ? web.get("hubId").asText() : catalogue;
        assertThat(hub.count("SELECT COUNT(*) FROM customer_value WHERE hub_id = ?", gone)).isZero();
    }

    private static CustomerService soap() {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(CustomerService.class);
        factory.setAddress(hub.soapBase() + "/customers");
        factory.setUsername("agent");
        factory.setPassword("agent");
        return (CustomerService) factory.create();
    }

    private static JsonNode admin(String path) throws IOException {
        return JSON.readTree(client.request("GET", path, HubClient.ADMIN_LOGIN, null, null).body());
    }

    private static void sendIngridInFourChannels() throws Exception {
        ingest.sendText("catalogue", """
                <?xml version="1.0" encoding="UTF-8"?>
                <CATALOGUE_ORDER>
                  <HDR><ORDER_NO>PH00779911</ORDER_NO><ORDER_DT>%s</ORDER_DT><ORDER_SRC>PHONE</ORDER_SRC><KEY_CD>26WIN-B</KEY_CD><OPER_ID>TRG04</OPER_ID></HDR>
                  <CUST><ACCT_NO>0071154</ACCT_NO><NAME>HALVORSEN, INGRID M</NAME><ADDR1>14 ELM PARK AVE</ADDR1><CITY>WORCESTER</CITY>
                    <ST>MA</ST><ZIP>016091234</ZIP><PHONE>5085550188</PHONE></CUST>
                  <LINES><LINE><LINE_NO>1</LINE_NO><SKU>120334</SKU><DESC>PRINTER PAPER LETTER 24LB 5 REAM</DESC><QTY>2</QTY>
                    <UNIT_CENTS>4599</UNIT_CENTS><COST_CENTS>2870</COST_CENTS></LINE></LINES>
                  <SHIP_CENTS>0</SHIP_CENTS><TAX_CENTS>660</TAX_CENTS><TOTAL_CENTS>9858</TOTAL_CENTS><PAY_TYPE>CC</PAY_TYPE>
                </CATALOGUE_ORDER>""".formatted(TODAY.minusDays(450).format(DateTimeFormatter.BASIC_ISO_DATE)), Map.of());
        ingest.sendText("retail", """
                <?xml version="1.0" encoding="UTF-8"?>
                <pos:Transaction xmlns:pos="urn:example:retail:pos:v2" store="0612" register="02" receipt="0612-02-779911"
                    timestamp="%sT14:08:19+00:00" type="SALE" cashier="E30611">
                  <pos:Member card="7105829911" tier="PLUS" entry="SCAN"/>
                  <pos:Customer capture="CASHIER"><pos:FirstName>Ingrid</pos:FirstName><pos:LastName>Halvorsen</pos:LastName>
                    <pos:Phone>(508) 555-0188</pos:Phone></pos:Customer>
                  <pos:Items>
                    <pos:Item line="1" sku="120334" desc="PAPER LTR 24LB 5RM" qty="1" price="45.99" cost="28.70"/>
                    <pos:Item line="2" sku="507712" desc="TAPE DISPENSER BLACK" qty="1" price="8.49" cost="3.10"/>
                  </pos:Items>
                  <pos:Tender type="CREDIT" amount="57.89" last4="8213"/>
                  <pos:Total currency="USD" subtotal="54.48" tax="3.41">57.89</pos:Total>
                </pos:Transaction>""".formatted(TODAY.minusDays(60)), Map.of());
        ingest.sendText("retail", """
                <?xml version="1.0" encoding="UTF-8"?>
                <pos:Transaction xmlns:pos="urn:example:retail:pos:v2" store="0612" register="03" receipt="0612-03-779912"
                    timestamp="%sT10:51:36+00:00" type="RETURN" cashier="E44120">
                  <pos:Member card="7105829911" tier="PLUS" entry="PHONE_LOOKUP"/>
                  <pos:Items>
                    <pos:Item line="1" sku="507712" desc="TAPE DISPENSER BLACK" qty="-1" price="8.49" cost="3.10">
                      <pos:ReturnReason code="DAMAGED" origReceipt="0612-02-779911">Cracked housing.</pos:ReturnReason>
                    </pos:Item>
                  </pos:Items>
                  <pos:Tender type="CREDIT" amount="-9.02" last4="8213"/>
                  <pos:Total currency="USD" subtotal="-8.49" tax="-0.53">-9.02</pos:Total>
                </pos:Transaction>""".formatted(TODAY.minusDays(50)), Map.of());
        ingest.sendText("directsales", """
                <?xml version="1.0" encoding="UTF-8"?>
                <AccountUpdate xmlns="urn:example:directsales:v1">
                  <accountId>DS-307791</accountId>
                  <companyName>Elm Park Dental, LLC</companyName>
                  <status>ACTIVE</status>
                  <billingAddress><street>301 Grafton Street</street><city>Worcester</city><region>MA</region>
                    <postalCode>01604</postalCode><country>US</country></billingAddress>
                  <contacts><contact><contactId>CT-207791</contactId><firstName>Ingrid</firstName><lastName>Halvorsen</lastName>
                    <email>i.halvorsen@elmparkdental.example.com</email><phone>508-555-0188</phone><role>PURCHASING</role></contact></contacts>
                  <accountManager><employeeId>E20817</employeeId><name>Lorraine Byfield</name></accountManager>
                  <lastModified>%sT10:12:44Z</lastModified>
                </AccountUpdate>""".formatted(TODAY.minusDays(45)), Map.of());
        ingest.sendText("directsales", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ContractOrder xmlns="urn:example:directsales:v1">
                  <accountId>DS-307791</accountId><contactId>CT-207791</contactId><poNumber>EPD-2026-0042</poNumber>
                  <orderDate>%s</orderDate>
                  <lines><line><sku>120334</sku><quantity>8</quantity><contractPrice>39.5000</contractPrice>
                    <unitCost>28.7000</unitCost><currency>USD</currency></line></lines>
                </ContractOrder>""".formatted(TODAY.minusDays(40)), Map.of());
        ingest.sendText("web", webEvent("ORDER_PLACED", "U30779911", "7105829911", "Ingrid", "Halvorsen", TODAY.minusDays(20), """
                <Order><orderId>W000779911</orderId><Line><sku>120334</sku><qty>2</qty><unitPrice>45.00</unitPrice></Line>
                <total>100.00</total><currency>CAD</currency></Order>"""), Map.of());
        ingest.sendText("web", webEvent("CART_ABANDONED", "U30779911", "7105829911", "Ingrid", "Halvorsen", TODAY.minusDays(5), """
                <Cart><Item><sku>318840</sku><qty>1</qty><unitPrice>13.99</unitPrice></Item>
                <value currency="CAD">13.99</value></Cart>"""), Map.of());
    }

    private static String webEvent(String type, String user, String card, String given, String family, LocalDate day, String payload) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="%s" id="%s" at="%sT15:03:27Z">
                  <Shopper>
                    <userId>%s</userId>
                    <email>%s.%s@example.net</email>
                    <loyaltyCard>%s</loyaltyCard>
                    <Name><given>%s</given><family>%s</family></Name>
                  </Shopper>
                  %s
                </Event>""".formatted(type, UUID.randomUUID(), day, user, given.toLowerCase(), family.toLowerCase(), card,
                given, family, payload);
    }
}
