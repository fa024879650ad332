package org.customerhub.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.command.ActiveMQTempQueue;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.Sender;
import org.customerhub.BrokerLogin;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.Stomp;
import org.customerhub.TestHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request/reply on hub.customer.query from a JMS client and an AMQP client with temporary reply queues, and from STOMP:
 * the merged customer by loyalty card, correlation by id, replies in a channel's own format, errors for bad queries.
 */
class CustomerQueryTest {
    private static final String BY_CARD = "<customerQuery xmlns=\"urn:customerhub:query:1\"><card>7112663099</card></customerQuery>";
    private static TestHub hub;

    @BeforeAll
    static void ingestOneCustomerInTwoChannels() throws Exception {
        hub = TestHub.shared();
        try (HubClient client = hub.client()) {
            Ingest ingest = new Ingest(hub, client);
            // a card, web account and person of this class alone: the samples are another class's customer
            ingest.sendText("retail", HubClient.resource("retail/exchange-member-okafor.xml").replace("7112663015", "7112663099")
                    .replace("0820-01-006235", "0820-01-006299"), Map.of());
            ingest.sendText("web", HubClient.resource("web/cart-abandoned-okafor.xml").replace("7112663015", "7112663099")
                    .replace("U30126987", "U30126999").replace("e86b8d88-2dd9-4955-87f9-dcfc37251a7e", "e86b8d88-2dd9-4955-87f9-dcfc37251a99")
                    .replace("chidi.okafor", "chidi.okoro").replace("Okafor", "Okoro").replace("555-0124", "555-0199")
                    .replace("2207 Farmington", "2215 Farmington"), Map.of());
        }
    }

