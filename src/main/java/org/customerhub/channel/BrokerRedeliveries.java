package org.customerhub.channel;

import org.customerhub.identity.InboundMessage;
import org.customerhub.identity.RepeatRule;
import org.customerhub.identity.UpdateOutcome;
import org.customerhub.store.StoreRows.FirstDelivery;
import org.customerhub.store.StoreTransaction;

/**
 * Repeats as the broker brings them. The same broker message again means the transaction that took it may have ended
 * after the database commit and before the broker's, so its recorded events go out again with their ids (the broker's
 * transaction publishes them at most once per acknowledgement). Another broker message is a resend: the first copy's
 * own broker transaction publishes those events, or its redelivery will, so publishing them here too would double
 * them; unless the first copy was dead-lettered, which acknowledged it without its events: then this copy takes them
 * over and publishes them, its own redeliveries too. So "not yet published" needs no flag per event, which would cost
 * a write after every broker commit (README, Guarantees). Without a broker id (cXML over HTTP) the caller's own
 * record decides.
 */
final class BrokerRedeliveries implements RepeatRule {
    @Override
    public UpdateOutcome repeatOf(StoreTransaction tx, FirstDelivery first, InboundMessage message) {
        if (message.brokerMessageId() == null || message.brokerMessageId().equals(first.brokerMessageId())) {
            return UpdateOutcome.ofRedelivery(tx.events(first.messageId()));
        }
        if (first.deadLettered()) {
            tx.handOverEvents(first.messageId(), message.brokerMessageId());
            return UpdateOutcome.ofTakeOver(tx.events(first.messageId()));
        }
        return UpdateOutcome.ofResend();
    }
}
