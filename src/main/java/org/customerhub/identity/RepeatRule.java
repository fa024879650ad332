package org.customerhub.identity;

import org.customerhub.store.StoreRows.FirstDelivery;
import org.customerhub.store.StoreTransaction;

/**
 * What a message whose dedupe key was taken before means (a redelivery, a resend, the copy of a dead letter): a rule of
 * the transport that brought it, applied inside the transaction that found the earlier copy.
 */
@FunctionalInterface
public interface RepeatRule {
    UpdateOutcome repeatOf(StoreTransaction tx, FirstDelivery first, InboundMessage message);
}
