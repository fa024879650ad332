package org.customerhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.customerhub.HubClient;
import org.customerhub.Stomp;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's doors, tried from outside as the channel systems would: nobody gets in without a user on any protocol,
 * a wrong password is refused, and a channel user (here the web shop) reaches only its own queues and the query.
 */
class BrokerAccessTest {
    private static TestHub hub;
    private static Connection web;
    private static Session webSession;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
        web = core("web", "web").createConnection();
        web.start();
        webSession = web.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    private static ActiveMQConnectionFactory core(String user, String password) {
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + hub.brokerPort(), user, password);
    }

    private static JmsConnectionFactory amqp(String user, String password) {
        return new JmsConnectionFactory(user, password, "amqp://127.0.0.1:" + hub.brokerPort());
    }

    private static void open(jakarta.jms.ConnectionFactory factory) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            connection.start();
        }
    }

    @Test
    void anonymousClientsAreRefusedOnCoreAmqpOpenWireStompAndMqtt() throws Exception {
        assertThatThrownBy(() -> open(core(null, null))).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> open(amqp(null, null))).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> {
            try (javax.jms.Connection openWire = new org.apache.activemq.ActiveMQConnectionFactory(
                    "tcp://127.0.0.1:" + hub.brokerPort()).createConnection()) {
                openWire.start();
            }
        }).isInstanceOf(javax.jms.JMSSecurityException.class);
        try (Stomp stomp = new Stomp(hub.brokerPort(), null, null)) {
            assertThat(stomp.readUntil("\0")).startsWith("ERROR").doesNotContain("CONNECTED");
        }
        assertThat(mqttConnect(null, null)).as("MQTT CONNACK return code").isNotZero();
    }

    @Test
    void theRightPasswordGetsInOnEveryProtocolTheWrongOneDoesNot() throws Exception {
        open(core("web", "web"));
        open(amqp("web", "web"));
        assertThat(mqttConnect("web", "web")).isZero();
        try (Stomp stomp = new Stomp(hub.brokerPort(), "web", "web")) {
            assertThat(stomp.readUntil("\0")).startsWith("CONNECTED");
        }

        assertThatThrownBy(() -> open(core("web", "wrong"))).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> open(amqp("web", "wrong"))).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> open(core("nobody", "nobody"))).isInstanceOf(JMSSecurityException.class);
        assertThat(mqttConnect("web", "wrong")).isNotZero();
        try (Stomp stomp = new Stomp(hub.brokerPort(), "web", "wrong")) {
            assertThat(stomp.readUntil("\0")).startsWith("ERROR");
        }
    }

    @Test
    void aChannelSendsOnlyToItsOwnInboundQueue() throws Exception {
        assertThatThrownBy(() -> send(webSession, webSession.createQueue("hub.in.catalogue"))).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> send(webSession, webSession.createQueue("hub.out.web"))).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> send(webSession, webSession.createQueue("hub.dlq.web"))).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> send(webSession, webSession.createTopic("hub.customer.events")))
                .as("no forged change events").isInstanceOf(JMSSecurityException.class);

        String marker = UUID.randomUUID().toString();
        try (HubClient client = hub.client()) {
            // not the web format: the hub takes it from hub.in.web and dead-letters it
            client.sendText("hub.in.web", "<x/>", Map.of("TestCase", marker));
            Message dead = client.receive("hub.dlq.web", "TestCase = '" + marker + "'", java.time.Duration.ofSeconds(20));
            assertThat(dead).as("the web user's message reached the hub, the admin reads its dead letter").isNotNull();
        }
    }

    @Test
    void aChannelReadsOnlyItsOwnFeed() throws Exception {
        for (String queue : new String[] {"hub.out.catalogue", "hub.in.web", "hub.dlq.web", "hub.customer.query", "DLQ"}) {
            assertThatThrownBy(() -> webSession.createConsumer(webSession.createQueue(queue)).close()).as(queue)
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> webSession.createBrowser(webSession.createQueue(queue)).getEnumeration()).as(queue)
                    .isInstanceOf(JMSSecurityException.class);
        }
        assertThatThrownBy(() -> webSession.createConsumer(webSession.createTopic("hub.customer.events")).close())
                .as("a subscription is a queue on a hub address").isInstanceOf(JMSSecurityException.class);

        String marker = UUID.randomUUID().toString();
        try (HubClient client = hub.client()) {
            // the test plays the hub writing web's feed
            client.sendText("hub.out.web", "<feed/>", Map.of("TestCase", marker));
        }
        try (MessageConsumer feed = webSession.createConsumer(webSession.createQueue("hub.out.web"), "TestCase = '" + marker + "'")) {
            assertThat(((TextMessage) feed.receive(15_000)).getText()).isEqualTo("<feed/>");
        }
    }

    @Test
    void aChannelAsksOnTheQueryQueueAndReadsTheAnswerOnItsTemporaryQueue() throws Exception {
        TemporaryQueue replies = webSession.createTemporaryQueue();
        TextMessage question = webSession.createTextMessage(
                "<customerQuery xmlns=\"urn:customerhub:query:1\"><key>web:U00000000</key></customerQuery>");
        question.setJMSReplyTo(replies);
        question.setJMSCorrelationID("web-asks");
        try (MessageProducer producer = webSession.createProducer(webSession.createQueue("hub.customer.query"));
             MessageConsumer answers = webSession.createConsumer(replies)) {
            producer.send(question);
            TextMessage answer = (TextMessage) answers.receive(15_000);
            assertThat(answer.getJMSCorrelationID()).isEqualTo("web-asks");
            assertThat(answer.getText()).contains("status=\"NOT_FOUND\"");
        }
    }

    @Test
    void aChannelCreatesNoQueueOnAHubAddress() throws Exception {
        ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + hub.brokerPort());
        try (locator; ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession("web", "web", false, true, true, false, 0)) {
            for (String address : new String[] {"hub.in.catalogue", "hub.customer.events", "hub.out.catalogue", "hub.dlq.web", "hub.new"}) {
                for (boolean durable : new boolean[] {true, false}) {
                    QueueConfiguration tap = QueueConfiguration.of("tap." + UUID.randomUUID()).setAddress(address)
                            .setRoutingType(address.equals("hub.customer.events") ? RoutingType.MULTICAST : RoutingType.ANYCAST)
                            .setDurable(durable).setTemporary(!durable);
                    assertThatThrownBy(() -> session.createQueue(tap)).as(address + (durable ? " durable" : " temporary"))
                            .isInstanceOf(ActiveMQSecurityException.class);
                }
            }
        }
    }

    @Test
    void theAdminReadsDeadLettersButNoChannelsFeed() throws Exception {
        try (Connection admin = core("admin", "admin").createConnection()) {
            admin.start();
            Session session = admin.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createBrowser(session.createQueue("hub.dlq.web")).getEnumeration();
            session.createConsumer(session.createQueue("hub.dlq.web"), "TestCase = 'none'").close();
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.out.web")).close())
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> send(session, session.createQueue("hub.in.web"))).isInstanceOf(JMSSecurityException.class);
        }
    }

    private static void send(Session session, jakarta.jms.Destination destination) throws JMSException {
        try (MessageProducer producer = session.createProducer(destination)) {
            producer.send(session.createTextMessage("<x/>"));
        }
    }

    /** MQTT 3.1.1 CONNECT by hand; answers the CONNACK return code (0 accepted, 4 bad user name or password, 5 not authorised). */
    private static int mqttConnect(String user, String password) throws IOException {
        byte[] clientId = ("hub-test-" + UUID.randomUUID().toString().substring(0, 8)).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4});
        body.write(user == null ? 0x02 : 0xC2);
        body.write(new byte[] {0, 30});
        writeString(body, clientId);
        if (user != null) {
            writeString(body, user.getBytes(StandardCharsets.UTF_8));
            writeString(body, password.getBytes(StandardCharsets.UTF_8));
        }
        try (Socket socket = new Socket("127.0.0.1", hub.brokerPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x10);
            out.write(body.size());
            body.writeTo(out);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] connack = new byte[4];
            in.readFully(connack);
            assertThat(connack[0]).as("CONNACK").isEqualTo((byte) 0x20);
            return connack[3];
        }
    }

    private static void writeString(java.io.ByteArrayOutputStream out, byte[] text) {
        out.write(text.length >> 8);
        out.write(text.length & 0xFF);
        out.write(text, 0, text.length);
    }
}
