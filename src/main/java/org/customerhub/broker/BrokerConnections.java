package org.customerhub.broker;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
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
 * interval until the broker is back.
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
}
