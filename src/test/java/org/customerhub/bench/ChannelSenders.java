package org.customerhub.bench;

import java.util.HashMap;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.customerhub.bench.TrafficGenerator.Message;

/**
 * The channel systems: one connection per channel, logged in as the channel's demo broker user (password = name, see
 * README Security), sending persistent messages to its own hub.in.&lt;channel&gt;. A send returns once the broker has
 * the message on disk.
 */
final class ChannelSenders implements AutoCloseable {
    private final String brokerUrl;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, MessageProducer> producers = new HashMap<>();

    ChannelSenders(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    /** Safe to call from one thread per channel: each channel has its own session. */
    void send(Message message) throws JMSException {
        Session session;
        MessageProducer producer;
        synchronized (this) {
            session = sessions.get(message.channel());
            if (session == null) {
                Connection connection = new ActiveMQConnectionFactory(brokerUrl, message.channel(), message.channel())
                        .createConnection();
                connections.put(message.channel(), connection);
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                sessions.put(message.channel(), session);
                producers.put(message.channel(), session.createProducer(session.createQueue(message.queue())));
            }
            producer = producers.get(message.channel());
        }
        synchronized (session) {
            producer.send(session.createTextMessage(message.xml()));
        }
    }

    @Override
    public synchronized void close() throws JMSException {
        for (Connection connection : connections.values()) {
            connection.close();
        }
    }
}
