package org.customerhub.value;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.customerhub.canonical.Channel;
import org.customerhub.canonical.ChannelValue;
import org.customerhub.canonical.CustomerValue;
import org.customerhub.canonical.Money;

/**
 * A customer's value figures worked out from their whole history, over all channels and per channel. Amounts are
 * converted into the reporting currency by the rules' rate table; an amount in a currency without a rate is kept
 * apart in {@code unconverted} and in none of the totals. A return subtracts its value, cost and margin (whatever
 * sign its channel gives them) and counts as an incident; the cost to serve is charged for every interaction.
 */
public final class CustomerFigures {
    private static final int MONEY_SCALE = 2;
    private static final double DAYS_PER_WEEK = 7;

    private CustomerFigures() {
    }

    /** The figures as the canonical record carries them, and what the model and the tiers read of them. */
    public record Figures(CustomerValue value, Standing standing, String mainChannelBefore) {
    }

    public static Figures of(List<Touch> touches, ValueRules rules, Instant now, Period window) {
        Instant windowStart = now.atOffset(ZoneOffset.UTC).minus(window).toInstant();
        Instant beforeStart = windowStart.atOffset(ZoneOffset.UTC).minus(window).toInstant();
        List<Touch> history = touches.stream().sorted(Comparator.comparing(Touch::at)).toList();
        Map<String, ChannelTotals> channels = new TreeMap<>();
        Map<String, BigDecimal> unconverted = new TreeMap<>();
        TreeMap<LocalDate, BigDecimal> purchaseDays = new TreeMap<>();
        Map<LocalDate, Instant> dayFirstPurchase = new TreeMap<>();
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal margin = BigDecimal.ZERO;
        BigDecimal costToServe = BigDecimal.ZERO;
        BigDecimal profitInWindow = BigDecimal.ZERO;
        int orders = 0;
        int returns = 0;
        int carts = 0;
        int webOrders = 0;
        Instant first = null;
        Instant last = null;
        String firstChannel = null;
        for (Touch touch : history) {
            ChannelTotals totals = channels.computeIfAbsent(touch.channel(), c -> new ChannelTotals());
            BigDecimal serving = rules.costToServe(touch.channel(), touch.type(), touch.incident());
            costToServe = costToServe.add(serving);
            totals.costToServe = totals.costToServe.add(serving);
            boolean inWindow = !touch.at().isBefore(windowStart);
            if (inWindow) {
                profitInWindow = profitInWindow.subtract(serving);
            }
            if (touch.cartAbandoned()) {
                carts++;
            }
            if (!touch.purchase() && !touch.purchaseReturn()) {
                continue;
            }
            Optional<BigDecimal> amount = rules.convert(touch.amount(), touch.currency());
            if (amount.isEmpty()) {
                BigDecimal kept = touch.purchaseReturn() ? touch.amount().abs().negate() : touch.amount();
                unconverted.merge(touch.currency().trim().toUpperCase(Locale.ROOT), kept, BigDecimal::add);
            }
            if (touch.purchaseReturn()) {
                returns++;
                totals.returns++;
                if (amount.isPresent()) {
                    Amounts money = money(touch, rules, amount.get());
                    revenue = revenue.subtract(money.value.abs());
                    cost = cost.subtract(money.cost.abs());
                    margin = margin.subtract(money.margin.abs());
                    totals.revenue = totals.revenue.subtract(money.value.abs());
                    totals.margin = totals.margin.subtract(money.margin.abs());
                    if (inWindow) {
                        profitInWindow = profitInWindow.subtract(money.margin.abs());
                    }
                }
                continue;
            }
            orders++;
            totals.orders++;
            if ("web".equals(touch.channel())) {
                webOrders++;
            }
            if (first == null) {
                first = touch.at();
                firstChannel = touch.channel();
            }
            last = touch.at();
            LocalDate day = LocalDate.ofInstant(touch.at(), ZoneOffset.UTC);
            dayFirstPurchase.putIfAbsent(day, touch.at());
            purchaseDays.merge(day, BigDecimal.ZERO, BigDecimal::add);
            if (amount.isEmpty()) {
                continue;
            }
            Amounts money = money(touch, rules, amount.get());
            revenue = revenue.add(money.value);
            cost = cost.add(money.cost);
            margin = margin.add(money.margin);
            totals.revenue = totals.revenue.add(money.value);
            totals.margin = totals.margin.add(money.margin);
            purchaseDays.merge(day, money.value, BigDecimal::add);
            if (inWindow) {
                profitInWindow = profitInWindow.add(money.margin);
                totals.inWindow = totals.inWindow.add(money.value);
            } else if (!touch.at().isBefore(beforeStart)) {
                totals.windowBefore = totals.windowBefore.add(money.value);
            }
        }
        CustomerValue value = new CustomerValue();
        value.setCurrency(rules.currency());
        value.setOrders(orders);
        value.setReturns(returns);
        value.setRevenue(scaled(revenue));
        value.setCost(scaled(cost));
        value.setMargin(scaled(margin));
        value.setCostToServe(scaled(costToServe));
        value.setProfit(scaled(margin.subtract(costToServe)));
        value.setProfitInWindow(scaled(profitInWindow));
        value.setReturnRate(orders == 0 ? 0 : round((double) returns / orders));
        value.setCartAbandonmentRate(carts == 0 ? 0 : round((double) carts / (carts + webOrders)));
        value.setFirstPurchase(Times.calendar(first));
        value.setLastPurchase(Times.calendar(last));
        value.setFirstChannel(firstChannel == null ? null : Channel.fromValue(firstChannel));
        String main = leader(channels, t -> t.inWindow).or(() -> leader(channels, t -> t.revenue)).orElse(null);
        value.setMainChannel(main == null ? null : Channel.fromValue(main));
        String mainBefore = leader(channels, t -> t.windowBefore).orElse(null);
        shares(value, channels, revenue, orders);
        value.setShiftTowardCheaper(shift(channels));
        unconverted.forEach((code, amount) -> {
            Money kept = new Money();
            kept.setCurrency(code);
            kept.setAmount(amount);
            value.getUnconverted().add(kept);
        });
        int repeats = Math.max(purchaseDays.size() - 1, 0);
        double lastRepeatWeeks = repeats == 0 ? 0 : weeks(first, dayFirstPurchase.get(purchaseDays.lastKey()));
        double repeatValue = repeats == 0 ? 0 : purchaseDays.tailMap(purchaseDays.firstKey(), false).values().stream()
                .mapToDouble(BigDecimal::doubleValue).average().orElse(0);
        double marginRatio = revenue.signum() > 0 ? Math.max(margin.doubleValue() / revenue.doubleValue(), 0) : 0;
        value.setTier(rules.defaultTier());
        Standing standing = new Standing(first, last, repeats, lastRepeatWeeks, repeatValue, marginRatio, orders,
                revenue.doubleValue(), profitInWindow.doubleValue());
        return new Figures(value, standing, mainBefore);
    }

