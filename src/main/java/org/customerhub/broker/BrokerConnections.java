package org.customerhub.broker;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnection;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The hub's connections to the broker, one pool for the listener containers and the sends that join their
 * transactions (a pool, unlike a caching factory, never holds on to consumers, so a stopped route leaves no message
 * stranded in a cached consumer).
 *
 * <p>A connection the broker drops is replaced, never reconnected in place: reconnectAttempts is 0 whatever the URL
 * says. Reconnected in place, each connection was then closed by the pool, in a thread of its own, when the client
 * reported the failover, while the listener containers were recovering onto the pool's connections: every recovery
 * raced those closes, and a queue's only consumer was seen to stall after a broker restart. Without it a lost
 * connection fails all its sessions at once, the pool drops it, and each container opens a new one every recovery
 * interval until the broker is back. With the URL of a primary/backup pair, (tcp://a,tcp://b)?ha=true, that new
 * connection is made to whichever of the two is live: the hub fails over by reconnecting, not in place.
 */
public final class BrokerConnections {
    private BrokerConnections() {
    }

    public static ConnectionFactory pooled(String url, String user, String password, int maxConnections) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(url, user, password);
        artemis.setReconnectAttempts(0);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(maxConnections);
        return pool;
    }

    /** The address of the broker the pool's connections reach now, or empty when none answers. */
    public static Optional<String> connectedBroker(ConnectionFactory pool) {
        try (Connection connection = pool.createConnection()) {
            Connection inner = connection instanceof JmsPoolConnection pooled ? pooled.getConnection() : connection;
            if (inner instanceof ActiveMQConnection artemis) {
                return Optional.of(artemis.getSessionFactory().getConnection().getRemoteAddress().replaceFirst("^[^/]*/", ""));
            }
            return Optional.of("connected");
        } catch (JMSException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The brokers a URL names: each tcp://host:port of "(tcp://a,tcp://b)?options", or the URL's own. */
    public static List<String> members(String url) {
        String list = url.startsWith("(") && url.contains(")") ? url.substring(1, url.indexOf(')')) : url.replaceFirst("\\?.*$", "");
        return Arrays.stream(list.split(",")).map(String::trim).filter(member -> !member.isEmpty()).toList();
    }

    /** Whether a broker of the pair takes connections now: a shared-store backup opens its port only once it is live. */
    public static boolean takesConnections(String member, String user, String password) {
        ActiveMQConnectionFactory probe = new ActiveMQConnectionFactory(member
                + (member.contains("?") ? "&" : "?") + "initialConnectAttempts=1&reconnectAttempts=0&connectionTTL=10000"
                + "&callTimeout=5000", user, password);
        try (probe; Connection connection = probe.createConnection()) {
            return connection != null;
        } catch (JMSException | RuntimeException e) {
            return false;
        }
    }
}
