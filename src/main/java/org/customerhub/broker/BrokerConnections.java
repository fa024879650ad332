package org.customerhub.broker;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The hub's connections to the broker. Consumers keep their own connection per listener container; producers
 * share a pool, which unlike a caching factory never holds on to consumers, so a stopped route leaves no message
 * stranded in a cached consumer.
 */
public final class BrokerConnections {
    private BrokerConnections() {
    }

    public static ConnectionFactory pooled(String url, String user, String password, int maxConnections) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(url, user, password);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(maxConnections);
        return pool;
    }
}