    /** The touch's value, cost and margin in the reporting currency; the margin assumed where the channel gave none. */
    private static Amounts money(Touch touch, ValueRules rules, BigDecimal value) {
        BigDecimal cost = touch.cost() == null ? null : rules.convert(touch.cost(), touch.currency()).orElseThrow();
        BigDecimal margin = touch.margin() == null ? null : rules.convert(touch.margin(), touch.currency()).orElseThrow();
        if (margin == null) {
            margin = cost != null ? value.subtract(cost) : value.multiply(rules.assumedMarginRate());
        }
        if (cost == null) {
            cost = value.subtract(margin);
        }
        return new Amounts(value, cost, margin);
    }

    private static void shares(CustomerValue value, Map<String, ChannelTotals> channels, BigDecimal revenue, int orders) {
        BigDecimal inWindow = channels.values().stream().map(t -> t.inWindow).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal before = channels.values().stream().map(t -> t.windowBefore).reduce(BigDecimal.ZERO, BigDecimal::add);
        channels.forEach((name, totals) -> {
            if (totals.orders == 0 && totals.returns == 0) {
                return;
            }
            ChannelValue channel = new ChannelValue();
            channel.setChannel(Channel.fromValue(name));
            channel.setOrders(totals.orders);
            channel.setRevenue(scaled(totals.revenue));
            channel.setMargin(scaled(totals.margin));
            channel.setRevenueShare(share(totals.revenue, revenue));
            channel.setCountShare(orders == 0 ? 0 : round((double) totals.orders / orders));
            channel.setShareInWindow(share(totals.inWindow, inWindow));
            channel.setShareInWindowBefore(share(totals.windowBefore, before));
            value.getChannel().add(channel);
        });
    }

    /**
     * Cost to serve per order at the previous window's channel mix less that at the last window's; each channel's
     * cost per order is what this customer's interactions there cost to serve. Empty unless both windows had business.
     */
    private static BigDecimal shift(Map<String, ChannelTotals> channels) {
        BigDecimal now = channels.values().stream().map(t -> t.inWindow).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal before = channels.values().stream().map(t -> t.windowBefore).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (now.signum() <= 0 || before.signum() <= 0) {
            return null;
        }
        double mixNow = 0;
        double mixBefore = 0;
        for (ChannelTotals totals : channels.values()) {
            double perOrder = totals.orders == 0 ? 0 : totals.costToServe.doubleValue() / totals.orders;
            mixNow += perOrder * totals.inWindow.doubleValue() / now.doubleValue();
            mixBefore += perOrder * totals.windowBefore.doubleValue() / before.doubleValue();
        }
        return BigDecimal.valueOf(mixBefore - mixNow).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
    }

    private static Optional<String> leader(Map<String, ChannelTotals> channels, Function<ChannelTotals, BigDecimal> by) {
        return channels.entrySet().stream().filter(e -> by.apply(e.getValue()).signum() > 0)
                .max(Comparator.comparing((Map.Entry<String, ChannelTotals> e) -> by.apply(e.getValue()))
                        .thenComparing(e -> e.getValue().orders))
                .map(Map.Entry::getKey);
    }

    private static double share(BigDecimal part, BigDecimal whole) {
        return whole.signum() <= 0 ? 0 : round(part.doubleValue() / whole.doubleValue());
    }

    static double weeks(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / 86_400.0 / DAYS_PER_WEEK;
    }

    private static double round(double ratio) {
        return Math.round(ratio * 10_000) / 10_000.0;
    }

    private static BigDecimal scaled(BigDecimal amount) {
        return amount.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
    }

    private record Amounts(BigDecimal value, BigDecimal cost, BigDecimal margin) {
    }

    private static final class ChannelTotals {
        int orders;
        int returns;
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal margin = BigDecimal.ZERO;
        BigDecimal costToServe = BigDecimal.ZERO;
        BigDecimal inWindow = BigDecimal.ZERO;
        BigDecimal windowBefore = BigDecimal.ZERO;
    }
}
