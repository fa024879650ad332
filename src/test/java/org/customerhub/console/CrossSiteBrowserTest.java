package org.customerhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

import org.apache.camel.ServiceStatus;
import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks on the console's users in a real Chromium: a page of another origin on the same site (another port of
 * 127.0.0.1) and a page of another site (localhost) try to read customers and stop a route with what the browser
 * holds for the hub, its console cookie or the Basic credentials it was once given. The pages are served by a small
 * HTTP server of the test's own; each writes what it achieved into its body for the test to read.
 */
class CrossSiteBrowserTest {
    private static final String ROUTE = "feed-web";
    private static TestHub hub;
    private static HttpServer attacker;
    private static final Map<String, String> PAGES = new ConcurrentHashMap<>();
    private Browser browser;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.isolated(new Properties());
        try (HubClient client = hub.client()) {
            new Ingest(hub, client).send("catalogue", "catalogue/order-phone-lindqvist.xml");
            client.only("key", "catalogue:0058214");
        }
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", TestHub.freePort()), 0);
        attacker.createContext("/", exchange -> {
            String page = PAGES.getOrDefault(exchange.getRequestURI().getPath(), "");
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
            exchange.sendResponseHeaders(page.isEmpty() ? 404 : 200, page.isEmpty() ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        attacker.stop(0);
        hub.stop();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        browser = new Browser(hub.httpPort());
    }

    @AfterEach
    void closeBrowserAndRestartTheRoute() throws Exception {
        browser.close();
        if (hub.context().getRouteController().getRouteStatus(ROUTE) != ServiceStatus.Started) {
            hub.context().getRouteController().startRoute(ROUTE);
        }
    }

    private static String hubUrl(String path) {
        return "http://127.0.0.1:" + hub.httpPort() + path;
    }

    /** The attacker's page at host (127.0.0.1: the hub's site, another origin; localhost: another site). */
    private static String page(String host, String name, String html) {
        PAGES.put("/" + name, "<!doctype html><html><body>" + html + "</body></html>");
        return "http://" + host + ":" + attacker.getAddress().getPort() + "/" + name;
    }

    private static String formThatStopsTheRoute() {
        return "<form method='post' action='" + hubUrl("/admin/api/routes/" + ROUTE + "/stop") + "'>"
                + "<input type='hidden' name='X-Hub-Console' value='1'></form>"
                + "<script>document.forms[0].submit()</script>";
    }

    private void waitUntilTheFormWasAnswered() {
        browser.waitUntil(driver -> driver.getCurrentUrl().startsWith(hubUrl("/admin/api/routes/")));
    }

    private static String routeStatus() {
        return hub.context().getRouteController().getRouteStatus(ROUTE).name();
    }

    @Test
    void aPageOfAnotherOriginOnTheSameSiteReadsNoCustomerWithTheConsoleCookie() {
        browser.login("admin", "admin");
        browser.find("current-user");
        String steal = hubUrl("/api/customers?q=Lindqvist&X-Hub-Console=1&Access-Control-Allow-Origin=")
                + "' + encodeURIComponent(location.origin) + '&Access-Control-Allow-Credentials=true";
        browser.openUrl(page("127.0.0.1", "read.html", "<script>"
                + "fetch('" + steal + "', {credentials: 'include'})"
                + ".then(r => r.text()).then(t => document.body.dataset.result = 'read ' + t,"
                + " e => document.body.dataset.result = 'failed ' + e);</script>"));
        browser.waitUntil(driver -> browser.script("return document.body.dataset.result") != null);
        String result = (String) browser.script("return document.body.dataset.result");
        assertThat(result).as("what the page got").doesNotContain("Lindqvist").doesNotContain("hubId");
    }

    @Test
    void aFormOfAnotherOriginOnTheSameSiteCannotStopARouteWithTheConsoleCookie() {
        browser.login("admin", "admin");
        browser.find("current-user");
        browser.openUrl(page("127.0.0.1", "stop.html", formThatStopsTheRoute()));
        waitUntilTheFormWasAnswered();
        assertThat(routeStatus()).isEqualTo(ServiceStatus.Started.name());
    }

    @Test
    void aFormOfAnotherSiteCannotStopARouteWithRememberedBasicCredentials() {
        // an admin once opened the admin API in this browser and answered its password prompt
        browser.openUrl("http://admin:admin@127.0.0.1:" + hub.httpPort() + "/admin/api/dashboard");
        browser.waitUntil(driver -> driver.getPageSource().contains("{") || driver.getPageSource().contains("error"));
        browser.openUrl(page("localhost", "basic.html", formThatStopsTheRoute()));
        waitUntilTheFormWasAnswered();
        assertThat(routeStatus()).isEqualTo(ServiceStatus.Started.name());
    }

    @Test
    void theConsoleItselfStillStopsAndStartsARoute() {
        browser.login("admin", "admin");
        browser.find("current-user");
        Object status = browser.script("return fetch('/admin/api/routes/" + ROUTE + "/stop', {method: 'POST',"
                + " credentials: 'same-origin', headers: {'X-Hub-Console': '1'}}).then(r => r.status)");
        assertThat(status).isEqualTo(200L);
        assertThat(routeStatus()).isEqualTo(ServiceStatus.Stopped.name());
    }
}
