package org.customerhub.value;

import java.time.Instant;
import java.util.Arrays;

/**
 * The base a fit runs over, as columns filled while the store's figures stream past: each customer with a purchase
 * is their history in the models' terms (RepeatHistories) and the few figures the lifetime values and the RFM bounds
 * read (margin ratio, orders, revenue, last purchase): 56 bytes a customer, where a record per customer and a history
 * per customer took several times that.
 */
public final class Base {
    private final Instant now;
    private final RepeatHistories histories;
    private double[] marginRatio;
    private int[] orders;
    private double[] revenue;
    private long[] lastPurchaseSecond;

    /** An empty base observed at now, sized for the expected number of customers (it grows past it). */
    public Base(Instant now, int expected) {
        this.now = now;
        histories = new RepeatHistories(expected);
        int capacity = Math.max(expected, 1);
        marginRatio = new double[capacity];
        orders = new int[capacity];
        revenue = new double[capacity];
        lastPurchaseSecond = new long[capacity];
    }

    /** Adds a customer's standing; one without a purchase is not the models' to read and is left out. */
    public void add(Standing standing) {
        standing.history(now).ifPresent(history -> {
            int i = histories.size();
            if (i == orders.length) {
                int capacity = i + (i >> 1) + 1;
                marginRatio = Arrays.copyOf(marginRatio, capacity);
                orders = Arrays.copyOf(orders, capacity);
                revenue = Arrays.copyOf(revenue, capacity);
                lastPurchaseSecond = Arrays.copyOf(lastPurchaseSecond, capacity);
            }
            histories.add(history);
            marginRatio[i] = standing.marginRatio();
            orders[i] = standing.orders();
            revenue[i] = standing.revenue();
            lastPurchaseSecond[i] = standing.lastPurchase().getEpochSecond();
        });
    }

    public Instant now() {
        return now;
    }

    public int size() {
        return histories.size();
    }

    public boolean isEmpty() {
        return histories.isEmpty();
    }

    public RepeatHistories histories() {
        return histories;
    }

    public double marginRatio(int i) {
        return marginRatio[i];
    }

    public int orders(int i) {
        return orders[i];
    }

    public double revenue(int i) {
        return revenue[i];
    }

    /** Days since the last purchase, negative, so that higher is better as the RFM scores read it. */
    public double recency(int i) {
        return -(now.getEpochSecond() - lastPurchaseSecond[i]) / 86_400.0;
    }

    /** Mean revenue per order, the value per purchase where no spend model could be fitted. */
    public double meanOrderValue(int i) {
        return Standing.meanOrderValue(orders[i], revenue[i]);
    }
}
