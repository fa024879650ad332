package org.customerhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HostileInputs;
import org.customerhub.HostileXml;
import org.customerhub.HubClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin door, on a hub with its own routes/ and config/: a mapping that would read a file or a URL, include or
 * import another stylesheet, write a file or evaluate XPath built at run time, every hostile variant of a mapping or an
 * XML settings file, a schema that includes a file or URL and a YAML alias bomb are all refused with 422 and the reason,
 * on validate and on PUT; the file on disk stays as it was, nothing is fetched or written, and the hub stays healthy.
 * The dead-letter endpoints answer malformed parameters with 400 or 404 and touch no dead letter.
 */
class AdminHostileInputTest {
    private static final String MAPPING = "config/mappings/web-to-canonical.xsl";
    private static final String MAIN_TEMPLATE = "<xsl:template match=\"/w:Event\">";
    private static final Path WRITTEN = Path.of(System.getProperty("java.io.tmpdir"), "hub-written-" + UUID.randomUUID() + ".xml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final HostileInputs DOOR = HostileInputs.onHubWithOwnFiles();

    private static Path home() {
        return Path.of(DOOR.hub().context().getPropertiesComponent().resolveProperty("hub.home").orElseThrow());
    }

    private static HttpResponse<String> admin(String method, String path, byte[] body) {
        return DOOR.client().request(method, "/admin/api" + path, HubClient.ADMIN_LOGIN, "text/plain; charset=UTF-8", body,
                "X-Hub-Console", "1");
    }

    private static String running(String path) throws Exception {
        return Files.readString(home().resolve(path));
    }

    /** The running web mapping with something run first thing on every event. */
    private static String mappingThatRuns(String xpath) throws Exception {
        return running(MAPPING).replace(MAIN_TEMPLATE, MAIN_TEMPLATE + "<xsl:if test=\"" + xpath + "\"><xsl:comment>x</xsl:comment></xsl:if>");
    }

    /** The running web mapping with a declaration or instruction right after its root start tag or in its main template. */
    private static String mappingWith(String topLevel, String instruction) throws Exception {
        String mapping = running(MAPPING);
        int rootEnd = mapping.indexOf('>', mapping.indexOf("<xsl:stylesheet")) + 1;
        return (mapping.substring(0, rootEnd) + topLevel + mapping.substring(rootEnd)).replace(MAIN_TEMPLATE, MAIN_TEMPLATE + instruction);
    }

    static Stream<Arguments> hostileMappings() throws Exception {
        String tripwire = DOOR.tripwire().url();
        return Stream.of(
                Arguments.of("document() of a local file", mappingThatRuns("exists(document('file:///etc/passwd'))")),
                Arguments.of("doc() of a URL", mappingThatRuns("count(doc('" + tripwire + "/doc')//*) gt 0")),
                Arguments.of("unparsed-text() of a local file", mappingThatRuns("string-length(unparsed-text('file:///etc/passwd')) gt 0")),
                Arguments.of("unparsed-text() of a URL", mappingThatRuns("string-length(unparsed-text('" + tripwire + "/text')) gt 0")),
                Arguments.of("collection() of a folder", mappingThatRuns("exists(collection('file:///etc/'))")),
                Arguments.of("xsl:include of a URL", mappingWith("<xsl:include href=\"" + tripwire + "/include.xsl\"/>", "")),
                Arguments.of("xsl:import of a local file", mappingWith("<xsl:import href=\"file:///etc/passwd\"/>", "")),
                Arguments.of("xsl:result-document to a file",
                        mappingWith("", "<xsl:result-document href=\"" + WRITTEN.toUri() + "\"><x/></xsl:result-document>")),
                Arguments.of("xsl:evaluate", mappingWith("", "<xsl:evaluate xpath=\"'unparsed-text(&quot;file:///etc/passwd&quot;)'\"/>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMappings")
    void aMappingThatReachesOutsideIsRefused(String what, String mapping) throws Exception {
        refused(MAPPING, mapping.getBytes(StandardCharsets.UTF_8));
        assertThat(WRITTEN).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = HostileXml.class, names = "XINCLUDE", mode = EnumSource.Mode.EXCLUDE)
    void everyHostileVariantOfAMappingIsRefused(HostileXml attack) throws Exception {
        refused(MAPPING, attack.apply(running(MAPPING), DOOR.tripwire()));
    }

    @Test
    void anXIncludeInAMappingIsNeverProcessed() throws Exception {
        HttpResponse<String> checked = admin("POST", "/files/" + MAPPING + "/validate",
                HostileXml.XINCLUDE.apply(running(MAPPING), DOOR.tripwire()));
        assertThat(checked.body()).doesNotContain("root:x:0:0");
        assertThat(DOOR.tripwire().hits()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = HostileXml.class, names = {"XINCLUDE", "HUGE_ATTRIBUTE"}, mode = EnumSource.Mode.EXCLUDE)
    void everyHostileVariantOfAnXmlSettingsFileIsRefused(HostileXml attack) throws Exception {
        refused("config/samples/web/order-placed-lindqvist.xml",
                attack.apply(running("config/samples/web/order-placed-lindqvist.xml"), DOOR.tripwire()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "TRIPWIRE/schema.xsd"})
    void aSchemaThatIncludesAFileOrAUrlIsRefused(String location) throws Exception {
        String schema = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:include schemaLocation=\""
                + location.replace("TRIPWIRE", DOOR.tripwire().url()) + "\"/></xs:schema>";
        refused("config/extra.xsd", schema.getBytes(StandardCharsets.UTF_8));
        assertThat(home().resolve("config/extra.xsd")).doesNotExist();
    }

    @Test
    void aYamlAliasBombIsRefused() throws Exception {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'j'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
        }
        refused("routes/ingest-web.yaml", bomb.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(DOOR.hub().context().getRouteController().getRouteStatus("ingest-web").isStarted()).isTrue();
    }

    /** Refused with 422 and a reason on validate and on PUT; the file stays as it was, nothing fetched, hub healthy. */
    private static void refused(String path, byte[] body) throws Exception {
        Path file = home().resolve(path);
        String before = Files.exists(file) ? Files.readString(file) : null;
        List<Long> counts = DOOR.storeCounts();
        for (Map.Entry<String, String> call : List.of(Map.entry("POST", "/validate"), Map.entry("PUT", ""))) {
            HttpResponse<String> answer = admin(call.getKey(), "/files/" + path + call.getValue(), body);
            assertThat(answer.statusCode()).as(call.getKey() + ": " + answer.body()).isEqualTo(422);
            JsonNode detail = JSON.readTree(answer.body()).get("detail");
            assertThat(detail.asText()).as("the reason").isNotBlank().doesNotContain("root:x:0:0");
        }
        assertThat(Files.exists(file) ? Files.readString(file) : null).as("the file on disk").isEqualTo(before);
        DOOR.assertNothingTouchedSince(counts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /dlq/web?offset=abc 400", "GET /dlq/web?limit=99999999999999 400",
            "GET /dlq/web?limit=-1&offset=-5 200", "GET /dlq/..%2F..%2Fetc 404", "GET /dlq/web/x'%20OR%20'1'='1 400",
            "POST /dlq/web/replay?id=x'%20OR%20'1'='1 400", "DELETE /dlq/web?code=SCHEMA_INVALID%20OR%201=1 400",
            "DELETE /dlq/web?id=ID:x'%20OR%20JMSPriority%3E0 400", "GET /audit?limit=lots 400"})
    void deadLetterEndpointsRefuseMalformedParametersAndTouchNoDeadLetter(String call) throws Exception {
        if (deadLetterCount() == 0) {
            DOOR.client().sendText("hub.in.web", "<Event/>", Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterCount() > 0);
        }
        int before = deadLetterCount();

        String[] parts = call.split(" ");
        HttpResponse<String> answer = DOOR.client().request(parts[0], "/admin/api" + parts[1], HubClient.ADMIN_LOGIN,
                "application/json", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(Integer.parseInt(parts[2]));
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(deadLetterCount()).as("dead letters").isEqualTo(before);
        assertThat(DOOR.client().get("/health", "application/json").statusCode()).isEqualTo(200);
    }

    private static int deadLetterCount() throws Exception {
        HttpResponse<String> list = DOOR.client().request("GET", "/admin/api/dlq/web?limit=500", HubClient.ADMIN_LOGIN, null, null);
        return JSON.readTree(list.body()).size();
    }
}
