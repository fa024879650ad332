package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.Browser;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * A load's progress as a running hub shows it: the load writes its counts and samples to the store it shares with the
 * hub, and the admin API (real HTTP) and the console's Loads page (Chromium) show them.
 */
class LoadsPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theAdminApiAndTheLoadsPageShowALoadWithItsCountsAndRate() throws Exception {
        LoadFiles files = new LoadFiles();
        TestHub hub = files.hub();
        try (HubClient client = hub.client()) {
            List<String> documents = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                documents.add(LoadFiles.orderOfPerson(700 + i, i % 10, 1 + i % 28));
            }
            documents.set(5, "<CATALOGUE_ORDER><HDR/></CATALOGUE_ORDER>");
            Path file = files.write("history.xml", LoadFiles.sequence(documents));
            LoadFiles.Run run = files.load("--channel", "catalogue", file.toString());

            HttpResponse<String> answer = client.request("GET", "/admin/api/loads", HubClient.ADMIN_LOGIN, null, null);
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode load = JSON.readTree(answer.body()).get(0);
            assertThat(load.get("id").asText()).isEqualTo(run.result().loadId());
            assertThat(load.get("state").asText()).isEqualTo("DONE");
            assertThat(load.get("channel").asText()).isEqualTo("catalogue");
            assertThat(load.get("counts").get("read").asLong()).isEqualTo(40);
            assertThat(load.get("counts").get("rejected").asLong()).isEqualTo(1);
            assertThat(load.get("counts").get("created").asLong()).isEqualTo(10);
            assertThat(load.get("counts").get("matched").asLong()).isEqualTo(29);
            // a batch of 7 records is committed and sampled at a time
            assertThat(load.get("samples").size()).isGreaterThanOrEqualTo(6);
            assertThat(client.request("GET", "/admin/api/loads", HubClient.AGENT_LOGIN, null, null).statusCode())
                    .isEqualTo(403);

            try (Browser browser = new Browser(hub.httpPort())) {
                browser.open("/admin/");
                browser.login("admin", "admin");
                browser.click("nav-loads");
                browser.waitForText("load-read", "40");
                assertThat(browser.textOf("load-state")).isEqualTo("Done");
                assertThat(browser.textOf("load-rejected")).isEqualTo("1");
                assertThat(browser.textOf("load-count-created")).isEqualTo("10");
                assertThat(browser.textOf("load-count-matched")).isEqualTo("29");
                assertThat(browser.find("load-rate-chart").findElements(org.openqa.selenium.By.tagName("polyline"))).hasSize(1);
                browser.screenshot("loads-page");
            }
        } finally {
            hub.stop();
        }
    }
}
