package org.customerhub.faults;

import java.time.Duration;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.customerhub.BrokerLogin;
import org.customerhub.bench.TrafficGenerator;

/**
 * The channel systems of a cluster run, sending through the broker pair's failover URL as fast as the broker takes
 * persistent messages, in order. A send that fails (the live broker died under it) is made again once the client has
 * failed over: the broker may or may not have had the first copy, and a second one is harmless, as the hub takes a
 * content once (its dedupe key).
 */
final class Senders {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private Senders() {
    }

    static void sendAll(String brokerUrl, List<TrafficGenerator.Message> traffic) {
        Connection connection = null;
        try {
            int next = 0;
            long failingSince = 0;
            Session session = null;
            MessageProducer producer = null;
            while (next < traffic.size()) {
                try {
                    if (producer == null) {
                        connection = BrokerLogin.factory(brokerUrl).createConnection();
                        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        producer = session.createProducer(null);
                        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    }
                    TrafficGenerator.Message message = traffic.get(next);
                    producer.send(session.createQueue(message.queue()), session.createTextMessage(message.xml()));
                    next++;
                    failingSince = 0;
                } catch (JMSException e) {
                    failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
                    if (System.nanoTime() - failingSince > PATIENCE.toNanos()) {
                        throw new IllegalStateException("the broker pair took no message for " + PATIENCE, e);
                    }
                    close(connection);
                    connection = null;
                    producer = null;
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            close(connection);
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                // the connection is gone with its broker: nothing left to close
            }
        }
    }
}