    private static TextMessage ask(ConnectionFactory factory, String body, String correlationId, String replyFormat) throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage(body);
            request.setJMSReplyTo(replies);
            if (correlationId != null) {
                request.setJMSCorrelationID(correlationId);
            }
            if (replyFormat != null) {
                request.setStringProperty("HubReplyFormat", replyFormat);
            }
            try (MessageProducer producer = session.createProducer(session.createQueue("hub.customer.query"));
                 MessageConsumer consumer = session.createConsumer(replies)) {
                producer.send(request);
                TextMessage reply = (TextMessage) consumer.receive(15_000);
                assertThat(reply).as("a reply").isNotNull();
                String expected = correlationId != null ? correlationId : request.getJMSMessageID();
                assertThat(reply.getJMSCorrelationID()).isEqualTo(expected);
                return reply;
            }
        }
    }

    /** The retail system asks over CORE (a channel user may query). */
    private static ConnectionFactory jms() {
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + hub.brokerPort(), "retail", "retail");
    }

    /** The web shop asks over AMQP. */
    private static ConnectionFactory amqp() {
        return new JmsConnectionFactory("web", "web", "amqp://127.0.0.1:" + hub.brokerPort());
    }

    private static void assertValid(String xml, String schema) throws Exception {
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(Path.of(schema).toFile()).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
    }

    @Test
    void aJmsClientAsksByLoyaltyCardAndGetsTheMergedCustomer() throws Exception {
        TextMessage answer = ask(jms(), BY_CARD, "ask-1", null);
        // a reply outlives no requester: sent persistent, it waited for a journal sync on every lookup
        assertThat(answer.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        String reply = answer.getText();
        assertValid(reply, "xsd/query/customer-query.xsd");
        assertThat(reply).contains("status=\"FOUND\"", "7112663099", "U30126999", "0820-01-006299");
    }

    @Test
    void anAmqpClientWithADynamicReplyQueueIsAnswered() throws Exception {
        String reply = ask(amqp(), BY_CARD, "amqp-1", null).getText();
        assertThat(reply).contains("status=\"FOUND\"", "U30126999");
    }

    @Test
    void withoutACorrelationIdTheReplyCarriesTheRequestsMessageId() throws Exception {
        assertThat(ask(jms(), BY_CARD, null, null).getText()).contains("status=\"FOUND\"");
    }

    @Test
    void aStompClientAsksWithReplyToAndCorrelationHeaders() throws Exception {
        try (Stomp stomp = new Stomp(hub.brokerPort(), "directsales", "directsales")) {
            assertThat(stomp.readUntil("\0")).startsWith("CONNECTED");
            // The reply queue must exist before the question is asked, or the answer has nowhere to go.
            stomp.frame("SUBSCRIBE\nid:1\ndestination:reply.directsales.query\ndestination-type:ANYCAST\nack:auto\nreceipt:subscribed\n\n");
            assertThat(stomp.readUntil("\0")).contains("RECEIPT", "receipt-id:subscribed");
            stomp.frame("SEND\ndestination:hub.customer.query\ndestination-type:ANYCAST\nreply-to:reply.directsales.query\n"
                    + "correlation-id:stomp-1\n\n" + BY_CARD);
            // one frame, up to the NUL that ends every STOMP frame: the end of the body is no marker
            String received = stomp.readUntil("\0");
            assertThat(received).startsWith("MESSAGE").contains("correlation-id:stomp-1", "status=\"FOUND\"", "U30126999");
            // the same namespace prefixes after every hub start, for clients that read the reply as text
            assertThat(received).contains("<ns2:customerQueryResult ", "<customer hubId=");
        }
    }

    /** reply.<channel>.* is that channel's alone: another channel, or a reply destination of no channel, is refused. */
    @Test
    void aStompClientMayReadOnlyItsOwnChannelsReplyDestinations() throws Exception {
        for (String destination : List.of("reply.directsales.query", "reply.stomp.query")) {
            try (Stomp stomp = new Stomp(hub.brokerPort(), "retail", "retail")) {
                assertThat(stomp.readUntil("\0")).startsWith("CONNECTED");
                stomp.frame("SUBSCRIBE\nid:1\ndestination:" + destination + "\ndestination-type:ANYCAST\nack:auto\n"
                        + "receipt:subscribed\n\n");
                assertThat(stomp.readUntil("\0")).as(destination).startsWith("ERROR").doesNotContain("receipt-id:subscribed");
            }
        }
    }

    /**
     * A reply-to that others could read (a named destination outside reply.&lt;channel&gt;.*) gets no answer. Only the
     * hub may subscribe there now, so the test listens there as the hub. The two queries share a message group, so
     * the hub handles them one after the other; once the second is answered, an answer to the first would be on the
     * shared topic ahead of a marker sent there afterwards.
     */
    @Test
    void anAnswerIsNeverSentWhereOtherChannelsCouldReadIt() throws Exception {
        try (Connection connection = jms().createConnection();
             Connection asHub = BrokerLogin.factory("tcp://127.0.0.1:" + hub.brokerPort()).createConnection()) {
            connection.start();
            asHub.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic everybodys = session.createTopic("replies.everybody");
            TemporaryQueue mine = session.createTemporaryQueue();
            Session listening = asHub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue("hub.customer.query"));
                 MessageConsumer onEverybodys = listening.createConsumer(listening.createTopic("replies.everybody"));
                 MessageConsumer onMine = session.createConsumer(mine)) {
                TextMessage refused = session.createTextMessage(BY_CARD);
                refused.setJMSReplyTo(everybodys);
                refused.setStringProperty("JMSXGroupID", "shared-reply-to");
                producer.send(refused);
                TextMessage answered = session.createTextMessage(BY_CARD);
                answered.setJMSReplyTo(mine);
                answered.setStringProperty("JMSXGroupID", "shared-reply-to");
                producer.send(answered);
                assertThat(onMine.receive(15_000)).as("the answer on a temporary queue").isNotNull();
                Session hubSession = asHub.createSession(false, Session.AUTO_ACKNOWLEDGE);
                try (MessageProducer marker = hubSession.createProducer(hubSession.createTopic("replies.everybody"))) {
                    marker.send(hubSession.createTextMessage("marker"));
                }
                TextMessage first = (TextMessage) onEverybodys.receive(15_000);
                assertThat(first).as("the marker on the shared destination").isNotNull();
                assertThat(first.getText()).as("the first message on the shared destination").isEqualTo("marker");
            }
        }
    }

    /** A plain AMQP 1.0 client (no JMS) asks the standard way: its reply-to is a dynamic receiver's address. */
    @Test
    void aPlainAmqpClientIsAnsweredOnItsDynamicReceiversAddress() throws Exception {
        try (Client client = Client.create();
             org.apache.qpid.protonj2.client.Connection connection = client.connect("127.0.0.1", hub.brokerPort(),
                     new ConnectionOptions().user("web").password("web"))) {
            Receiver replies = connection.openDynamicReceiver();
            Sender questions = connection.openSender("hub.customer.query");
            questions.send(Message.create(BY_CARD).replyTo(replies.address()).correlationId("plain-amqp-1"));
            Delivery answer = replies.receive(15, TimeUnit.SECONDS);
            assertThat(answer).as("an answer on the dynamic receiver's address").isNotNull();
            assertThat(answer.message().correlationId()).isEqualTo("plain-amqp-1");
            assertThat((String) answer.message().body()).contains("status=\"FOUND\"", "U30126999");
        }
    }

    @Test
    void anOpenWireClientIsAnsweredOnItsTemporaryQueue() throws Exception {
        try (javax.jms.Connection connection = openWire("directsales")) {
            javax.jms.Session session = connection.createSession(false, javax.jms.Session.AUTO_ACKNOWLEDGE);
            javax.jms.TemporaryQueue replies = session.createTemporaryQueue();
            javax.jms.TextMessage question = session.createTextMessage(BY_CARD);
            question.setJMSReplyTo(replies);
            question.setJMSCorrelationID("openwire-1");
            session.createProducer(session.createQueue("hub.customer.query")).send(question);
            javax.jms.TextMessage answer = (javax.jms.TextMessage) session.createConsumer(replies).receive(15_000);
            assertThat(answer).as("an answer on the temporary queue").isNotNull();
            assertThat(answer.getJMSCorrelationID()).isEqualTo("openwire-1");
            assertThat(answer.getText()).contains("status=\"FOUND\"", "U30126999");
        }
    }

    /**
     * An OpenWire client may call any name a temporary queue, here the web shop's feed, which the hub writes: the hub
     * asks the broker whose temporary queue it is instead of believing the asker.
     */
    @Test
    void aReplyToTheAskerCallsTemporaryIsAnsweredOnlyWhenItIsTheAskersTemporaryQueue() throws Exception {
        String forged = "forged-" + UUID.randomUUID();
        try (javax.jms.Connection connection = openWire("catalogue")) {
            javax.jms.Session session = connection.createSession(false, javax.jms.Session.AUTO_ACKNOWLEDGE);
            javax.jms.TemporaryQueue mine = session.createTemporaryQueue();
            javax.jms.MessageProducer questions = session.createProducer(session.createQueue("hub.customer.query"));
            javax.jms.TextMessage toTheWebFeed = session.createTextMessage(BY_CARD);
            toTheWebFeed.setJMSReplyTo(new ActiveMQTempQueue("hub.out.web"));
            toTheWebFeed.setJMSCorrelationID(forged);
            questions.send(toTheWebFeed);
            javax.jms.TextMessage answered = session.createTextMessage(BY_CARD);
            answered.setJMSReplyTo(mine);
            questions.send(answered);
            assertThat(session.createConsumer(mine).receive(15_000)).as("the answer on its own temporary queue").isNotNull();
        }
        try (HubClient web = hub.client()) {
            assertThat(web.receive("hub.out.web", "JMSCorrelationID = '" + forged + "'", Duration.ofSeconds(2)))
                    .as("an answer on the web shop's feed").isNull();
        }
    }

    /** reply.<channel>.* is answered only to that channel's own questions: the web shop cannot have the catalogue read. */
    @Test
    void aQuestionIsNotAnsweredOnAnotherChannelsReplyDestination() throws Exception {
        assertAnsweredOnlyOnItsOwnReplyDestination("web", "catalogue", "");
    }

    /** The broker names who asked: a question that names another channel as its asker is still the catalogue's. */
    @Test
    void anAskerCannotPassItselfOffAsAnotherChannel() throws Exception {
        assertAnsweredOnlyOnItsOwnReplyDestination("catalogue", "web", "HubAskedBy:web\n");
    }

    /**
     * The asker asks over STOMP twice: once with the other channel's reply destination as reply-to (and the extra
     * headers), which stays quiet, then with its own, which is answered.
     */
    private static void assertAnsweredOnlyOnItsOwnReplyDestination(String asker, String other, String headers) throws Exception {
        try (Stomp others = stompListening(other, "reply." + other + ".taken");
             Stomp askers = stompListening(asker, "reply." + asker + ".own")) {
            askers.frame("SEND\ndestination:hub.customer.query\ndestination-type:ANYCAST\nreply-to:reply." + other + ".taken\n"
                    + headers + "correlation-id:taken\n\n" + BY_CARD);
            askers.frame("SEND\ndestination:hub.customer.query\ndestination-type:ANYCAST\nreply-to:reply." + asker + ".own\n"
                    + "correlation-id:own\n\n" + BY_CARD);
            assertThat(others.readFor(Duration.ofSeconds(2))).as("an answer to the " + asker + "'s question").isEmpty();
            assertThat(askers.readUntil("\0")).contains("correlation-id:own", "status=\"FOUND\"");
        }
    }

    /** A STOMP connection of the channel, subscribed to a reply destination of its own. */
    private static Stomp stompListening(String channel, String destination) throws Exception {
        Stomp stomp = new Stomp(hub.brokerPort(), channel, channel);
        assertThat(stomp.readUntil("\0")).startsWith("CONNECTED");
        stomp.frame("SUBSCRIBE\nid:1\ndestination:" + destination + "\ndestination-type:ANYCAST\nack:auto\nreceipt:subscribed\n\n");
        assertThat(stomp.readUntil("\0")).contains("RECEIPT", "receipt-id:subscribed");
        return stomp;
    }

    private static javax.jms.Connection openWire(String channel) throws javax.jms.JMSException {
        javax.jms.Connection connection = new org.apache.activemq.ActiveMQConnectionFactory(channel, channel,
                "tcp://127.0.0.1:" + hub.brokerPort()).createConnection();
        connection.start();
        return connection;
    }

    @Test
    void nobodyIsAnAnswerToo() throws Exception {
        String reply = ask(jms(), BY_CARD.replace("7112663099", "7100000000"), "ask-2", null).getText();
        assertThat(reply).contains("status=\"NOT_FOUND\"").doesNotContain("<customer ");
    }

    @Test
    void aChannelCanAskForItsOwnFormat() throws Exception {
        String web = ask(jms(), BY_CARD, "ask-3", "web").getText();
        assertThat(web).contains("status=\"FOUND\"", "PROFILE_UPDATED", "<userId>U30126999</userId>");
        String event = web.substring(web.indexOf("<Event"), web.indexOf("</Event>") + "</Event>".length());
        assertValid(event, "xsd/channels/web.xsd");
        assertThat(ask(jms(), BY_CARD, "ask-4", "fax").getText()).contains("status=\"ERROR\"", "UNKNOWN_REPLY_FORMAT");
    }

    @Test
    void aBadQueryGetsAnErrorReplyWithTheReasonNeverSilence() throws Exception {
        Map<String, String> cases = Map.of(
                "<customerQuery xmlns=\"urn:customerhub:query:1\"><card>", "MALFORMED_XML",
                "<customerQuery><card>1</card></customerQuery>", "WRONG_NAMESPACE",
                "<customerQuery xmlns=\"urn:customerhub:query:1\"><name>Okafor</name></customerQuery>", "SCHEMA_INVALID",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><customerQuery xmlns=\"urn:customerhub:query:1\"><card>&e;</card></customerQuery>", "DTD_FORBIDDEN",
                "", "EMPTY_MESSAGE");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            String reply = ask(jms(), bad.getKey(), "bad-" + bad.getValue(), null).getText();
            assertThat(reply).as(bad.getValue()).contains("status=\"ERROR\"", "errorCode=\"" + bad.getValue() + "\"");
        }
    }
}
