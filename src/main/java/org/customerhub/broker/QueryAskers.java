package org.customerhub.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Stamps every question sent to hub.customer.query with the broker user who sent it, on every protocol, so the hub
 * answers only where that user reads. The broker's own populate-validated-user leaves AMQP messages unmarked. A sender
 * cannot pass itself off as another: the stamp replaces whatever the question carried under that name. Every protocol
 * names the address on the message before it is sent; one without (sent to its session's default address, which could
 * be the query's) loses the property, so it goes unanswered rather than answered on a forged name. Other messages are
 * not looked into: that would cost every message a decoding of its properties.
 */
public final class QueryAskers implements ActiveMQServerMessagePlugin {
    /** The string property naming the broker user who asked. */
    public static final String ASKED_BY = "HubAskedBy";
    private static final String QUERY_ADDRESS = "hub.customer.query";

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String address = message.getAddress();
        if (QUERY_ADDRESS.equals(address)) {
            message.putStringProperty(ASKED_BY, session.getValidatedUser());
        } else if (address == null && message.containsProperty(ASKED_BY)) {
            message.removeProperty(ASKED_BY);
        }
    }
}
