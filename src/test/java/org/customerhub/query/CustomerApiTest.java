package org.customerhub.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read API over real HTTP: one customer as JSON or canonical XML, merges answered by the survivor, health. */
class CustomerApiTest {
    private static HubClient client;
    private static String webHubId;
    private static String catalogueHubId;

    @BeforeAll
    static void mergeTwoCustomers() throws Exception {
        TestHub hub = TestHub.shared();
        client = hub.client();
        Ingest ingest = new Ingest(hub, client);
        ingest.send("web", "scenarios/merge/01-web-account-created.xml");
        ingest.send("catalogue", "scenarios/merge/02-catalogue-order.xml");
        webHubId = only("key", "web:U41900001").get("hubId").asText();
        catalogueHubId = only("key", "catalogue:0900001").get("hubId").asText();
        assertThat(webHubId).as("a shared name alone keeps them apart").isNotEqualTo(catalogueHubId);
        ingest.send("catalogue", "scenarios/merge/03-catalogue-customer-change.xml");
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    private static JsonNode only(String parameter, String value) {
        return client.only(parameter, value);
    }

    @Test
    void aMessageThatShowsTwoCustomersAreOneMergesThem() {
        JsonNode survivor = await().atMost(Duration.ofSeconds(10))
                .until(() -> client.getJson("/api/customers/" + catalogueHubId), c -> c.get("hubId").asText().equals(webHubId));
        assertThat(survivor.get("mergedIds").toString()).contains(catalogueHubId);
        assertThat(survivor.get("sourceKeys").toString()).contains("web:U41900001", "catalogue:0900001");
        assertThat(survivor.get("interactions").toString()).contains("ML00900001");
        assertThat(only("key", "catalogue:0900001").get("hubId").asText()).isEqualTo(webHubId);
    }

    @Test
    void customerAsCanonicalXmlIsValidAgainstTheCanonicalSchema() throws Exception {
        HttpResponse<String> response = client.get("/api/customers/" + webHubId, "application/xml");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/xml"));
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(Path.of("xsd/canonical/customer.xsd").toFile()).newValidator()
                .validate(new StreamSource(new StringReader(response.body())));
        assertThat(response.body()).contains("hubId=\"" + webHubId + "\"");
    }

    @Test
    void unknownCustomerIs404AndASearchNeedsAParameter() {
        assertThat(client.get("/api/customers/no-such-id", "application/json").statusCode()).isEqualTo(404);
        assertThat(client.get("/api/customers", "application/json").statusCode()).isEqualTo(400);
        assertThat(client.find("email", "nobody@example.invalid")).isEmpty();
    }

    @Test
    void theOpenApiDocumentDescribesEveryPathTheApiServes() {
        HttpResponse<String> openApi = client.get("/api/openapi.yaml", "application/yaml");
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).startsWith("openapi: 3").contains("/api/customers:", "/api/customers/{hubId}:", "/health:",
                "sourceKeys", "interactions");
    }

    @Test
    void healthIsUpWhenBrokerDatabaseAndRoutesAre() {
        HttpResponse<String> health = client.get("/health", "application/json");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }
}
