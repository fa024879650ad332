package org.customerhub.value;

import java.util.Locale;
import java.util.Optional;

import org.customerhub.value.ValueModel.Prediction;
import org.customerhub.value.ValueRules.TierRule;

/** Which tier a customer is in, and why: the first rule in the configured order that the customer meets. */
public final class Tiering {
    private Tiering() {
    }

    public record Tier(String name, String reason) {
    }

    public static Tier of(Standing standing, Optional<Prediction> prediction, Optional<ValueModel> model, ValueRules rules) {
        for (TierRule rule : rules.tiers()) {
            switch (rule.kind()) {
                case PROFIT_BELOW -> {
                    if (standing.profitInWindow() < rule.bound()) {
                        return new Tier(rule.name(), String.format(Locale.ROOT, "profit %.2f %s over the window is below %s",
                                standing.profitInWindow(), rules.currency(), plain(rule.bound())));
                    }
                }
                case ALIVE_BELOW -> {
                    if (prediction.isPresent() && prediction.get().probabilityAlive() < rule.bound()) {
                        return new Tier(rule.name(), String.format(Locale.ROOT, "probability alive %.2f is below %s",
                                prediction.get().probabilityAlive(), plain(rule.bound())));
                    }
                }
                case TOP_SHARE -> {
                    Double cutoff = model.map(m -> m.tierCutoffs().get(rule.name())).orElse(null);
                    if (prediction.isPresent() && cutoff != null && prediction.get().lifetimeValue() >= cutoff) {
                        return new Tier(rule.name(), String.format(Locale.ROOT,
                                "lifetime value %.2f is in the top %s%% of customers (from %.2f)",
                                prediction.get().lifetimeValue(), plain(rule.bound() * 100), cutoff));
                    }
                }
                default -> throw new IllegalStateException("unknown rule " + rule.kind());
            }
        }
        return new Tier(rules.defaultTier(), "no tier rule applies");
    }

    private static String plain(double number) {
        return java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
}
