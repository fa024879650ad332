package org.customerhub.value;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A fit of the models over the base, as the live figures use it until the next fit: BG/NBD for purchases and
 * survival, Gamma-Gamma for spend (absent when the base had no repeat buyers), the lifetime value each ranked tier
 * starts at, and the RFM quintile bounds (recency as negative days since the last purchase, so higher is better).
 */
public record ValueModel(Instant fittedAt, long fitMillis, Fit<BgNbd> purchasing, Fit<GammaGamma> spending,
                         Map<String, Double> tierCutoffs, double[] recencyBounds, double[] frequencyBounds,
                         double[] monetaryBounds) {
    public static final double WEEKS_AHEAD = 52;

    public ValueModel {
        tierCutoffs = Map.copyOf(tierCutoffs);
    }

    /** What the model predicts for a customer. */
    public record Prediction(double expectedPurchases52w, double probabilityAlive, double lifetimeValue) {
    }

    /**
     * Expected purchases, P(alive) and lifetime value on margin; empty without a purchase, or where the fitted
     * parameters put the customer outside the hypergeometric series' domain (a + b + x &lt;= 1, only in a degenerate fit).
     */
    public Optional<Prediction> predict(Standing standing, Instant now, int horizonMonths, double annualDiscountRate) {
        return standing.history(now).flatMap(history -> predict(history, standing.meanOrderValue(), standing.marginRatio(),
                horizonMonths, annualDiscountRate));
    }

    /** The prediction for a history, given the customer's mean order value and margin ratio. */
    Optional<Prediction> predict(RepeatHistory history, double meanOrderValue, double marginRatio, int horizonMonths,
                                 double annualDiscountRate) {
        if (purchasing.model().a() + purchasing.model().b() + history.repeats() <= 1) {
            return Optional.empty();
        }
        BgNbd model = purchasing.model();
        double spend = spending != null ? spending.model().expectedSpend(history) : meanOrderValue;
        double valuePerPurchase = spend * marginRatio;
        return Optional.of(new Prediction(model.expectedPurchases(WEEKS_AHEAD, history), model.probabilityAlive(history),
                LifetimeValue.of(model, history, valuePerPurchase, horizonMonths, annualDiscountRate)));
    }

    /** Recency, frequency and monetary quintiles as three digits, 5 best. */
    public String rfm(Standing standing, Instant now) {
        if (standing.lastPurchase() == null) {
            return null;
        }
        double daysSince = (now.getEpochSecond() - standing.lastPurchase().getEpochSecond()) / 86_400.0;
        return String.format(Locale.ROOT, "%d%d%d", Quintiles.score(-daysSince, recencyBounds),
                Quintiles.score(standing.orders(), frequencyBounds), Quintiles.score(standing.revenue(), monetaryBounds));
    }
}
