package org.customerhub.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.awaitility.core.ConditionTimeoutException;
import org.customerhub.BrokerLogin;

/**
 * The channel systems of a crash run: one persistent producer sending the messages at a steady rate, so that sending
 * goes on while the hub is killed and started again. A send returns once the broker has the message on disk; a send
 * that fails is made again until the broker takes it. Whether the failed send had reached the broker before it died
 * cannot be known, so the second copy may be a duplicate: that is harmless, as the hub takes a content once (a hash of
 * its bytes, or the web event id, is its dedupe key) and a resend changes nothing and publishes nothing.
 */
final class SteadyProducer implements AutoCloseable {
    /** How long one message may wait for the broker to come back (a hub restart on a busy machine). */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final String brokerUrl;
    private final List<CrashTraffic.Sent> messages;
    private final long periodNanos;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final CompletableFuture<Void> allSent = new CompletableFuture<>();
    private int next;
    private boolean failedOnce;
    private int sentAgain;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    SteadyProducer(String brokerUrl, List<CrashTraffic.Sent> messages, double perSecond) {
        this.brokerUrl = brokerUrl;
        this.messages = messages;
        this.periodNanos = (long) (1e9 / perSecond);
    }

    void start() {
        clock.scheduleAtFixedRate(this::sendNext, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    boolean allSent() {
        return allSent.isDone();
    }

    /** Waits until every message has been taken by the broker. */
    void awaitAllSent(Duration timeout) throws Exception {
        allSent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Messages whose send failed once the broker may have had them, sent again until the broker took them. */
    synchronized int sentAgain() {
        return sentAgain;
    }

    private synchronized void sendNext() {
        if (allSent.isDone()) {
            return;
        }
        CrashTraffic.Sent message = messages.get(next);
        failedOnce = false;
        try {
            await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> trySend(message));
        } catch (ConditionTimeoutException e) {
            allSent.completeExceptionally(new IllegalStateException("the broker did not take message " + next + " within "
                    + PATIENCE, e));
            return;
        }
        if (failedOnce) {
            sentAgain++;
        }
        next++;
        if (next == messages.size()) {
            allSent.complete(null);
        }
    }

    private boolean trySend(CrashTraffic.Sent message) {
        try {
            if (connection == null) {
                connection = BrokerLogin.factory(brokerUrl).createConnection();
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(null);
            }
        } catch (JMSException | RuntimeException e) {
            closeConnection();
            return false;
        }
        try {
            producer.send(session.createQueue(message.queue()), session.createTextMessage(message.xml()));
            return true;
        } catch (JMSException | RuntimeException e) {
            failedOnce = true;
            closeConnection();
            return false;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                // the broker is gone; the socket is closed either way
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        clock.shutdownNow();
        closeConnection();
    }
}
