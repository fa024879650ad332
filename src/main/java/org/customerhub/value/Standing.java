package org.customerhub.value;

import java.time.Instant;
import java.util.Optional;

/**
 * What the model and the tiers read of one customer's figures: the purchase history in the model's terms (purchase
 * days after the first, weeks from the first to the last, their mean value), the share of revenue kept as margin,
 * and the totals the RFM scores and the profit rule use.
 */
public record Standing(Instant firstPurchase, Instant lastPurchase, int repeats, double lastRepeatWeeks,
                       double repeatValue, double marginRatio, int orders, double revenue, double profitInWindow) {
    /** The history as BG/NBD reads it at a time; empty without a purchase. */
    public Optional<RepeatHistory> history(Instant at) {
        if (firstPurchase == null) {
            return Optional.empty();
        }
        double observed = Math.max(CustomerFigures.weeks(firstPurchase, at), lastRepeatWeeks);
        return Optional.of(new RepeatHistory(repeats, repeats == 0 ? 0 : lastRepeatWeeks, observed, repeatValue));
    }

    /** Mean revenue per order, the value per purchase where no spend model could be fitted. */
    double meanOrderValue() {
        return meanOrderValue(orders, revenue);
    }

    static double meanOrderValue(int orders, double revenue) {
        return orders == 0 ? 0 : Math.max(revenue / orders, 0);
    }
}
