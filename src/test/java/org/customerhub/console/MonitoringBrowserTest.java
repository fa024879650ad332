package org.customerhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's Monitoring page in a real Chromium: an admin sees every channel and partner with its figures and chart,
 * and the alert of a channel that went silent; its screenshot goes to target/screenshots/monitoring.png.
 */
class MonitoringBrowserTest {
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        Path thresholds = Path.of("target", "monitoring-test", UUID.randomUUID() + ".properties");
        Files.createDirectories(thresholds.getParent());
        Files.writeString(thresholds, """
                channel.catalogue.silence = 3s
                channel.catalogue.schedule = always
                channel.retail.silence = 1h
                channel.retail.schedule = MON-SAT 08:00-21:00, SUN 10:00-18:00
                channel.retail.max-error-percent = 50
                """);
        Properties settings = new Properties();
        settings.setProperty("hub.monitoring.thresholds", thresholds.toString());
        settings.setProperty("hub.monitoring.check-seconds", "1");
        hub = TestHub.isolated(settings);
        client = hub.client();
        Ingest ingest = new Ingest(hub, client);
        ingest.sendNoraLindqvistInFourChannels();
        ingest.send("retail", "retail/return-farrow.xml");
        ingest.send("retail", "retail/sale-customer-ibarra.xml");
        ingest.send("retail", "retail/invalid/timestamp-utc-z.xml");
        ingest.send("web", "web/account-created-ibarra.xml");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    void anAdminSeesEveryChannelAndPartnerAndTheAlertOfASilentChannel() throws Exception {
        try (Browser browser = new Browser(hub.httpPort())) {
            browser.login("admin", "admin");
            browser.open("/admin/#/monitoring");
            browser.waitUntil(driver -> !driver.findElements(By.cssSelector(
                    "[data-testid=monitoring-alert][data-source='channel.catalogue'][data-kind=SILENCE]")).isEmpty());
            assertThat(browser.atLeast("monitoring-source", 5)).extracting(card -> card.getAttribute("data-source"))
                    .contains("channel.catalogue", "channel.retail", "channel.directsales", "channel.web", "partner.prominate");
            WebElement retail = browser.all("monitoring-source").stream()
                    .filter(card -> "channel.retail".equals(card.getAttribute("data-source"))).findFirst().orElseThrow();
            assertThat(retail.getText()).contains("Error rate").contains("25.0 %").contains("1 h (MON-SAT 08:00-21:00");
            assertThat(retail.findElements(By.cssSelector("svg.chart rect.chart-messages"))).as("its chart has a bar").isNotEmpty();
            assertThat(retail.findElements(By.cssSelector("svg.chart rect.chart-errors"))).as("and its failure").isNotEmpty();
            browser.resize(1280, 1100);
            browser.screenshot("monitoring");
        }
    }
}
