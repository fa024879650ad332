package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The order desk in a real headless Chromium: an admin sees a held Coupa order with why its line is held, maps the
 * part to a SKU and sends the order on; the ContractOrder reaches direct sales and the order leaves the list.
 */
class OrderDeskConsoleTest {
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

    @Test
    void anAdminMapsAHeldOrdersPartAndSendsItOn() throws Exception {
        HttpResponse<String> answer = client.post("/cxml", "text/xml", PlatformOrders.coupa(
                System.nanoTime() + "@coupa.example", "PO-C-5100", "mara.quill@harbormarine.example.com")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(answer.body()).contains("<Status code=\"200\"");

        try (Browser browser = new Browser(hub.httpPort())) {
            browser.login("admin", "admin");
            browser.click("nav-orders");
            WebElement order = browser.atLeast("held-order", 1).stream()
                    .filter(held -> "PO-C-5100".equals(held.getAttribute("data-order"))).findFirst().orElseThrow();
            WebElement firstLine = order.findElements(Browser.testId("held-line")).get(0);
            assertThat(firstLine.findElement(Browser.testId("line-reasons")).getText()).contains("product:1861");
            assertThat(order.findElement(Browser.testId("send-order")).isEnabled()).as("nothing to send yet").isFalse();
            browser.screenshot("order-desk-held");

            firstLine.findElement(Browser.testId("map-sku")).sendKeys("530017");
            firstLine.findElement(Browser.testId("map-part")).click();
            browser.waitForText("message", "now maps to SKU 530017");
            browser.waitUntil(driver -> driver.findElement(By.cssSelector("[data-order='PO-C-5100'] [data-testid='send-order']"))
                    .isEnabled());
            browser.find("held-orders").findElement(By.cssSelector("[data-order='PO-C-5100'] [data-testid='send-order']")).click();
            browser.waitForText("message", "PO-C-5100 was sent on to direct sales");
            browser.waitUntil(driver -> driver.findElements(By.cssSelector("[data-order='PO-C-5100']")).isEmpty());
        }

        Message sent = client.receive("hub.out.directsales", "HubPoNumber = 'PO-C-5100'", Duration.ofSeconds(15));
        assertThat(sent).isNotNull();
        assertThat(((TextMessage) sent).getText()).contains("<sku>530017</sku>", "<sku>418220</sku>");
    }

    @Test
    void anAdminConvertsAnOrderInEurosAndSendsItOn() throws Exception {
        HttpResponse<String> answer = client.post("/cxml", "text/xml", PlatformOrders.ariba(
                System.nanoTime() + "@ariba.example", "PO-A-5200", "jonas.berg@hafenbedarf.example.de")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(answer.body()).contains("<Status code=\"200\"");

        try (Browser browser = new Browser(hub.httpPort())) {
            browser.login("admin", "admin");
            browser.click("nav-orders");
            String order = "[data-order='PO-A-5200'] ";
            browser.waitUntil(driver -> !driver.findElements(By.cssSelector(order + "[data-testid='convert-order']")).isEmpty());
            assertThat(browser.find("held-orders").findElement(By.cssSelector(order + "[data-testid='line-reasons']")).getText())
                    .contains("EUR");
            new org.openqa.selenium.support.ui.Select(browser.find("held-orders")
                    .findElement(By.cssSelector(order + "[data-testid='convert-currency']"))).selectByValue("USD");
            browser.find("held-orders").findElement(By.cssSelector(order + "[data-testid='convert-order']")).click();
            browser.waitForText("message", "converted to USD");
            browser.waitUntil(driver -> driver.findElement(By.cssSelector(order + "[data-testid='send-order']")).isEnabled());
            browser.screenshot("order-desk-converted");
            browser.find("held-orders").findElement(By.cssSelector(order + "[data-testid='send-order']")).click();
            browser.waitForText("message", "PO-A-5200 was sent on to direct sales");
        }

        Message sent = client.receive("hub.out.directsales", "HubPoNumber = 'PO-A-5200'", Duration.ofSeconds(15));
        assertThat(sent).isNotNull();
        assertThat(((TextMessage) sent).getText()).contains("<currency>USD</currency>", "<contractPrice>8.6044</contractPrice>");
    }
}
