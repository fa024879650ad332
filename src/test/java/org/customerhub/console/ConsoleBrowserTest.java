package org.customerhub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium against a hub of its own (broker, store, HTTP, its own copy of routes/ and
 * config/): agents log in, search and see a customer of four channels on one page and correct an address that then
 * reaches the catalogue's feed; admins see the dashboard, replay a dead letter and change a mapping.
 * Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final String NORA_CATALOGUE = "catalogue:0058214";
    private static TestHub hub;
    private static HubClient client;
    private Browser browser;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.withOwnFiles(new Properties());
        client = hub.client();
        Ingest ingest = new Ingest(hub, client);
        ingest.sendNoraLindqvistInFourChannels();
        ingest.send("retail", "retail/return-farrow.xml");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser(hub.httpPort());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    private List<WebElement> searchAsAgent(String text) {
        browser.login("agent", "agent");
        browser.type("search-input", text);
        browser.click("search-submit");
        return browser.atLeast("search-result", 1);
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndAnAgentSeesOnlyCustomers() {
        browser.login("agent", "wrong");
        assertThat(browser.textOf("login-error")).containsIgnoringCase("wrong");
        browser.login("agent", "agent");
        assertThat(browser.find("current-user").getText()).contains("agent");
        assertThat(browser.find("search-input").isDisplayed()).isTrue();
        assertThat(browser.all("nav-dashboard")).as("no admin tabs for an agent").allMatch(tab -> !tab.isDisplayed());
        browser.click("logout");
        assertThat(browser.find("login-user").isDisplayed()).isTrue();
        browser.open("/admin/#/customers");
        assertThat(browser.find("login-user").isDisplayed()).as("logged out for good").isTrue();
    }

    @Test
    @Order(2)
    void anAgentFindsACustomerAndSeesAllFourChannelsOnOnePage() {
        List<WebElement> results = searchAsAgent("Nora Lindqvist");
        assertThat(results).hasSize(1);
        results.get(0).click();
        WebElement view = browser.find("customer-360");
        browser.atLeast("timeline-item", 4);
        Set<String> keys = browser.all("source-key").stream().map(WebElement::getText).map(String::trim).collect(Collectors.toSet());
        assertThat(keys).contains(NORA_CATALOGUE, "retail:7105821406", "directsales:CT-207731", "web:U30772145");
        Set<String> channels = browser.all("timeline-item").stream().map(item -> item.getAttribute("data-channel"))
                .collect(Collectors.toSet());
        assertThat(channels).contains("catalogue", "retail", "directsales", "web");
        assertThat(browser.all("channel-total-row")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.all("provenance-badge")).isNotEmpty();
        assertThat(view.getText()).containsIgnoringCase("Lindqvist");
        browser.resize(1280, 1600);
        browser.screenshot("customer-360");

        browser.resize(820, 1180);
        browser.find("customer-360");
        assertThat(browser.fitsWidth()).as("the 360 view fits a tablet's width").isTrue();
        browser.screenshot("customer-360-tablet");
    }

    @Test
    @Order(3)
    void aSearchByOrderNumberFindsWhoPlacedIt() {
        List<WebElement> results = searchAsAgent("W000562211");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).getText()).containsIgnoringCase("Lindqvist");
    }

    @Test
    @Order(4)
    void anAgentCorrectsAnAddressAndTheCatalogueFeedCarriesIt() throws Exception {
        String hubId = client.only("key", NORA_CATALOGUE).get("hubId").asText();
        browser.login("agent", "agent");
        browser.open("/admin/#/customers/" + hubId);
        browser.find("customer-360");
        browser.click("correct-contact");
        browser.type("correct-line1", "12 Elm Court");
        browser.type("correct-line2", "");
        browser.type("correct-city", "Shrewsbury");
        browser.type("correct-region", "MA");
        browser.type("correct-postal-code", "01545");
        browser.click("correct-submit");
        browser.waitUntil(driver -> browser.all("contact-value").stream()
                .anyMatch(value -> value.getText().contains("12 Elm Court") && value.getText().contains("agent")));
        browser.screenshot("customer-360-corrected");

        JsonNode nora = client.only("key", NORA_CATALOGUE);
        JsonNode current = null;
        for (JsonNode address : nora.get("addresses")) {
            if (address.get("current").asBoolean()) {
                current = address;
            }
        }
        assertThat(current).isNotNull();
        assertThat(current.get("line1").asText()).isEqualTo("12 Elm Court");
        assertThat(current.get("channel").asText()).isEqualTo("agent");
        assertThat(current.get("by").asText()).isEqualTo("agent");
        assertThat(client.receiveContaining("hub.out.catalogue", "HubId = '" + hubId + "'", "<ADDR1>12 ELM COURT</ADDR1>"))
                .as("a change record on the catalogue's feed").contains("<ACCT_NO>0058214</ACCT_NO>", "<CITY>SHREWSBURY</CITY>");
    }

    @Test
    @Order(5)
    void anAdminSeesTheDashboardAndReplaysADeadLetter() throws Exception {
        String account = HubClient.resource("web/account-created-ibarra.xml").replace("U30815520", "U77000001")
                .replace("tomas.ibarra@example.com", "replayed@example.com");
        // as the hub leaves a message it could not process while its database was down
        client.sendText("hub.dlq.web", account, Map.of("HubErrorCode", "PROCESSING_FAILED",
                "HubErrorDetail", "database unavailable", "HubSourceQueue", "hub.in.web", "HubFailedAt", "2026-11-27T10:00:00Z"));
        browser.login("admin", "admin");
        browser.click("nav-dashboard");
        browser.find("dashboard");
        assertThat(browser.atLeast("dashboard-channel", 4)).hasSize(4);
        browser.waitUntil(driver -> browser.all("dashboard-channel").stream()
                .anyMatch(card -> "web".equals(card.getAttribute("data-channel"))
                        && card.findElement(Browser.testId("dead-letter-count")).getText().contains("1")));
        String updated = browser.find("dashboard-updated").getText();
        browser.waitUntil(driver -> !browser.find("dashboard-updated").getText().equals(updated));
        browser.screenshot("dashboard");

        browser.click("nav-dlq");
        new org.openqa.selenium.support.ui.Select(browser.find("dlq-channel")).selectByValue("web");
        WebElement row = browser.atLeast("dlq-row", 1).get(0);
        assertThat(row.findElement(Browser.testId("dlq-reason")).getText()).contains("PROCESSING_FAILED");
        row.findElement(Browser.testId("dlq-view")).click();
        browser.waitForText("dlq-raw", "U77000001");
        browser.screenshot("dead-letters");
        browser.click("dlq-replay");
        browser.waitUntil(driver -> browser.all("dlq-row").isEmpty());
        assertThat(client.only("key", "web:U77000001").get("emails").get(0).get("value").asText()).isEqualTo("replayed@example.com");
        browser.click("nav-audit");
        browser.waitUntil(driver -> browser.all("audit-row").stream().anyMatch(r -> r.getText().contains("dlq.replay")));
    }

    @Test
    @Order(6)
    void anAdminValidatesDiffsAndAppliesAMappingChangeThenRollsItBack() throws Exception {
        String path = "config/mappings/web-to-canonical.xsl";
        Path file = Path.of(hub.context().getPropertiesComponent().resolveProperty("hub.home").orElseThrow()).resolve(path);
        String mapping = Files.readString(file);
        String emailLine = "<email><xsl:value-of select=\"w:email\"/></email>";
        assertThat(mapping).contains(emailLine);
        String withoutEmail = mapping.replace(emailLine, "");

        browser.login("admin", "admin");
        browser.click("nav-files");
        browser.waitUntil(driver -> browser.all("file-item").stream().anyMatch(item -> path.equals(item.getAttribute("data-path"))));
        browser.all("file-item").stream().filter(item -> path.equals(item.getAttribute("data-path"))).findFirst().orElseThrow().click();
        browser.waitUntil(driver -> browser.find("file-editor").getAttribute("value").contains(emailLine));

        browser.paste("file-editor", mapping.replace("<xsl:template", "<xsl:templat"));
        browser.click("file-validate");
        browser.waitUntil(driver -> browser.find("file-result").getText().toLowerCase().contains("invalid"));

        browser.paste("file-editor", withoutEmail);
        browser.click("file-validate");
        browser.waitUntil(driver -> browser.find("file-result").getText().toLowerCase().contains("valid")
                && !browser.find("file-result").getText().toLowerCase().contains("invalid"));
        browser.click("file-diff");
        browser.waitForText("diff-output", "w:email");
        browser.screenshot("mapping-editor");
        browser.click("file-apply");
        browser.click("confirm-ok");
        browser.waitUntil(driver -> browser.find("file-result").getText().toLowerCase().contains("applied"));
        assertThat(Files.readString(file)).isEqualTo(withoutEmail);

        new Ingest(hub, client).sendText("web", HubClient.resource("web/account-created-ibarra.xml")
                .replace("U30815520", "U77000002").replaceFirst("id=\"[0-9a-f-]+\"", "id=\"5e0c1a52-0000-4000-8000-000000000002\""), Map.of());
        assertThat(client.only("key", "web:U77000002").get("emails")).as("the changed mapping maps no e-mail").isEmpty();

        browser.click("file-history");
        browser.clickIn("history-row", 0, "history-rollback");
        browser.click("confirm-ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(file).equals(mapping));
    }
}
