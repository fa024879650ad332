package org.customerhub.faults;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A broker plugin of the crash runs' hub: holds every change event the hub publishes for a moment before the broker
 * takes it. The hub publishes a message's events after its store has committed the message and before the broker's
 * commit acknowledges it; left alone that is a few milliseconds, which a kill hardly ever hits. Held, a kill right
 * after a message is stored finds it stored and not acknowledged, the case the hub must recognise as a redelivery.
 */
public final class SlowEventPublishing implements ActiveMQServerPlugin {
    private static final long HOLD_MILLIS = 100;

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue) {
        if ("hub.customer.events".equals(message.getAddress())) {
            try {
                Thread.sleep(HOLD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
