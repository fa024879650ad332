package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.security.HashedSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A partner configured with validate-dtd has its documents checked against the local DTD copy its DOCTYPE's version
 * names, or the nearest version's when that one has none; a document that breaks it is refused with the reason, a DTD
 * with no local copy at all is refused, nothing is fetched. The DTD here is a small one written for the test, in the shape of cXML's envelope.
 */
class CxmlDtdValidationTest {
    private static final String SECRET = "keel-and-rudder";
    private static final String DTD_OLDER = "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">";
    private static final String ENVELOPE_DTD = """
            <!ELEMENT cXML (Header, Request)>
            <!ATTLIST cXML payloadID CDATA #REQUIRED timestamp CDATA #REQUIRED xml:lang CDATA #IMPLIED>
            <!ELEMENT Header (From, To, Sender)>
            <!ELEMENT From (Credential)>
            <!ELEMENT To (Credential)>
            <!ELEMENT Sender (Credential, UserAgent)>
            <!ELEMENT Credential (Identity, SharedSecret?)>
            <!ATTLIST Credential domain CDATA #REQUIRED>
            <!ELEMENT Identity (#PCDATA)>
            <!ELEMENT SharedSecret (#PCDATA)>
            <!ELEMENT UserAgent (#PCDATA)>
            <!ELEMENT Request (ProfileRequest)>
            <!ATTLIST Request deploymentMode (production | test) "production">
            <!ELEMENT ProfileRequest EMPTY>
            """;
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        Path dtds = Files.createTempDirectory(Path.of("target"), "cxml-dtd");
        Files.createDirectories(dtds.resolve("1.2.063"));
        Files.writeString(dtds.resolve("1.2.063").resolve("cXML.dtd"), ENVELOPE_DTD, StandardCharsets.UTF_8);
        Path partners = Files.createTempFile(Path.of("target"), "partners", ".properties");
        Files.writeString(partners, """
                partner.strict.domain = NetworkId
                partner.strict.identity = inbound@prominate-platform.com
                partner.strict.secret = %s
                partner.strict.deployment-modes = test
                partner.strict.account = DS-311870
                partner.strict.validate-dtd = true
                """.formatted(HashedSecret.hash(SECRET)), StandardCharsets.UTF_8);
        Properties settings = new Properties();
        settings.setProperty("hub.cxml.partners", partners.toString());
        settings.setProperty("hub.cxml.dtd-dir", dtds.toString());
        hub = TestHub.isolated(settings);
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static String post(String doctype, String payloadId, String request) {
        String document = CxmlDocuments.envelope(doctype, payloadId, SECRET, "test", request);
        return client.post("/cxml", "text/xml", document.getBytes(StandardCharsets.UTF_8)).body();
    }

    @Test
    void aDocumentThatKeepsTheDtdIsServed() {
        assertThat(post(CxmlDocuments.DTD_MIXED, "v-1@strict.example", "<ProfileRequest/>")).contains("code=\"200\"");
    }

    @Test
    void aDocumentThatBreaksTheDtdIsRefusedWithTheReason() {
        assertThat(post(CxmlDocuments.DTD_MIXED, "v-2@strict.example", "<ProfileRequest><Unexpected/></ProfileRequest>"))
                .contains("code=\"400\"", "cXML.dtd");
    }

    /** 1.2.014 and 1.2.050 have no copy here: the nearest version's (1.2.063) validates them, nothing is fetched. */
    @Test
    void anOlderVersionIsValidatedAgainstTheNearestLocalCopy() {
        assertThat(post(DTD_OLDER, "v-3@strict.example", "<ProfileRequest/>")).contains("code=\"200\"");
        assertThat(post(CxmlDocuments.DTD_LOWER, "v-4@strict.example", "<ProfileRequest/>")).contains("code=\"200\"");
        assertThat(post(DTD_OLDER, "v-5@strict.example", "<ProfileRequest><Unexpected/></ProfileRequest>"))
                .contains("code=\"400\"", "cXML.dtd");
    }

    @Test
    void aDtdWithNoLocalCopyInAnyVersionIsRefusedRatherThanFetched() {
        assertThat(post("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/Fulfill.dtd\">", "v-6@strict.example",
                "<ProfileRequest/>")).contains("code=\"400\"", "no local copy");
    }
}
