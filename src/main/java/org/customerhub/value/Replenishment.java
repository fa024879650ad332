package org.customerhub.value;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a customer is expected to buy a SKU again: the mean of their own intervals between purchases of it, shrunk
 * toward the mean interval of that SKU over every customer, each own interval weighing as much as one of the
 * SKU's (empirical Bayes with priorWeight pseudo-intervals at the SKU's mean): a customer with few purchases is
 * expected at about the SKU's pace, one with many at their own.
 */
public final class Replenishment {
    private final int minPurchases;
    private final double priorWeight;
    private final Map<String, Map<String, TreeSet<Instant>>> purchases = new HashMap<>();

    /** minPurchases: purchases of a SKU a customer needs before an expectation is made (at least 2). */
    public Replenishment(int minPurchases, double priorWeight) {
        if (minPurchases < 2) {
            throw new IllegalArgumentException("A purchase interval needs at least 2 purchases, not " + minPurchases);
        }
        this.minPurchases = minPurchases;
        this.priorWeight = priorWeight;
    }

    public void purchase(String hubId, String sku, Instant at) {
        purchases.computeIfAbsent(sku, s -> new HashMap<>()).computeIfAbsent(hubId, h -> new TreeSet<>())
                .add(at);
    }

    public record Expectation(String hubId, String sku, Instant lastPurchase, Instant expectedAt, double intervalDays) {
    }

    /** Every customer and SKU with enough history: when they are expected to buy it again. */
    public List<Expectation> expectations() {
        List<Expectation> expected = new ArrayList<>();
        purchases.forEach((sku, customers) -> {
            double skuDays = 0;
            int skuIntervals = 0;
            for (TreeSet<Instant> days : customers.values()) {
                skuDays += spanDays(days);
                skuIntervals += days.size() - 1;
            }
            if (skuIntervals == 0) {
                return;
            }
            double skuMean = skuDays / skuIntervals;
            customers.forEach((hubId, days) -> {
                if (days.size() < minPurchases) {
                    return;
                }
                int own = days.size() - 1;
                double interval = (spanDays(days) + priorWeight * skuMean) / (own + priorWeight);
                expected.add(new Expectation(hubId, sku, days.last(),
                        days.last().plus(Duration.ofMinutes(Math.round(interval * 24 * 60))), interval));
            });
        });
        return expected;
    }

    /** The expectation of one customer and SKU, if they have enough history. */
    public Optional<Expectation> expectation(String hubId, String sku) {
        return expectations().stream().filter(e -> e.hubId().equals(hubId) && e.sku().equals(sku)).findFirst();
    }

    private static double spanDays(TreeSet<Instant> days) {
        return Duration.between(days.first(), days.last()).toMinutes() / (24.0 * 60);
    }
}
