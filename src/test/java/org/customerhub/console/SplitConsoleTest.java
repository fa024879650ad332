package org.customerhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The review queue and the split in a real headless Chromium against a hub of its own: an agent sees Anna Kowalski's
 * catalogue and web accounts side by side with the scorer's evidence, merges them in one click, then splits the merged
 * customer again from its 360 view. Screenshots go to target/screenshots/.
 */
class SplitConsoleTest {
    private static final String CATALOGUE = "catalogue:0583361";
    private static final String WEB = "web:U41583361";
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.isolated(new Properties());
        client = hub.client();
        Ingest ingest = new Ingest(hub, client);
        ingest.send("catalogue", "scenarios/possible-match/01-catalogue-order.xml");
        ingest.send("web", "scenarios/possible-match/02-web-account-created.xml");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    void anAgentMergesFromTheReviewQueueAndSplitsTheCustomerAgain() throws Exception {
        try (Browser browser = new Browser(hub.httpPort())) {
            browser.login("agent", "agent");
            browser.click("nav-review");
            WebElement pair = browser.atLeast("review-pair", 1).get(0);
            assertThat(browser.all("review-pair")).hasSize(1);
            assertThat(browser.textOf("evidence-family")).isEqualTo("agree");
            assertThat(pair.getText()).contains("0583361", "U41583361", "anna.k.designs@example.com");
            browser.screenshot("review-queue");
            browser.click("review-merge");
            browser.find("review-empty");
            List<String> merged = HubClient.sourceKeys(client.only("key", CATALOGUE));
            assertThat(merged).containsExactlyInAnyOrder(CATALOGUE, WEB);

            String hubId = client.only("key", CATALOGUE).get("hubId").asText();
            browser.open("/admin/#/customers/" + hubId);
            browser.find("customer-360");
            browser.find("split").findElement(org.openqa.selenium.By.tagName("summary")).click();
            assertThat(browser.all("split-group")).hasSize(2);
            browser.screenshot("customer-360-split");
            browser.click("split-submit");
            browser.click("confirm-ok");
            assertThat(browser.atLeast("split-part", 2)).hasSize(2);
            browser.screenshot("customer-split-into");
        }
        String catalogue = client.only("key", CATALOGUE).get("hubId").asText();
        String web = client.only("key", WEB).get("hubId").asText();
        assertThat(catalogue).isNotEqualTo(web);
        assertThat(HubClient.sourceKeys(client.only("key", CATALOGUE))).containsExactly(CATALOGUE);
        assertThat(client.getJson("/api/customers/" + catalogue).get("possibleMatches")).as("kept apart").isEmpty();
    }
}
