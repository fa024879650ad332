package org.customerhub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.awaitility.Awaitility;
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
    /** Property of a latency probe's message: its place in the run, to find its send time. */
    private static final String INDEX = "benchIndex";
    private static final List<String> FEEDS = List.of("catalogue", "retail", "directsales", "web");
    /** The feeds that config/subscriptions.properties gives every change event; the others send only some on. */
    private static final List<String> SEND_EVERY_EVENT = List.of("retail", "directsales");

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

    /**
     * The broker's share of the hub's own path, with no processing: the same bodies sent persistent to
     * bench.path.work.&lt;channel&gt; (the hub's channels send to hub.in.&lt;channel&gt;, which the broker diverts there),
     * taken there by consumersPerChannel consumers (the hub's ingest) that each put one change event on the four feed
     * queues bench.path.feed.&lt;feed&gt; in the same transaction, and each feed queue drained by one consumer, which
     * sends it on to bench.path.out.&lt;feed&gt; for the feeds that take every change (the hub's feeds); every hop a local transaction per message. Timed like the
     * hub's end-to-end rate: from the first send until the last message has left the work queues, the feeds running
     * meanwhile. No hub can ingest faster than this on the same broker; the ratio to {@link #run} is its ceiling.
     */
    static double hubPath(String brokerUrl, List<Message> messages, int consumersPerChannel) throws Exception {
        Map<String, List<Message>> byChannel = messages.stream().collect(Collectors.groupingBy(Message::channel));
        AtomicInteger ingested = new AtomicInteger();
        AtomicInteger fed = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool();
        List<Connection> connections = new ArrayList<>();
        try {
            List<Future<?>> ingest = new ArrayList<>();
            List<Future<?>> others = new ArrayList<>();
            for (String feed : FEEDS) {
                Session session = connect(brokerUrl, connections).createSession(true, Session.SESSION_TRANSACTED);
                List<String> out = SEND_EVERY_EVENT.contains(feed) ? List.of("bench.path.out." + feed) : List.of();
                others.add(threads.submit(() -> forward(session, "bench.path.feed." + feed, out, fed,
                        messages.size() * FEEDS.size())));
            }
            for (String channel : byChannel.keySet()) {
                for (int i = 0; i < consumersPerChannel; i++) {
                    Session session = connect(brokerUrl, connections).createSession(true, Session.SESSION_TRANSACTED);
                    ingest.add(threads.submit(() -> forward(session, "bench.path.work." + channel,
                            FEEDS.stream().map(feed -> "bench.path.feed." + feed).toList(), ingested, messages.size())));
                }
            }
            long start = System.nanoTime();
            List<Future<?>> producers = new ArrayList<>();
            for (Map.Entry<String, List<Message>> channel : byChannel.entrySet()) {
                Connection connection = connect(brokerUrl, connections);
                producers.add(threads.submit(() -> produce(connection, "bench.path.work." + channel.getKey(), channel.getValue())));
            }
            for (Future<?> producer : producers) {
                producer.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            }
            for (Future<?> consumer : ingest) {
                consumer.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            }
            double perSecond = messages.size() * 1e9 / (System.nanoTime() - start);
            for (Future<?> consumer : others) {
                consumer.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            }
            return perSecond;
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
            threads.shutdownNow();
        }
    }

    /** Takes messages from one queue and sends each to every queue of next in the same transaction, until done of
     *  the whole stage have been taken. */
    private static Void forward(Session session, String from, List<String> next, AtomicInteger done, int total)
            throws JMSException {
        MessageConsumer consumer = session.createConsumer(session.createQueue(from));
        MessageProducer producer = session.createProducer(null);
        List<Queue> targets = new ArrayList<>();
        for (String queue : next) {
            targets.add(session.createQueue(queue));
        }
        while (done.get() < total) {
            jakarta.jms.Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message != null) {
                for (Queue target : targets) {
                    producer.send(target, message);
                }
                session.commit();
                done.incrementAndGet();
            }
        }
        return null;
    }

    /**
     * The raw broker's send-to-receive latency at a fixed rate, the yardstick for the hub's ingest-to-queryable
     * latency at the same rate: the same bodies sent persistent, open loop, to one scratch queue
     * (bench.raw.latency) and taken by one consumer that commits a local transaction per message; each timed from
     * just before its send until its receiver's commit returned.
     */
    static Percentiles latency(String brokerUrl, List<Message> messages, double perSecond) throws Exception {
        String queue = queue("latency");
        long[] sentAt = new long[messages.size()];
        List<Double> millis = new CopyOnWriteArrayList<>();
        List<Connection> connections = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            Session receiving = connect(brokerUrl, connections).createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = receiving.createConsumer(receiving.createQueue(queue));
            consumer.setMessageListener(message -> {
                try {
                    int index = message.getIntProperty(INDEX);
                    receiving.commit();
                    millis.add((System.nanoTime() - sentAt[index]) / 1e6);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            Session sending = connect(brokerUrl, connections).createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = sending.createProducer(sending.createQueue(queue));
            AtomicInteger next = new AtomicInteger();
            clock.scheduleAtFixedRate(() -> {
                int index = next.getAndIncrement();
                if (index >= messages.size()) {
                    return;
                }
                try {
                    TextMessage message = sending.createTextMessage(messages.get(index).xml());
                    message.setIntProperty(INDEX, index);
                    sentAt[index] = System.nanoTime();
                    producer.send(message);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, (long) (1e9 / perSecond), TimeUnit.NANOSECONDS);
            Awaitility.await().atMost(Duration.ofSeconds((long) (messages.size() / perSecond)
                            + PATIENCE_SECONDS)).pollInterval(Duration.ofMillis(100))
                    .until(() -> millis.size() >= messages.size());
            return Percentiles.of(millis.stream().mapToDouble(Double::doubleValue).toArray());
        } finally {
            clock.shutdownNow();
            for (Connection connection : connections) {
                connection.close();
            }
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
