package org.customerhub.identity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.customerhub.canonical.CustomerValue;
import org.customerhub.canonical.TierChange;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.StoreTransaction;
import org.customerhub.store.ValueRows.History;
import org.customerhub.store.ValueRows.ValueRow;
import org.customerhub.value.CustomerFigures;
import org.customerhub.value.CustomerFigures.Figures;
import org.customerhub.value.Standing;
import org.customerhub.value.ValueState;
import org.customerhub.value.ValueState.Assessment;

/**
 * Keeps a customer's value figures, predictions and tier current in the transaction of the message that changed
 * their history: worked out again from the whole history, so a restated or cancelled order, a return or a merge is
 * counted exactly as the history now stands. A new tier is a change of the customer.
 */
public final class LiveValue {
    private final ValueState state;
    private final AttributeCodec codec;

    public LiveValue(ValueState state, AttributeCodec codec) {
        this.state = state;
        this.codec = codec;
    }

    /**
     * Works a live customer's figures out again as of now and stores them; the tier change, if their tier moved. An id
     * merged away or split has no figures of its own: nothing is done for it.
     */
    Optional<TierChange> refreshLive(StoreTransaction tx, String hubId) {
        History history = tx.values().history(hubId);
        return history.live() ? refresh(tx, hubId, history, state.clock().instant()) : Optional.empty();
    }

    /**
     * As of a given time: a fit places every customer as of the time it fitted at, the time its tier cutoffs were
     * worked out for.
     */
    public Optional<TierChange> refresh(StoreTransaction tx, String hubId, Instant now) {
        return refresh(tx, hubId, tx.values().history(hubId), now);
    }

    private Optional<TierChange> refresh(StoreTransaction tx, String hubId, History history, Instant now) {
        if (history.touches().isEmpty()) {
            return Optional.empty();
        }
        Figures figures = CustomerFigures.of(history.touches(), state.rules(), now, state.window());
        Assessment assessment = state.assess(figures.standing(), now);
        String before = history.tier().orElse(state.rules().defaultTier());
        tx.values().save(row(hubId, figures, assessment, now), history.tier().isPresent());
        if (before.equals(assessment.tier().name())) {
            return Optional.empty();
        }
        TierChange change = new TierChange();
        change.setFrom(before);
        change.setTo(assessment.tier().name());
        change.setReason(assessment.tier().reason());
        return Optional.of(change);
    }

    /** A merged-away customer's figures now count in the survivor's. */
    void forget(StoreTransaction tx, String mergedAway) {
        tx.values().delete(mergedAway);
    }

    private ValueRow row(String hubId, Figures figures, Assessment assessment, Instant now) {
        CustomerValue value = figures.value();
        Standing standing = figures.standing();
        return new ValueRow(hubId, codec.toXml(value), value.getOrders(), value.getRevenue(), value.getMargin(),
                value.getProfit(), value.getProfitInWindow(), utc(standing.firstPurchase()), utc(standing.lastPurchase()), standing.repeats(),
                standing.lastRepeatWeeks(), standing.repeatValue(), standing.marginRatio(),
                value.getMainChannel() == null ? null : value.getMainChannel().value(), figures.mainChannelBefore(),
                assessment.prediction().map(p -> p.expectedPurchases52w()).orElse(null),
                assessment.prediction().map(p -> p.probabilityAlive()).orElse(null),
                assessment.prediction().map(p -> p.lifetimeValue()).orElse(null), assessment.rfm(),
                assessment.tier().name(), assessment.tier().reason(), now.atOffset(ZoneOffset.UTC));
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
