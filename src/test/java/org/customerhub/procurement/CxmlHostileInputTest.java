package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.customerhub.HostileXml;
import org.customerhub.HostileInputs;
import org.customerhub.HubClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cXML door: every hostile variant of an order posted to /cxml is refused with a cXML 400 (an oversize one with
 * HTTP 413 around it) and its reason, nothing is fetched or stored, and the hub stays healthy. An XInclude is inert:
 * nothing is included, the request is served as if it were not there.
 */
class CxmlHostileInputTest {
    private static final Pattern STATUS = Pattern.compile("<Status code=\"(\\d+)\" text=\"([^\"]*)\"[^>]*>([^<]*)<");
    @RegisterExtension
    static final HostileInputs DOOR = HostileInputs.onSharedHub();


    @ParameterizedTest
    @EnumSource(HostileXml.class)
    void aHostileRequestIsRefusedWithItsReasonAndChangesNothing(HostileXml attack) throws Exception {
        String payloadId = UUID.randomUUID() + "@procure.prominate.example";
        boolean inert = attack == HostileXml.XINCLUDE;
        String document = inert ? CxmlDocuments.profile(payloadId)
                : CxmlDocuments.order("", payloadId, CxmlDocuments.SECRET, "PO-" + attack.ordinal() + "-77", "Ivo Sand",
                "ivo.sand@harbormarine.example.com");
        List<Long> before = DOOR.storeCounts();

        HttpResponse<String> answer = DOOR.client().post("/cxml", "text/xml", attack.apply(document, DOOR.tripwire()));
        assertThat(answer.statusCode()).isEqualTo(attack == HostileXml.OVERSIZE ? 413 : 200);
        Matcher status = STATUS.matcher(answer.body());
        assertThat(status.find()).as("a cXML Status in " + answer.body()).isTrue();
        assertThat(Integer.parseInt(status.group(1))).as(status.group(3)).isEqualTo(inert ? 200 : 400);
        assertThat(inert || !status.group(3).isBlank()).as("a refusal gives its reason").isTrue();
        assertThat(answer.body()).doesNotContain("root:x:0:0", "Exception");
        DOOR.assertNothingTouchedSince(before);
    }
}
