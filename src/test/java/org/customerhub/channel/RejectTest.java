package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reject code a channel message can earn before it reaches the store: the message lands on its channel's
 * dead-letter queue unchanged with the contract's properties, no customer changes, and the listener carries on.
 */
class RejectTest {
    private static final String ORDER = HubClient.resource("catalogue/order-phone-lindqvist.xml");
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        TestHub hub = TestHub.shared();
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    static Stream<String> invalidMessages() throws Exception {
        return Stream.of("catalogue", "retail", "directsales", "web").flatMap(channel -> {
            try {
                return Files.list(Path.of("src/test/resources/messages", channel, "invalid"))
                        .map(p -> channel + "/invalid/" + p.getFileName()).sorted();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("invalidMessages")
    void schemaInvalidMessagesAreDeadLetteredWithTheirReason(String resource) throws Exception {
        String channel = resource.substring(0, resource.indexOf('/'));
        String body = HubClient.resource(resource);
        Message dead = rejectText(channel, body);
        assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("SCHEMA_INVALID");
        assertThat(((TextMessage) dead).getText()).isEqualTo(body);
        assertThat(dead.getStringProperty("HubErrorDetail")).startsWith("cvc-");
    }

    @Test
    void emptyMessage() throws Exception {
        assertThat(rejectText("web", "").getStringProperty("HubErrorCode")).isEqualTo("EMPTY_MESSAGE");
        assertThat(rejectBytes("web", new byte[0]).getStringProperty("HubErrorCode")).isEqualTo("EMPTY_MESSAGE");
    }

    @Test
    void oversizeMessageIsRejectedBeforeParsing() throws Exception {
        String huge = ORDER.replace("<CATALOGUE_ORDER>", "<CATALOGUE_ORDER><!--" + "x".repeat(1024 * 1024) + "-->");
        Message dead = rejectText("catalogue", huge);
        assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("OVERSIZE");
        assertThat(((TextMessage) dead).getText()).hasSize(huge.length());
    }

    @Test
    void oversizeBytesAreRejectedUnchanged() throws Exception {
        byte[] huge = ORDER.replace("<CATALOGUE_ORDER>", "<CATALOGUE_ORDER><!--" + "y".repeat(1024 * 1024) + "-->")
                .getBytes(StandardCharsets.UTF_8);
        Message dead = rejectBytes("catalogue", huge);
        assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("OVERSIZE");
        assertThat(bodyOf((BytesMessage) dead)).isEqualTo(huge);
    }

    @Test
    void aValueLongerThanAnyFieldIsRefusedBeforeTheSchemaSeesIt() throws Exception {
        String slowEmail = "A@." + "B.".repeat(100_000) + " X";
        String body = ORDER.replace("<PHONE>", "<EMAIL>" + slowEmail + "</EMAIL><PHONE>");
        Message dead = rejectText("catalogue", body);
        assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("SCHEMA_INVALID");
        assertThat(dead.getStringProperty("HubErrorDetail")).contains("longer than any field");
    }

    @Test
    void truncatedDocumentIsMalformed() throws Exception {
        String truncated = ORDER.substring(0, ORDER.length() / 2);
        assertThat(rejectText("catalogue", truncated).getStringProperty("HubErrorCode")).isEqualTo("MALFORMED_XML");
    }

    @Test
    void bytesThatAreNotTheDeclaredEncoding() throws Exception {
        byte[] bytes = ORDER.replace("<DESC>", "<DESC>\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        Message dead = rejectBytes("catalogue", bytes);
        assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("ENCODING_ERROR");
        assertThat(bodyOf((BytesMessage) dead)).isEqualTo(bytes);
    }

    @Test
    void unknownDeclaredEncoding() throws Exception {
        byte[] bytes = ORDER.replace("encoding=\"UTF-8\"", "encoding=\"X-NO-SUCH-CHARSET\"").getBytes(StandardCharsets.UTF_8);
        assertThat(rejectBytes("catalogue", bytes).getStringProperty("HubErrorCode")).isEqualTo("ENCODING_ERROR");
    }

    @Test
    void doctypeIsForbiddenAndNothingIsExpanded() throws Exception {
        String laughs = ORDER.replace("<CATALOGUE_ORDER>", """
                <!DOCTYPE CATALOGUE_ORDER [
                  <!ENTITY lol "lol">
                  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY ext SYSTEM "file:///etc/passwd">
                ]>
                <CATALOGUE_ORDER>""").replace("<DESC>", "<DESC>&lol2;&ext;");
        assertThat(rejectText("catalogue", laughs).getStringProperty("HubErrorCode")).isEqualTo("DTD_FORBIDDEN");
    }

    @Test
    void anotherChannelsDocumentHasTheWrongNamespace() throws Exception {
        String webEvent = HubClient.resource("web/order-placed-lindqvist.xml");
        Message dead = rejectText("retail", webEvent);
        assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("WRONG_NAMESPACE");
        assertThat(dead.getStringProperty("HubSourceQueue")).isEqualTo("hub.in.retail");
        assertThat(dead.getStringProperty("JMSXGroupID")).as("the work queue's message group, not kept").isNull();
    }

    @Test
    void unknownRootInTheRightNamespaceIsTheWrongDocumentType() throws Exception {
        String receipt = "<?xml version=\"1.0\"?><pos:Receipt xmlns:pos=\"urn:example:retail:pos:v2\" store=\"0001\"/>";
        assertThat(rejectText("retail", receipt).getStringProperty("HubErrorCode")).isEqualTo("WRONG_DOCUMENT_TYPE");
        String catalogue = ORDER.replace("CATALOGUE_ORDER", "CATALOGUE_RETURN");
        assertThat(rejectText("catalogue", catalogue).getStringProperty("HubErrorCode")).isEqualTo("WRONG_DOCUMENT_TYPE");
    }

    @Test
    void rejectedMessagesChangeNoCustomerAndTheListenerCarriesOn() throws Exception {
        String unknownAccount = ORDER.replace("<ACCT_NO>0058214</ACCT_NO>", "<ACCT_NO>9990001</ACCT_NO>")
                .replace("<ORDER_DT>", "<ORDER_DT>bad");
        rejectText("catalogue", unknownAccount);
        assertThat(client.find("key", "catalogue:9990001")).isEmpty();
        String valid = ORDER.replace("<ACCT_NO>0058214</ACCT_NO>", "<ACCT_NO>9990002</ACCT_NO>")
                .replace("PH00562190", "PH99900002");
        ingest.sendText("catalogue", valid, Map.of());
        assertThat(client.find("key", "catalogue:9990002")).hasSize(1);
    }

    @Test
    void deadLetterCarriesTheContractProperties() throws Exception {
        Message dead = rejectText("web", "<Event/>");
        assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("WRONG_NAMESPACE");
        assertThat(dead.getStringProperty("HubErrorDetail")).isNotBlank();
        assertThat(dead.getStringProperty("HubSourceQueue")).isEqualTo("hub.in.web");
        assertThat(OffsetDateTime.parse(dead.getStringProperty("HubFailedAt"))).isBeforeOrEqualTo(OffsetDateTime.now());
    }

    private static Message rejectText(String channel, String body) throws Exception {
        String testCase = UUID.randomUUID().toString();
        client.sendText("hub.in." + channel, body, Map.of("TestCase", testCase));
        return deadLetter(channel, testCase);
    }

    private static Message rejectBytes(String channel, byte[] body) throws Exception {
        String testCase = UUID.randomUUID().toString();
        client.sendBytes("hub.in." + channel, body, Map.of("TestCase", testCase));
        return deadLetter(channel, testCase);
    }

    private static Message deadLetter(String channel, String testCase) throws Exception {
        Message dead = client.receive("hub.dlq." + channel, "TestCase = '" + testCase + "'", Duration.ofSeconds(20));
        assertThat(dead).as("dead letter on hub.dlq." + channel).isNotNull();
        return dead;
    }

    private static byte[] bodyOf(BytesMessage message) throws Exception {
        return message.getBody(byte[].class);
    }
}
