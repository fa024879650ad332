package org.customerhub.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.awaitility.Awaitility;
import org.customerhub.BrokerLogin;
import org.customerhub.bench.TrafficGenerator.Message;
import org.customerhub.faults.HubProcess;

/**
 * Ingest-to-queryable latency: messages sent at a fixed rate, each timed from just before its send until the change
 * event it causes arrives on hub.customer.events. The hub publishes that event in the broker transaction it commits
 * after the database commit, so by then a lookup answers the new state. A message is recognised in the event by its
 * token (an order, receipt, case or event id); messages without one (anonymous sales, restated profiles) are sent
 * for a realistic mix but not timed. The subscriber is a non-durable one of the hub's broker user's own.
 */
final class LatencyProbe {
    private static final long DRAIN_SECONDS = 120;
    /** After the last send, this long without a timed event ends the wait: what still waits caused no event. */
    private static final long QUIET_NANOS = 20_000_000_000L;

    /** roundTrips: each timed message from its send to its event, in arrival order. */
    record Result(double ratePerSecond, int sent, int timed, int unmatched, Percentiles latency, List<RoundTrip> roundTrips) {
    }

    /** A timed message on its way: when it was sent and what kind it is. */
    private record Sent(long nanos, String kind) {
    }

    private LatencyProbe() {
    }

    static Result run(HubProcess hub, List<Message> messages, double perSecond, Timeline timeline) throws Exception {
        Map<String, Sent> waiting = new ConcurrentHashMap<>();
        List<RoundTrip> latencies = new CopyOnWriteArrayList<>();
        AtomicLong lastTimed = new AtomicLong(System.nanoTime());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try (Connection events = BrokerLogin.factory(hub.brokerUrl()).createConnection();
             ChannelSenders senders = new ChannelSenders(hub.brokerUrl())) {
            Session session = events.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer subscriber = session.createConsumer(session.createTopic("hub.customer.events"));
            subscriber.setMessageListener(event -> {
                long arrived = System.nanoTime();
                try {
                    String text = ((TextMessage) event).getText();
                    for (Map.Entry<String, Sent> pending : waiting.entrySet()) {
                        if (text.contains(pending.getKey()) && waiting.remove(pending.getKey()) != null) {
                            RoundTrip roundTrip = new RoundTrip(pending.getValue().nanos(), arrived, pending.getValue().kind());
                            latencies.add(roundTrip);
                            lastTimed.set(arrived);
                            timeline.latency(timeline.at(arrived), roundTrip.millis());
                        }
                    }
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            events.start();
            long periodNanos = (long) (1e9 / perSecond);
            AtomicInteger next = new AtomicInteger();
            clock.scheduleAtFixedRate(() -> {
                if (next.get() >= messages.size()) {
                    return;
                }
                Message message = messages.get(next.getAndIncrement());
                try {
                    if (message.token() != null) {
                        waiting.put(message.token(), new Sent(System.nanoTime(), message.kind().name()));
                    }
                    senders.send(message);
                } catch (JMSException e) {
                    throw new IllegalStateException("cannot send " + message.kind(), e);
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            Awaitility.await().atMost(java.time.Duration.ofSeconds((long) (messages.size() / perSecond) + DRAIN_SECONDS))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> next.get() >= messages.size()
                            && (waiting.isEmpty() || System.nanoTime() - lastTimed.get() > QUIET_NANOS));
            int timed = (int) messages.stream().filter(m -> m.token() != null).count();
            return new Result(perSecond, messages.size(), timed, waiting.size(),
                    Percentiles.of(latencies.stream().mapToDouble(RoundTrip::millis).toArray()), List.copyOf(latencies));
        } finally {
            clock.shutdownNow();
        }
    }
}
