package org.customerhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.customerhub.BrokerLogin;
import org.customerhub.bench.TrafficGenerator.Message;

/**
 * What the hub's broker moves when nobody processes the messages: the same bodies, persistent, one producer per
 * channel as the channel systems send, through a scratch queue per channel (bench.raw.&lt;channel&gt;, under the
 * catch-all address settings of config/broker.xml) to as many consumers per channel as the hub's ingest route runs,
 * each committing a local transaction per message as the hub's listeners do. Runs on the hub's own embedded broker
 * while the hub is idle, logged in as the hub's broker user (no channel user may make queues).
 */
final class BrokerBaseline {
    private static final long RECEIVE_TIMEOUT_MS = 200;
    private static final long PATIENCE_SECONDS = 600;

    private BrokerBaseline() {
    }

    /** Messages per second from the first send until the last message's transaction has committed. */
    static double run(String brokerUrl, List<Message> messages, int consumersPerChannel) throws Exception {
        Map<String, List<Message>> byChannel = messages.stream().collect(Collectors.groupingBy(Message::channel));
        AtomicInteger received = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool();
        List<Connection> connections = new ArrayList<>();
        try {
            List<Future<?>> consumers = new ArrayList<>();
            for (String channel : byChannel.keySet()) {
                for (int i = 0; i < consumersPerChannel; i++) {
                    Connection connection = connect(brokerUrl, connections);
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(queue(channel)));
                    consumers.add(threads.submit(() -> consume(session, consumer, received, messages.size())));
                }
            }
            long start = System.nanoTime();
            List<Future<?>> producers = new ArrayList<>();
            for (Map.Entry<String, List<Message>> channel : byChannel.entrySet()) {
                Connection connection = connect(brokerUrl, connections);
                producers.add(threads.submit(() -> produce(connection, queue(channel.getKey()), channel.getValue())));
            }
            for (Future<?> producer : producers) {
                producer.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            }
            for (Future<?> consumer : consumers) {
                consumer.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            }
            return messages.size() * 1e9 / (System.nanoTime() - start);
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
            threads.shutdownNow();
        }
    }

    private static String queue(String channel) {
        return "bench.raw." + channel;
    }

    private static Connection connect(String brokerUrl, List<Connection> connections) throws JMSException {
        Connection connection = BrokerLogin.factory(brokerUrl).createConnection();
        connections.add(connection);
        connection.start();
        return connection;
    }

    private static Void produce(Connection connection, String queue, List<Message> messages) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            for (Message message : messages) {
                producer.send(session.createTextMessage(message.xml()));
            }
        }
        return null;
    }

    /** Takes messages until every message of the run has been received by some consumer. */
    private static Void consume(Session session, MessageConsumer consumer, AtomicInteger received, int total)
            throws JMSException {
        while (received.get() < total) {
            if (consumer.receive(RECEIVE_TIMEOUT_MS) != null) {
                session.commit();
                received.incrementAndGet();
            }
        }
        return null;
    }
}
