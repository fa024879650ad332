package org.customerhub.value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.customerhub.value.ValueRules.RuleKind;
import org.customerhub.value.ValueRules.TierRule;

/**
 * Fits the models over every customer's standing: BG/NBD on all customers with a purchase, Gamma-Gamma on those with
 * repeat purchases of positive value, then the lifetime value of every customer to place the ranked tiers' cutoffs,
 * and the RFM quintile bounds.
 */
public final class ValueFitting {
    private ValueFitting() {
    }

    public static ValueModel fit(List<Standing> base, ValueRules rules, Instant now, int horizonMonths, double discountRate) {
        long started = System.nanoTime();
        List<RepeatHistory> histories = new ArrayList<>(base.size());
        List<Standing> buyers = new ArrayList<>(base.size());
        for (Standing standing : base) {
            standing.history(now).ifPresent(history -> {
                histories.add(history);
                buyers.add(standing);
            });
        }
        Fit<BgNbd> purchasing = BgNbd.fit(histories);
        Fit<GammaGamma> spending = histories.stream().anyMatch(GammaGamma::fits) ? GammaGamma.fit(histories) : null;
        ValueModel unranked = new ValueModel(now, 0, purchasing, spending, Map.of(), new double[4], new double[4], new double[4]);
        double[] values = buyers.stream().flatMap(s -> unranked.predict(s, now, horizonMonths, discountRate).stream())
                .mapToDouble(ValueModel.Prediction::lifetimeValue).toArray();
        double[] descending = Arrays.stream(values).map(v -> -v).sorted().map(v -> -v).toArray();
        Map<String, Double> cutoffs = new LinkedHashMap<>();
        for (TierRule rule : rules.tiers()) {
            if (rule.kind() == RuleKind.TOP_SHARE && descending.length > 0) {
                int last = (int) Math.ceil(rule.bound() * descending.length) - 1;
                cutoffs.put(rule.name(), descending[Math.max(0, Math.min(last, descending.length - 1))]);
            }
        }
        double[] recency = buyers.stream()
                .mapToDouble(s -> -(now.getEpochSecond() - s.lastPurchase().getEpochSecond()) / 86_400.0).toArray();
        double[] frequency = buyers.stream().mapToDouble(Standing::orders).toArray();
        double[] monetary = buyers.stream().mapToDouble(Standing::revenue).toArray();
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new ValueModel(now, millis, purchasing, spending, cutoffs, Quintiles.bounds(recency),
                Quintiles.bounds(frequency), Quintiles.bounds(monetary));
    }
}
