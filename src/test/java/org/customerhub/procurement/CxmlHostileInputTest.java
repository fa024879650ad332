package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.customerhub.HostileXml;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cXML door: every hostile variant of an order posted to /cxml is refused with a cXML 400 (an oversize one with
 * HTTP 413 around it) and its reason, nothing is fetched or stored, and the hub stays healthy. An XInclude is inert:
 * nothing is included, the request is served as if it were not there.
 */
class CxmlHostileInputTest {
    private static final Pattern STATUS = Pattern.compile("<Status code=\"(\\d+)\" text=\"([^\"]*)\"[^>]*>([^<]*)<");
    private static TestHub hub;
    private static HubClient client;
    private static HostileXml.Tripwire tripwire;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
        client = hub.client();
        tripwire = new HostileXml.Tripwire();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        tripwire.close();
    }

    private static List<Long> storeCounts() throws Exception {
        return List.of(hub.count("SELECT COUNT(*) FROM customer"), hub.count("SELECT COUNT(*) FROM raw_message"),
                hub.count("SELECT COUNT(*) FROM procurement_order"), hub.count("SELECT COUNT(*) FROM punchout_session"));
    }

    @ParameterizedTest
    @EnumSource(HostileXml.class)
    void aHostileRequestIsRefusedWithItsReasonAndChangesNothing(HostileXml attack) throws Exception {
        String payloadId = UUID.randomUUID() + "@procure.prominate.example";
        boolean inert = attack == HostileXml.XINCLUDE;
        String document = inert ? CxmlDocuments.profile(payloadId)
                : CxmlDocuments.order("", payloadId, CxmlDocuments.SECRET, "PO-" + attack.ordinal() + "-77", "Ivo Sand",
                "ivo.sand@harbormarine.example.com");
        List<Long> before = storeCounts();

        HttpResponse<String> answer = client.post("/cxml", "text/xml", attack.apply(document, tripwire));
        assertThat(answer.statusCode()).isEqualTo(attack == HostileXml.OVERSIZE ? 413 : 200);
        Matcher status = STATUS.matcher(answer.body());
        assertThat(status.find()).as("a cXML Status in " + answer.body()).isTrue();
        assertThat(Integer.parseInt(status.group(1))).as(status.group(3)).isEqualTo(inert ? 200 : 400);
        assertThat(inert || !status.group(3).isBlank()).as("a refusal gives its reason").isTrue();
        assertThat(answer.body()).doesNotContain("root:x:0:0", "Exception");
        assertThat(storeCounts()).isEqualTo(before);
        assertThat(tripwire.hits()).as("requests the hub made").isZero();
        assertThat(client.get("/health", "application/json").statusCode()).isEqualTo(200);
    }
}
