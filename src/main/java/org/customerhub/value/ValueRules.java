package org.customerhub.value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What config/value.properties says: the reporting currency and the rates into it, the cost to serve per interaction
 * type and channel, the margin assumed where a channel reports none, and the tier rules in the order they are tried.
 */
public record ValueRules(String currency, Map<String, BigDecimal> rates, Map<String, BigDecimal> costs,
                         BigDecimal assumedMarginRate, List<TierRule> tiers, String defaultTier) {
    /** How a tier is earned: a place in the top share by lifetime value, a profit below a bound, or P(alive) below one. */
    public enum RuleKind { TOP_SHARE, PROFIT_BELOW, ALIVE_BELOW }

    public record TierRule(String name, RuleKind kind, double bound) {
    }

    public ValueRules {
        rates = Map.copyOf(rates);
        costs = Map.copyOf(costs);
        tiers = List.copyOf(tiers);
    }

    /** Reads and checks the rules; a mistake is refused with what is wrong, so a live edit never half-applies. */
    public static ValueRules from(Properties settings) {
        String currency = settings.getProperty("currency", "USD").trim().toUpperCase(Locale.ROOT);
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        rates.put(currency, BigDecimal.ONE);
        for (String key : settings.stringPropertyNames()) {
            if (key.startsWith("rate.")) {
                rates.put(key.substring(5).toUpperCase(Locale.ROOT), positive(settings, key));
            } else if (key.startsWith("cost.")) {
                costs.put(key.substring(5), number(settings, key));
            }
        }
        BigDecimal assumedMargin = number(settings, "margin.assumed-rate", "0");
        List<TierRule> tiers = new ArrayList<>();
        List<String> names = Arrays.stream(settings.getProperty("tiers", "").split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).toList();
        double lastShare = 0;
        for (String name : names) {
            TierRule rule = rule(settings, name);
            if (rule.kind() == RuleKind.TOP_SHARE) {
                if (rule.bound() <= lastShare || rule.bound() > 1) {
                    throw new IllegalArgumentException("tier." + name + ".top-share must be above the tiers before it and at most 1");
                }
                lastShare = rule.bound();
            }
            tiers.add(rule);
        }
        String defaultTier = settings.getProperty("tier.default", "standard").trim();
        return new ValueRules(currency, rates, costs, assumedMargin, tiers, defaultTier);
    }

    private static TierRule rule(Properties settings, String name) {
        List<TierRule> found = new ArrayList<>();
        for (RuleKind kind : RuleKind.values()) {
            String key = "tier." + name + "." + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (settings.getProperty(key) != null) {
                found.add(new TierRule(name, kind, number(settings, key).doubleValue()));
            }
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException("tier " + name + " needs exactly one of tier." + name
                    + ".top-share, .profit-below, .alive-below");
        }
        return found.get(0);
    }

    /** An amount in the reporting currency; empty for a currency without a rate (no currency is the reporting one). */
    public Optional<BigDecimal> convert(BigDecimal amount, String amountCurrency) {
        if (amount == null) {
            return Optional.of(BigDecimal.ZERO);
        }
        String code = amountCurrency == null || amountCurrency.isBlank() ? currency : amountCurrency.trim().toUpperCase(Locale.ROOT);
        BigDecimal rate = rates.get(code);
        return rate == null ? Optional.empty() : Optional.of(amount.multiply(rate));
    }

    /** The cost to serve one interaction: by channel and type, else by type, else the incident cost for an incident. */
    public BigDecimal costToServe(String channel, String type, boolean incident) {
        BigDecimal cost = costs.get(channel + "." + type);
        if (cost == null) {
            cost = costs.get(type);
        }
        if (cost == null) {
            cost = incident ? costs.getOrDefault("incident", BigDecimal.ZERO) : BigDecimal.ZERO;
        }
        return cost;
    }

    private static BigDecimal positive(Properties settings, String key) {
        BigDecimal value = number(settings, key);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(key + " must be above 0");
        }
        return value;
    }

    private static BigDecimal number(Properties settings, String key) {
        return number(settings, key, null);
    }

    private static BigDecimal number(Properties settings, String key, String fallback) {
        String text = settings.getProperty(key, fallback);
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(key + " must be a number, not " + text);
        }
    }
}
