package org.customerhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Customer value in the console, in a real headless Chromium: the 360 view's value panel, and the admins' Value page
 * with a refit asked for by the button. Screenshots go to target/screenshots/.
 */
class ConsoleValueTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static TestHub hub;
    private static HubClient client;
    private static String hubId;

    @BeforeAll
    static void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hub.value.refit", "0");
        hub = TestHub.isolated(settings);
        client = hub.client();
        Ingest ingest = new Ingest(hub, client);
        ingest.sendText("web", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="ORDER_PLACED" id="8c0b1d7e-4f3a-4c8e-9e41-0b7c55aa1201" at="%sT09:00:00Z">
                  <Shopper><userId>U30991201</userId><email>maren.solberg@example.net</email><loyaltyCard>7105991201</loyaltyCard>
                    <Name><given>Maren</given><family>Solberg</family></Name></Shopper>
                  <Order><orderId>W000991201</orderId><Line><sku>120334</sku><qty>2</qty><unitPrice>40.00</unitPrice></Line>
                    <total>80.00</total><currency>USD</currency></Order>
                </Event>""".formatted(TODAY.minusDays(40)), Map.of());
        ingest.sendText("retail", """
                <?xml version="1.0" encoding="UTF-8"?>
                <pos:Transaction xmlns:pos="urn:example:retail:pos:v2" store="0612" register="02" receipt="0612-02-991201"
                    timestamp="%sT14:00:00+00:00" type="SALE" cashier="E30611">
                  <pos:Member card="7105991201" tier="PLUS" entry="SCAN"/>
                  <pos:Items><pos:Item line="1" sku="507712" desc="TAPE DISPENSER BLACK" qty="2" price="10.00" cost="4.00"/></pos:Items>
                  <pos:Tender type="CASH" amount="20.00"/>
                  <pos:Total currency="USD" subtotal="20.00" tax="0.00">20.00</pos:Total>
                </pos:Transaction>""".formatted(TODAY.minusDays(10)), Map.of());
        hubId = client.only("card", "7105991201").get("hubId").asText();
        // a small base for the fit: six more web shoppers buying one to three times, 25.00 to 150.00 an order
        for (int shopper = 0; shopper < 6; shopper++) {
            for (int order = 0; order <= shopper % 3; order++) {
                ingest.sendText("web", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <Event xmlns="urn:example:web:events:2026" type="ORDER_PLACED" id="8c0b1d7e-4f3a-4c8e-9e41-0b7c55aa13%d%d" at="%sT09:00:00Z">
                          <Shopper><userId>U3099130%d</userId><email>shopper%d@example.net</email>
                            <Name><given>Shopper</given><family>Number%s</family></Name></Shopper>
                          <Order><orderId>W0009913%d%d</orderId><Line><sku>120334</sku><qty>1</qty><unitPrice>%d.00</unitPrice></Line>
                            <total>%d.00</total><currency>USD</currency></Order>
                        </Event>""".formatted(shopper, order, TODAY.minusDays(300 - 90L * order - 20L * shopper), shopper, shopper,
                        (char) ('A' + shopper), shopper, order, 25 * (shopper + 1), 25 * (shopper + 1)), Map.of());
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    void theValuePanelShowsTheFiguresAndTheValuePageRefits() throws Exception {
        try (Browser browser = new Browser(hub.httpPort())) {
            browser.login("admin", "admin");
            browser.find("current-user");
            browser.open("/admin/#/customers/" + hubId);
            browser.find("value-panel");
            assertThat(browser.textOf("value-tier")).isEqualTo("Standard");
            // web: 80.00 at the assumed 30% margin = 24.00, retail 20.00 - 8.00 = 12.00; to serve 1.00 + 2.00
            assertThat(browser.textOf("value-profit")).isEqualTo("33.00 USD");
            assertThat(browser.textOf("value-clv")).isEqualTo("not fitted yet");
            assertThat(browser.atLeast("value-channel", 2)).extracting(row -> row.getAttribute("data-channel"))
                    .containsExactly("retail", "web");
            browser.screenshot("value-panel");

            browser.click("nav-value");
            assertThat(browser.textOf("value-fitted-at")).isEqualTo("Not fitted yet");
            browser.click("value-refit");
            browser.waitUntil(driver -> browser.textOf("value-fitted-at").startsWith("Fitted"));
            assertThat(browser.textOf("value-fitted-at")).contains("over 7 customers");
            List<String> tiers = browser.atLeast("value-tier-row", 1).stream().map(row -> row.getAttribute("data-tier")).toList();
            assertThat(browser.atLeast("value-migration-row", 1)).extracting(row -> row.getAttribute("data-before")).contains("none");
            browser.screenshot("value-page");

            browser.open("/admin/#/customers/" + hubId);
            browser.find("value-panel");
            browser.waitUntil(driver -> !browser.textOf("value-clv").equals("not fitted yet"));
            assertThat(browser.textOf("value-clv")).endsWith(" USD");
            String tier = browser.textOf("value-tier");
            assertThat(tiers).anyMatch(tier::equalsIgnoreCase);
            assertThat(browser.fitsWidth()).isTrue();
        }
    }
}
