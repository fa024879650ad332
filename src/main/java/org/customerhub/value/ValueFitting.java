package org.customerhub.value;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;

import org.customerhub.value.ValueRules.RuleKind;
import org.customerhub.value.ValueRules.TierRule;

/**
 * Fits the models over the base's columns: BG/NBD on all customers with a purchase, Gamma-Gamma on those with repeat
 * purchases of positive value, then the lifetime value of every customer to place the ranked tiers' cutoffs, and the
 * RFM quintile bounds. Beside the base it holds one array of a double per customer at a time.
 */
public final class ValueFitting {
    private ValueFitting() {
    }

    public static ValueModel fit(Base base, ValueRules rules, int horizonMonths, double discountRate) {
        long started = System.nanoTime();
        RepeatHistories histories = base.histories();
        Fit<BgNbd> purchasing = BgNbd.fit(histories);
        Fit<GammaGamma> spending = GammaGamma.fitsAny(histories) ? GammaGamma.fit(histories) : null;
        ValueModel unranked = new ValueModel(base.now(), 0, purchasing, spending, Map.of(), new double[4], new double[4], new double[4]);
        // the lifetime values negated, so that sorting ascending ranks them from the highest
        double[] ranked = new double[base.size()];
        int valued = 0;
        for (int i = 0; i < base.size(); i++) {
            Optional<ValueModel.Prediction> prediction = unranked.predict(histories.get(i), base.meanOrderValue(i),
                    base.marginRatio(i), horizonMonths, discountRate);
            if (prediction.isPresent()) {
                ranked[valued++] = -prediction.get().lifetimeValue();
            }
        }
        Arrays.sort(ranked, 0, valued);
        Map<String, Double> cutoffs = new LinkedHashMap<>();
        for (TierRule rule : rules.tiers()) {
            if (rule.kind() == RuleKind.TOP_SHARE && valued > 0) {
                int last = (int) Math.ceil(rule.bound() * valued) - 1;
                cutoffs.put(rule.name(), -ranked[Math.max(0, Math.min(last, valued - 1))]);
            }
        }
        // the same array then holds each RFM figure in turn
        double[] recency = Quintiles.bounds(fill(ranked, base::recency));
        double[] frequency = Quintiles.bounds(fill(ranked, base::orders));
        double[] monetary = Quintiles.bounds(fill(ranked, base::revenue));
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new ValueModel(base.now(), millis, purchasing, spending, cutoffs, recency, frequency, monetary);
    }

    /** The column, one entry per customer, set to each customer's figure. */
    private static double[] fill(double[] column, IntToDoubleFunction figure) {
        for (int i = 0; i < column.length; i++) {
            column[i] = figure.applyAsDouble(i);
        }
        return column;
    }
}
