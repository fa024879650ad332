package org.customerhub.value;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a customer is expected to buy a SKU again: the mean of their own intervals between purchases of it, shrunk
 * toward the mean interval of that SKU over every customer, each own interval weighing as much as one of the
 * SKU's (empirical Bayes with priorWeight pseudo-intervals at the SKU's mean): a customer with few purchases is
 * expected at about the SKU's pace, one with many at their own.
 */
public final class Replenishment {
    private static final double MINUTES_A_DAY = 24.0 * 60;

    private final int minPurchases;
    private final double priorWeight;

    /** minPurchases: purchases of a SKU a customer needs before an expectation is made (at least 2). */
    public Replenishment(int minPurchases, double priorWeight) {
        if (minPurchases < 2) {
            throw new IllegalArgumentException("A purchase interval needs at least 2 purchases, not " + minPurchases);
        }
        this.minPurchases = minPurchases;
        this.priorWeight = priorWeight;
    }

    /**
     * A customer's purchases of one SKU as the model reads them: how many distinct purchase times, the first and the
     * last (both null when none).
     */
    public record Purchases(int count, Instant first, Instant last) {
        public static final Purchases NONE = new Purchases(0, null, null);

        public static Purchases of(Collection<Instant> times) {
            TreeSet<Instant> distinct = new TreeSet<>(times);
            return distinct.isEmpty() ? NONE : new Purchases(distinct.size(), distinct.first(), distinct.last());
        }

        /** Whole minutes from the first purchase to the last. */
        public long spanMinutes() {
            return count == 0 ? 0 : Duration.between(first, last).toMinutes();
        }

        public int intervals() {
            return Math.max(count - 1, 0);
        }
    }

    /**
     * A SKU's pace over every customer: the sum of their spans from first to last purchase in whole minutes and of
     * their intervals, so a customer's share can be taken away and added again exactly when their history changes.
     */
    public record Pace(long spanMinutes, long intervals) {
        public static final Pace NONE = new Pace(0, 0);

        public Pace plus(Purchases purchases) {
            return new Pace(spanMinutes + purchases.spanMinutes(), intervals + purchases.intervals());
        }

        public Pace minus(Purchases purchases) {
            return new Pace(spanMinutes - purchases.spanMinutes(), intervals - purchases.intervals());
        }

        public double meanDays() {
            return spanMinutes / MINUTES_A_DAY / intervals;
        }
    }

    public record Expectation(String hubId, String sku, Instant lastPurchase, Instant expectedAt, double intervalDays) {
    }

    /**
     * When the customer is expected to buy the SKU again, given their own purchases of it and the SKU's pace over
     * every customer (their own share included); empty when they bought it fewer than minPurchases times.
     */
    public Optional<Expectation> expectation(String hubId, String sku, Purchases own, Pace pace) {
        if (own.count() < minPurchases || pace.intervals() <= 0) {
            return Optional.empty();
        }
        double interval = (own.spanMinutes() / MINUTES_A_DAY + priorWeight * pace.meanDays()) / (own.intervals() + priorWeight);
        return Optional.of(new Expectation(hubId, sku, own.last(),
                own.last().plus(Duration.ofMinutes(Math.round(interval * MINUTES_A_DAY))), interval));
    }
}
