package org.customerhub.broker;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;

/**
 * Only the hub may mark a direct-sales message as an order submitted through its SOAP OrderService, which sends it on to
 * the CRM: the mark is taken off what any other user sends to hub.in.directsales, on every protocol, so the
 * direct-sales system cannot have its own message forwarded as a submitted order. Other addresses are not looked into.
 */
public final class SubmittedOrders implements ActiveMQServerMessagePlugin {
    /** The string property, "true" on an order the hub's OrderService submitted. */
    public static final String MARK = "HubSubmittedOrder";
    private static final String ADDRESS = "hub.in.directsales";
    private static final String HUB_ROLE = "hub";

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String address = message.getAddress();
        if ((address == null || ADDRESS.equals(address)) && !sentByTheHub(session) && message.containsProperty(MARK)) {
            message.removeProperty(MARK);
        }
    }

    private static boolean sentByTheHub(ServerSession session) {
        RemotingConnection connection = session.getRemotingConnection();
        Subject subject = connection == null ? null : connection.getSubject();
        return subject != null && subject.getPrincipals(RolePrincipal.class).stream().anyMatch(role -> role.getName().equals(HUB_ROLE));
    }
}
