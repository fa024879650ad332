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
 * says. With the client's transparent reconnect the pool still closed each reconnected connection when the client
 * reported the failover, under the listener containers that had just recovered onto it, and a consumer could be left
 * on a connection that no longer delivered to it, with no error for its container to recover from: its queue stalled
 * after a broker restart. Without it every session and consumer of the dead connection fails at once, the pool drops
 * the connection, and each container builds a new one every recovery interval until the broker is back.
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
