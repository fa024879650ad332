package org.customerhub.faults;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQIOErrorException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;

/**
 * A broker plugin that fails the first change events routed in a transaction with a broker I/O error, which marks that
 * transaction rollback-only: the hub's commit of the message fails after its database commit went through.
 */
final class RefuseEvents implements ActiveMQServerMessagePlugin {
    private final AtomicInteger left;
    private final AtomicInteger refused = new AtomicInteger();

    /** Refuses that many events, one per transaction as the first refusal dooms it. */
    RefuseEvents(int times) {
        this.left = new AtomicInteger(times);
    }

    @Override
    public void beforeMessageRoute(Message message, RoutingContext context, boolean direct, boolean rejectDuplicates)
            throws ActiveMQException {
        if ("hub.customer.events".equals(message.getAddress()) && context.getTransaction() != null
                && left.getAndUpdate(times -> Math.max(0, times - 1)) > 0) {
            refused.incrementAndGet();
            throw new ActiveMQIOErrorException("refused by the test: the broker transaction cannot commit");
        }
    }

    int refused() {
        return refused.get();
    }
}
