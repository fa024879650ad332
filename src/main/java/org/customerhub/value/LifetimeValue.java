package org.customerhub.value;

/**
 * A customer's lifetime value over a horizon: the purchases BG/NBD expects in each month, times the value per purchase,
 * discounted monthly at an annual rate. Month by month rather than in closed form, so the discount applies when the
 * purchases are expected.
 */
public final class LifetimeValue {
    static final double WEEKS_PER_MONTH = 52.0 / 12;

    private LifetimeValue() {
    }

    /** Discounted value of the expected purchases in the next horizonMonths, each worth valuePerPurchase. */
    public static double of(BgNbd model, RepeatHistory history, double valuePerPurchase, int horizonMonths,
                            double annualDiscountRate) {
        double monthlyFactor = Math.pow(1 + annualDiscountRate, 1.0 / 12);
        double value = 0;
        double before = 0;
        for (int month = 1; month <= horizonMonths; month++) {
            double upTo = model.expectedPurchases(month * WEEKS_PER_MONTH, history);
            value += (upTo - before) * valuePerPurchase / Math.pow(monthlyFactor, month);
            before = upTo;
        }
        return value;
    }
}
