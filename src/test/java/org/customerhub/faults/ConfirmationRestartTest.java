package org.customerhub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.customerhub.TestHub;
import org.customerhub.security.HashedSecret;
import org.junit.jupiter.api.Test;

/**
 * A ConfirmationRequest the platform has not taken yet survives a kill -9 of the hub: it waits on the broker's journal
 * and is delivered once the hub is back and the platform is up. The hub runs in a JVM of its own (HubProcess).
 */
class ConfirmationRestartTest {
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private String send(HubProcess hub, String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", ADMIN);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The held order's confirmations as the admin API shows them. */
    private JsonNode confirmations(HubProcess hub, String orderId) throws Exception {
        for (JsonNode held : JSON.readTree(send(hub, "GET", "/admin/api/procurement/exceptions", null, null))) {
            if (held.get("orderId").asText().equals(orderId)) {
                return JSON.readTree(send(hub, "GET", "/admin/api/procurement/exceptions/" + held.get("id").asText(), null, null))
                        .get("confirmations");
            }
        }
        return JSON.createArrayNode();
    }

    @Test
    void aConfirmationNotYetTakenIsDeliveredAfterAKill() throws Exception {
        Path folder = Path.of("target", "confirmation-restart", UUID.randomUUID().toString());
        Files.createDirectories(folder);
        int platformPort = TestHub.freePort();
        Path partners = folder.resolve("partners.properties");
        Files.writeString(partners, """
                partner.prominate.domain = NetworkId
                partner.prominate.identity = inbound@prominate-platform.com
                partner.prominate.secret = %s
                partner.prominate.deployment-modes = test
                partner.prominate.account = DS-104233
                partner.prominate.default-contact = CT-104233
                partner.prominate.confirmation-url = http://127.0.0.1:%d/cxml
                partner.prominate.confirmation-identity = supplier-7731@customerhub.example
                partner.prominate.confirmation-secret = tide-and-harbour
                """.formatted(HashedSecret.hash("coyote"), platformPort), StandardCharsets.UTF_8);
        HubProcess hub = new HubProcess(folder, Map.of("hub.cxml.partners", partners.toString()));
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer platform = HttpServer.create(new InetSocketAddress("127.0.0.1", platformPort), 0);
        platform.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "<cXML><Response><Status code=\"200\" text=\"OK\"/></Response></cXML>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        hub.start();
        try {
            String order = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
                    <cXML payloadID="%s@procure.prominate.example" timestamp="2026-03-06T08:30:00-05:00">
                      <Header>
                        <From><Credential domain="NetworkId"><Identity>buyer-org@prominate-platform.com</Identity></Credential></From>
                        <To><Credential domain="DUNS"><Identity>012345678</Identity></Credential></To>
                        <Sender><Credential domain="NetworkId"><Identity>inbound@prominate-platform.com</Identity>
                          <SharedSecret>coyote</SharedSecret></Credential><UserAgent>Prominate Procure 7.2</UserAgent></Sender>
                      </Header>
                      <Request deploymentMode="test">
                        <OrderRequest>
                          <OrderRequestHeader orderID="PO-R-7001" orderDate="2026-03-06T08:30:00-05:00" type="new">
                            <Total><Money currency="USD">86.40</Money></Total>
                            <Contact role="endUser"><Name xml:lang="en">Pell Ward</Name><Email>pell.ward@tidewater.example.org</Email></Contact>
                          </OrderRequestHeader>
                          <ItemOut quantity="6" lineNumber="1">
                            <ItemID><SupplierPartID>7730012</SupplierPartID></ItemID>
                            <ItemDetail><UnitPrice><Money currency="USD">14.40</Money></UnitPrice>
                              <Description xml:lang="en">Sample bottles</Description><UnitOfMeasure>CS</UnitOfMeasure></ItemDetail>
                          </ItemOut>
                        </OrderRequest>
                      </Request>
                    </cXML>
                    """.formatted(UUID.randomUUID());
            assertThat(send(hub, "POST", "/cxml", "text/xml", order)).contains("<Status code=\"200\"");
            // the platform is down: the confirmation is tried and waits for its next delivery
            await().atMost(PATIENCE).until(() -> confirmations(hub, "PO-R-7001").findValuesAsText("attempts").stream()
                    .anyMatch(attempts -> Integer.parseInt(attempts) >= 1));
            assertThat(confirmations(hub, "PO-R-7001").get(0).get("answered_at").isNull()).isTrue();

            hub.kill();
            platform.start();
            hub.start();
            await().atMost(PATIENCE).until(() -> received.stream().anyMatch(body -> body.contains("orderID=\"PO-R-7001\"")
                    && body.contains("<ConfirmationHeader type=\"detail\"")));
            await().atMost(PATIENCE).until(() -> !confirmations(hub, "PO-R-7001").get(0).get("answered_at").isNull());
        } finally {
            platform.stop(0);
            if (hub.running()) {
                hub.stop();
            }
        }
    }
}
