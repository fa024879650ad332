package org.customerhub.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tier rules of config/value.properties change live through the admin API, and move customers when they do. */
class ValueRulesLiveTest {
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hub.value.refit", "0");
        hub = TestHub.withOwnFiles(settings);
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    void aStricterProfitRuleMovesACustomerAndTheFeedHearsOfIt() throws Exception {
        new Ingest(hub, client).sendText("web", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Event xmlns="urn:example:web:events:2026" type="ORDER_PLACED" id="5f1c2a44-0c1e-4d52-9d0e-7a7a1d8e0c55" at="%sT09:00:00Z">
                  <Shopper><userId>U30881001</userId><email>odile.vance@example.net</email>
                    <Name><given>Odile</given><family>Vance</family></Name></Shopper>
                  <Order><orderId>W000881001</orderId><Line><sku>120334</sku><qty>1</qty><unitPrice>10.00</unitPrice></Line>
                    <total>10.00</total><currency>USD</currency></Order>
                </Event>""".formatted(LocalDate.now(ZoneOffset.UTC).minusDays(3)), Map.of());
        String hubId = client.only("key", "web:U30881001").get("hubId").asText();
        // the shipped rules: 30% of 10.00 assumed as margin, less 1.00 to serve a web order
        assertThat(client.getJson("/api/customers/" + hubId).get("value").get("profit").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(client.getJson("/api/customers/" + hubId).get("value").get("tier").asText()).isEqualTo("standard");

        String shipped = Files.readString(Path.of("config/value.properties"), StandardCharsets.UTF_8);
        HttpResponse<String> refused = put(shipped.replace("rate.EUR = 1.08", "rate.EUR = -1"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("rate.EUR must be above 0");

        HttpResponse<String> applied = put(shipped.replace("tier.unprofitable.profit-below = 0", "tier.unprofitable.profit-below = 5"));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        Message event = client.receiveMatching("hub.out.retail", "HubId = '" + hubId + "'", "TIER_CHANGED");
        assertThat(((TextMessage) event).getText()).contains("from=\"standard\"", "to=\"unprofitable\"", "below 5");
        assertThat(event.getStringProperty("HubSourceChannel")).isEqualTo("hub");
        assertThat(client.getJson("/api/customers/" + hubId).get("value").get("tier").asText()).isEqualTo("unprofitable");
    }

    private static HttpResponse<String> put(String content) {
        return client.request("PUT", "/admin/api/files/config/value.properties", HubClient.ADMIN_LOGIN, "text/plain",
                content.getBytes(StandardCharsets.UTF_8), "X-Hub-Console", "1");
    }
}
