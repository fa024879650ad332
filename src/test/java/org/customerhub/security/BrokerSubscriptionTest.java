package org.customerhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.exceptions.ClientLinkRemotelyClosedException;
import org.customerhub.Stomp;
import org.customerhub.TestHub;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a channel user may subscribe to, tried as the web shop over every protocol the broker speaks: its own feed and
 * reply destinations, and nothing else. Not a wildcard (it would copy every address it matches: the change events
 * with personal data, the broker's notifications with other users' sessions and reply queues), not the change events,
 * not the notifications, not the catalogue's temporary reply queue. Each protocol first shows the subscription it may
 * make, so a refusal below is the broker's and not a mistake in how the test speaks the protocol.
 */
class BrokerSubscriptionTest {
    private static TestHub hub;
    /** The catalogue's connection holding its temporary reply queue, as while it waits for query answers. */
    private static Connection catalogue;
    private static String cataloguesReplyQueue;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
        catalogue = new ActiveMQConnectionFactory(brokerUrl(), "catalogue", "catalogue").createConnection();
        catalogue.start();
        cataloguesReplyQueue = catalogue.createSession(false, Session.AUTO_ACKNOWLEDGE).createTemporaryQueue().getQueueName();
    }

    @AfterAll
    static void stop() throws Exception {
        catalogue.close();
    }

    private static String brokerUrl() {
        return "tcp://127.0.0.1:" + hub.brokerPort();
    }

    @Test
    void overCore() throws Exception {
        try (Connection web = new ActiveMQConnectionFactory(brokerUrl(), "web", "web").createConnection()) {
            Session session = web.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue("hub.out.web"), "TestCase = 'none'").close();
            for (String topic : List.of("#", "hub.#", "hub.customer.events", "activemq.notifications")) {
                assertThatThrownBy(() -> session.createConsumer(session.createTopic(topic)).close()).as(topic)
                        .isInstanceOf(JMSSecurityException.class);
            }
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(cataloguesReplyQueue)).close())
                    .as("the catalogue's temporary reply queue").isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void theAdminMayWatchTheBrokersNotifications() throws Exception {
        try (Connection admin = new ActiveMQConnectionFactory(brokerUrl(), "admin", "admin").createConnection()) {
            Session session = admin.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic("activemq.notifications")).close();
        }
    }

    @Test
    void overOpenWire() throws Exception {
        try (javax.jms.Connection web = new org.apache.activemq.ActiveMQConnectionFactory("web", "web", brokerUrl())
                .createConnection()) {
            web.start();
            javax.jms.Session session = web.createSession(false, javax.jms.Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue("hub.out.web"), "TestCase = 'none'").close();
            // OpenWire's wildcard for any number of words is >; hub.> is refused as an address nobody may make under hub.
            for (String topic : List.of(">", "#", "hub.>", "hub.customer.events", "activemq.notifications")) {
                assertThatThrownBy(() -> session.createConsumer(session.createTopic(topic)).close()).as(topic)
                        .isInstanceOfAny(javax.jms.JMSSecurityException.class, javax.jms.InvalidDestinationException.class);
            }
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(cataloguesReplyQueue)).close())
                    .as("the catalogue's temporary reply queue").isInstanceOf(javax.jms.JMSSecurityException.class);
        }
    }

    @Test
    void overStomp() throws Exception {
        assertThat(stompSubscribe("hub.out.web", "ANYCAST")).as("its own feed").startsWith("RECEIPT");
        for (String topic : List.of("#", "hub.#", "hub.customer.events", "activemq.notifications")) {
            assertThat(stompSubscribe(topic, "MULTICAST")).as(topic).startsWith("ERROR");
        }
        assertThat(stompSubscribe(cataloguesReplyQueue, "ANYCAST")).as("the catalogue's temporary reply queue").startsWith("ERROR");
    }

    /** The broker's answer to a SUBSCRIBE asking for a receipt: RECEIPT, or ERROR. */
    private static String stompSubscribe(String destination, String type) throws Exception {
        try (Stomp stomp = new Stomp(hub.brokerPort(), "web", "web")) {
            assertThat(stomp.readUntil("\0")).startsWith("CONNECTED");
            stomp.frame("SUBSCRIBE\nid:1\ndestination:" + destination + "\nsubscription-type:" + type
                    + "\nselector:TestCase = 'none'\nack:auto\nreceipt:subscribed\n\n");
            return stomp.readUntil("\0");
        }
    }

    @Test
    void overAmqp() throws Exception {
        try (Client client = Client.create();
             org.apache.qpid.protonj2.client.Connection web = client.connect("127.0.0.1", hub.brokerPort(),
                     new ConnectionOptions().user("web").password("web"))) {
            // no credit: the test's receiver takes none of the web shop's feed
            Receiver feed = web.openReceiver("hub.out.web", new ReceiverOptions().creditWindow(0));
            feed.openFuture().get(15, TimeUnit.SECONDS);
            feed.close();
            for (String topic : List.of("#", "hub.#", "hub.customer.events", "activemq.notifications")) {
                ReceiverOptions asTopic = new ReceiverOptions().creditWindow(0);
                asTopic.sourceOptions().capabilities("topic");
                assertThatThrownBy(() -> web.openReceiver(topic, asTopic).openFuture().get(15, TimeUnit.SECONDS)).as(topic)
                        .hasCauseInstanceOf(ClientLinkRemotelyClosedException.class);
            }
            assertThatThrownBy(() -> web.openReceiver(cataloguesReplyQueue, new ReceiverOptions().creditWindow(0)).openFuture()
                    .get(15, TimeUnit.SECONDS)).as("the catalogue's temporary reply queue")
                    .hasCauseInstanceOf(ClientLinkRemotelyClosedException.class);
        }
    }

    @Test
    void overMqtt() throws Exception {
        // MQTT subscribes with its own queue on the address: here one of the web shop's reply destinations
        assertThat(mqttSubscribes("reply/web/mqtt")).isTrue();
        for (String topic : List.of("#", "hub/#", "hub/customer/events", "activemq/notifications", cataloguesReplyQueue)) {
            assertThat(mqttSubscribes(topic)).as(topic).isFalse();
        }
    }

    /** Whether the broker grants an MQTT 3.1.1 subscription: SUBACK return code 0x80 is a refusal, and so is a closed
     *  connection (the broker's answer to a topic under hub. that is no address). */
    private static boolean mqttSubscribes(String topic) throws MqttException {
        MqttConnectOptions login = new MqttConnectOptions();
        login.setUserName("web");
        login.setPassword("web".toCharArray());
        login.setCleanSession(true);
        MqttClient client = new MqttClient(brokerUrl(), "web-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        try {
            client.connect(login);
            return client.subscribeWithResponse(topic, 0).getGrantedQos()[0] != 0x80;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED
                    || e.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST) {
                return false;
            }
            throw e;
        } finally {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}
