package org.customerhub.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HostileInputs;
import org.customerhub.HostileXml;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST door: hostile correction bodies (deep nesting, oversize, bytes that are not UTF-8, truncation, huge numbers
 * and fields, XML with entities) and hostile search parameters are answered 4xx with a JSON reason; the customer is
 * unchanged, nothing is queued or stored, nothing is fetched, and the hub stays healthy.
 */
class RestHostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final HostileInputs DOOR = HostileInputs.onSharedHub();
    private static String ibarra;

    @BeforeAll
    static void oneCustomer() throws Exception {
        // a web account and person of this class alone: the sample is another class's customer
        new Ingest(DOOR.hub(), DOOR.client()).sendText("web", HubClient.resource("web/account-created-ibarra.xml")
                .replace("U30815520", "U30815599").replace("d82b3786-d1a1-47e9-ba61-1368cb6de218", "d82b3786-d1a1-47e9-ba61-1368cb6de299")
                .replace("tomas.ibarra", "tomas.ibanez").replace("Ibarra", "Ibanez").replace("555-0158", "555-0199")
                .replace("4418 N Kedzie", "4426 N Kedzie"), Map.of());
        ibarra = DOOR.client().only("key", "web:U30815599").get("hubId").asText();
    }

    static Stream<Arguments> hostileCorrections() {
        ByteArrayOutputStream notUtf8 = new ByteArrayOutputStream();
        notUtf8.writeBytes("{\"name\":{\"given\":\"Tom".getBytes(StandardCharsets.UTF_8));
        notUtf8.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        notUtf8.writeBytes("s\",\"family\":\"Ibarra\"}}".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("deep nesting", 400, "{\"email\":\"x@example.com\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"),
                Arguments.of("larger than a correction", 400, "{\"email\":\"" + "a".repeat(20_000) + "@example.com\"}"),
                Arguments.of("larger than any request", 413, "{\"email\":\"" + "a".repeat(5_000_000) + "@example.com\"}"),
                Arguments.of("not UTF-8", 400, notUtf8.toByteArray()),
                Arguments.of("truncated", 400, "{\"address\":{\"line1\":\"9 Elm St\",\"city\":\"Sal"),
                Arguments.of("huge number", 400, "{\"phone\":1" + "0".repeat(5_000) + "}"),
                Arguments.of("huge field", 400, "{\"name\":{\"given\":\"" + "T".repeat(10_000) + "\",\"family\":\"Ibarra\"}}"),
                Arguments.of("control characters", 400, "{\"email\":\"tom\\u0000@example.com\"}"),
                Arguments.of("XML with entities", 400, new String(HostileXml.ENTITY_EXPANSION.apply("<a>b</a>", DOOR.tripwire()),
                        StandardCharsets.UTF_8)),
                Arguments.of("not an object", 400, "[\"email\",\"x@example.com\"]"));
    }

    private static JsonNode customer() throws Exception {
        JsonNode customer = DOOR.client().getJson("/api/customers/" + ibarra);
        return JSON.createObjectNode().setAll(List.of("names", "emails", "phones", "addresses").stream()
                .collect(java.util.stream.Collectors.toMap(field -> field, customer::get)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCorrections")
    void aHostileCorrectionIsRefusedWithItsReasonAndChangesNothing(String what, int status, Object body) throws Exception {
        JsonNode before = customer();
        List<Long> counts = DOOR.storeCounts();
        byte[] bytes = body instanceof byte[] raw ? raw : ((String) body).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = DOOR.client().request("POST", "/api/customers/" + ibarra + "/corrections",
                HubClient.AGENT_LOGIN, "application/json", bytes);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        if (status == 400) {
            assertThat(JSON.readTree(answer.body()).get("detail").asText()).as("the reason").isNotBlank();
        }
        assertThat(customer()).isEqualTo(before);
        DOOR.assertNothingTouchedSince(counts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/customers?q=LONG", "/api/customers?key=LONG", "/api/customers?email=LONG", "/api/customers/LONG",
            "/api/customers?q=%00%00", "/api/customers?%00=1&key=%00", "/api/customers?q=Ibarra%0D%0AX-Injected:%20yes",
            "/api/customers?order=web:%25%27%20OR%201=1"})
    void hostileSearchParametersAreRefusedOrFindNobody(String path) throws Exception {
        List<Long> counts = DOOR.storeCounts();
        HttpResponse<String> answer = DOOR.client().get(path.replace("LONG", URLEncoder.encode("x".repeat(1_000), StandardCharsets.UTF_8)),
                "application/json");
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 400, 404);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(answer.headers().map()).doesNotContainKey("x-injected");
        if (answer.statusCode() == 200) {
            assertThat(JSON.readTree(answer.body())).as("nobody found").isEmpty();
        }
        DOOR.assertNothingTouchedSince(counts);
    }
}
