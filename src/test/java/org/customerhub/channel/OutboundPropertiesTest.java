package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.customerhub.BrokerLogin;
import org.customerhub.HubClient;
import org.customerhub.Stomp;
import org.customerhub.TestHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the hub sends carries only the properties the hub means to send, never those of the message that caused it:
 * not a STOMP sender's frame headers (destination-type, content-type, its own), not its JMSType or reply-to, not an
 * asker's properties on a query answer beyond the correlation.
 */
class OutboundPropertiesTest {
    /** Frame headers a channel's STOMP client attaches to what it sends, which the hub must not pass on. */
    private static final String SENDERS_HEADERS = "destination-type:ANYCAST\ncontent-type:application/xml\ntype:shop-event\n"
            + "reply-to:reply.web.elsewhere\nx-shop-note:till 7\nHubId:forged\n";
    private static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
    }

    @Test
    void aChangeEventAndTheFeedsCarryNoneOfTheSendersHeaders() throws Exception {
        String userId = "U" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String account = HubClient.resource("web/account-created-ibarra.xml")
                .replace("d82b3786-d1a1-47e9-ba61-1368cb6de218", UUID.randomUUID().toString())
                .replace("U30815520", userId);
        // the test plays the hub, which alone may read the change events
        try (Connection events = BrokerLogin.factory("tcp://127.0.0.1:" + hub.brokerPort()).createConnection()) {
            events.start();
            Session session = events.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer changes = session.createConsumer(session.createTopic("hub.customer.events"))) {
                try (Stomp web = new Stomp(hub.brokerPort(), "web", "web")) {
                    assertThat(web.readUntil("\0")).startsWith("CONNECTED");
                    web.frame("SEND\ndestination:hub.in.web\n" + SENDERS_HEADERS + "receipt:sent\n\n" + account);
                    assertThat(web.readUntil("\0")).contains("RECEIPT");
                }
                Message event = next(changes, userId);
                assertNoSendersJmsHeaders(event);
                assertThat(propertyNames(event)).as("an event's properties").isEmpty();
            }
        }
        try (HubClient retail = hub.client()) {
            Message feed = retail.receiveMatching("hub.out.retail", "HubSourceChannel = 'web'", userId);
            assertNoSendersJmsHeaders(feed);
            assertThat(propertyNames(feed)).as("a feed message's properties").containsExactlyInAnyOrder("HubId", "HubEventId",
                    "HubSourceChannel");
            assertThat(feed.getStringProperty("HubId")).isNotEqualTo("forged");
        }
    }

    @Test
    void aQueryAnswerCarriesNoneOfTheAskersPropertiesButTheCorrelation() throws Exception {
        try (Stomp web = new Stomp(hub.brokerPort(), "web", "web")) {
            assertThat(web.readUntil("\0")).startsWith("CONNECTED");
            web.frame("SUBSCRIBE\nid:1\ndestination:reply.web.properties\nack:auto\nreceipt:subscribed\n\n");
            assertThat(web.readUntil("\0")).contains("RECEIPT");
            web.frame("SEND\ndestination:hub.customer.query\ndestination-type:ANYCAST\nreply-to:reply.web.properties\n"
                    + "correlation-id:properties-1\ntype:question\nx-asker-note:mine\nHubReplyFormat:canonical\n\n"
                    + "<customerQuery xmlns=\"urn:customerhub:query:1\"><card>7100000001</card></customerQuery>");
            String answer = web.readUntil("\0");
            assertThat(answer).startsWith("MESSAGE").contains("correlation-id:properties-1", "status=\"NOT_FOUND\"")
                    .doesNotContain("x_HYPHEN_asker_HYPHEN_note", "type:question", "HubReplyFormat", "destination_HYPHEN_type",
                            "reply-to:");
        }
    }

    /** The next change event about the user id, skipping those of other tests. */
    private static Message next(MessageConsumer changes, String userId) throws JMSException {
        for (Message message = changes.receive(15_000); message != null; message = changes.receive(15_000)) {
            if (((TextMessage) message).getText().contains(userId)) {
                return message;
            }
        }
        throw new AssertionError("no change event about " + userId);
    }

    /** Neither a JMSType nor a reply-to: the sender's would make the receiver answer or sort the message as the sender meant. */
    private static void assertNoSendersJmsHeaders(Message message) throws JMSException {
        assertThat(message.getJMSType()).as("JMSType").isNull();
        assertThat(message.getJMSReplyTo()).as("JMSReplyTo").isNull();
    }

    /** The message's own properties: those the broker adds (JMSX...) are no one's to choose. */
    private static List<String> propertyNames(Message message) throws JMSException {
        List<String> names = new ArrayList<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            if (!((String) name).startsWith("JMSX")) {
                names.add((String) name);
            }
        }
        return names;
    }
}
