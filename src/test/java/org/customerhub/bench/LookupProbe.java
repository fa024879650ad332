package org.customerhub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.customerhub.HubClient;
import org.customerhub.faults.HubProcess;

/**
 * Lookup round trips by channel key, open loop: requests leave at a fixed rate whatever the answers do, and each is
 * timed from when it was due, so a slow answer delays nothing and a stall is counted in full (no coordinated
 * omission). REST: GET /api/customers?key= as the demo agent, at most 16 at a time. JMS: hub.customer.query as the
 * retail channel's broker user with a temporary reply queue and a correlation id, the questions non-persistent as the
 * hub's replies are.
 */
final class LookupProbe {
    private static final Duration ANSWER_PATIENCE = Duration.ofSeconds(30);
    private static final int REST_CONNECTIONS = 16;

    /** firstFailure: why the first failed lookup failed, null when none did; timed: every lookup, in answer order. */
    record Result(String door, double ratePerSecond, int asked, int failed, String firstFailure, Percentiles roundTrip,
                  List<RoundTrip> timed) {
    }

    private interface Asker {
        /** Starts one lookup, due at dueNanos; its answer goes to the Answered the asker was made with. */
        void ask(String key, long dueNanos) throws Exception;
    }

    private interface AskerFactory {
        Asker answeringTo(Answered done) throws JMSException;
    }

    private interface Answered {
        /** failure: null when the customer asked for came back, else why not. */
        void answer(long dueNanos, String failure);
    }

    private LookupProbe() {
    }

    /**
     * REST over HTTP/1.1 keep-alive connections, as an integration's client talks to the API, with at most
     * REST_CONNECTIONS requests in flight: a request due while all are busy waits for one, and its wait counts.
     */
    static Result rest(HubProcess hub, List<String> keys, double perSecond, Timeline timeline) throws Exception {
        String base = "http://127.0.0.1:" + hub.httpPort() + "/api/customers?key=";
        return http("REST GET /api/customers?key=", keys, perSecond, timeline,
                key -> HttpRequest.newBuilder(URI.create(base + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                        .header("Authorization", HubClient.AGENT_LOGIN),
                (key, response) -> response.statusCode() != 200 ? "HTTP " + response.statusCode()
                        : response.body().contains(key) ? null : "not found");
    }

    /**
     * The hub's own GET /health, asked count times at the lookups' rate over the same kind of connections: the
     * smallest round trip the hub's HTTP door makes (it asks the broker and the database whether they answer), so
     * that lookups' p99 over this p99 tells the hub's own delay apart from the machine's.
     */
    static Result health(HubProcess hub, int count, double perSecond, Timeline timeline) throws Exception {
        URI health = URI.create("http://127.0.0.1:" + hub.httpPort() + "/health");
        return http("GET /health", Collections.nCopies(count, "health"), perSecond, timeline,
                ignored -> HttpRequest.newBuilder(health),
                (ignored, response) -> response.statusCode() == 200 ? null : "HTTP " + response.statusCode());
    }

    private interface HttpAnswerCheck {
        /** null when the answer is the one asked for, else why not. */
        String failure(String key, HttpResponse<String> response);
    }

    private static Result http(String door, List<String> keys, double perSecond, Timeline timeline,
                               Function<String, HttpRequest.Builder> requests, HttpAnswerCheck check)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        ExecutorService connections = Executors.newFixedThreadPool(REST_CONNECTIONS);
        try {
            return run(door, keys, perSecond, timeline, done -> (key, due) ->
                    connections.execute(() -> {
                        HttpRequest request = requests.apply(key).timeout(ANSWER_PATIENCE).GET().build();
                        try {
                            done.answer(due, check.failure(key, http.send(request, HttpResponse.BodyHandlers.ofString())));
                        } catch (IOException e) {
                            done.answer(due, e.toString());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
        } finally {
            connections.shutdownNow();
        }
    }

    static Result jms(HubProcess hub, List<String> keys, double perSecond, Timeline timeline) throws Exception {
        Map<String, Long> dueByCorrelation = new ConcurrentHashMap<>();
        try (Connection connection = new ActiveMQConnectionFactory(hub.brokerUrl(), "retail", "retail").createConnection()) {
            Session asking = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session replies = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyQueue = replies.createTemporaryQueue();
            MessageProducer producer = asking.createProducer(asking.createQueue("hub.customer.query"));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            MessageConsumer consumer = replies.createConsumer(replyQueue);
            connection.start();
            return run("JMS request/reply hub.customer.query", keys, perSecond, timeline, done -> {
                consumer.setMessageListener(reply -> {
                    try {
                        Long due = dueByCorrelation.remove(reply.getJMSCorrelationID());
                        if (due != null) {
                            done.answer(due, ((TextMessage) reply).getText().contains("status=\"FOUND\"") ? null
                                    : "not found");
                        }
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                });
                return (key, due) -> {
                    String correlation = UUID.randomUUID().toString();
                    TextMessage request = asking.createTextMessage(
                            "<customerQuery xmlns=\"urn:customerhub:query:1\"><key>" + key + "</key></customerQuery>");
                    request.setJMSCorrelationID(correlation);
                    request.setJMSReplyTo(replyQueue);
                    dueByCorrelation.put(correlation, due);
                    producer.send(request);
                };
            });
        }
    }

    private static Result run(String door, List<String> keys, double perSecond, Timeline timeline, AskerFactory askers)
            throws Exception {
        List<RoundTrip> timed = new CopyOnWriteArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long periodNanos = (long) (1e9 / perSecond);
        long start = System.nanoTime() + periodNanos;
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Answered done = (due, failure) -> {
            long now = System.nanoTime();
            RoundTrip roundTrip = new RoundTrip(due, now, door);
            timed.add(roundTrip);
            timeline.lookup(timeline.at(now), roundTrip.millis());
            if (failure != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, failure);
            }
            answered.incrementAndGet();
        };
        Asker asker = askers.answeringTo(done);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            clock.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= keys.size()) {
                    return;
                }
                try {
                    asker.ask(keys.get(i), start + i * periodNanos);
                } catch (Exception e) {
                    done.answer(start + i * periodNanos, e.toString());
                }
            }, start - System.nanoTime(), periodNanos, TimeUnit.NANOSECONDS);
            Awaitility.await().atMost(Duration.ofSeconds((long) (keys.size() / perSecond)).plus(ANSWER_PATIENCE))
                    .pollInterval(Duration.ofMillis(100)).until(() -> answered.get() >= keys.size());
        } finally {
            clock.shutdownNow();
        }
        return new Result(door, perSecond, keys.size(), failed.get(), firstFailure.get(),
                Percentiles.of(timed.stream().mapToDouble(RoundTrip::millis).toArray()), List.copyOf(timed));
    }
}
