package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.customerhub.canonical.ChannelValue;
import org.customerhub.canonical.CustomerValue;
import org.junit.jupiter.api.Test;

class CustomerFiguresTest {
    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final ValueRules RULES = ValueRules.from(properties("""
            currency = USD
            rate.CAD = 0.75
            cost.WEB_ORDER = 1.00
            cost.STORE_SALE = 2.00
            cost.SUPPORT_CASE = 8.00
            cost.incident = 5.00
            margin.assumed-rate = 0.30
            tiers = unprofitable, lapsing, platinum
            tier.unprofitable.profit-below = 0
            tier.lapsing.alive-below = 0.2
            tier.platinum.top-share = 0.01
            """));

    @Test
    void anUnknownCurrencyIsKeptApartAndAddsToNoTotal() {
        CustomerValue value = figures(
                touch("web", "WEB_ORDER", "2026-06-01T10:00:00Z", "100.00", "CAD", null, null),
                touch("web", "WEB_ORDER", "2026-06-02T10:00:00Z", "5000", "JPY", null, null)).value();
        // 100 CAD at 0.75 is 75.00; the margin assumed at 30% is 22.50, the cost the rest
        assertThat(value.getRevenue()).isEqualByComparingTo("75.00");
        assertThat(value.getMargin()).isEqualByComparingTo("22.50");
        assertThat(value.getCost()).isEqualByComparingTo("52.50");
        assertThat(value.getOrders()).isEqualTo(2);
        assertThat(value.getUnconverted()).singleElement().satisfies(money -> {
            assertThat(money.getCurrency()).isEqualTo("JPY");
            assertThat(money.getAmount()).isEqualByComparingTo("5000");
        });
        // both orders cost 1.00 to serve whatever their currency
        assertThat(value.getCostToServe()).isEqualByComparingTo("2.00");
        assertThat(value.getProfit()).isEqualByComparingTo("20.50");
    }

    @Test
    void aReturnSubtractsItsValueAndMarginWhateverSignItsChannelGives() {
        CustomerValue value = figures(
                touch("retail", "STORE_SALE", "2026-06-01T10:00:00Z", "50.00", "USD", "30.00", "20.00"),
                incident("retail", "STORE_RETURN", "2026-06-03T10:00:00Z", "10.00", "USD", "6.00", "4.00")).value();
        assertThat(value.getRevenue()).isEqualByComparingTo("40.00");
        assertThat(value.getCost()).isEqualByComparingTo("24.00");
        assertThat(value.getMargin()).isEqualByComparingTo("16.00");
        // the sale costs 2.00 to serve, the return as an incident 5.00
        assertThat(value.getCostToServe()).isEqualByComparingTo("7.00");
        assertThat(value.getReturns()).isEqualTo(1);
        assertThat(value.getReturnRate()).isEqualTo(1.0);
    }

    @Test
    void aCancelledOrderIsNoPurchaseButStillCostToServe() {
        Touch cancelled = new Touch("web", "WEB_ORDER", Instant.parse("2026-06-01T10:00:00Z"), new BigDecimal("80"), "USD",
                null, null, false, true);
        CustomerValue value = CustomerFigures.of(List.of(cancelled), RULES, NOW, Period.ofMonths(12)).value();
        assertThat(value.getOrders()).isZero();
        assertThat(value.getRevenue()).isEqualByComparingTo("0");
        assertThat(value.getCostToServe()).isEqualByComparingTo("1.00");
        assertThat(value.getFirstPurchase()).isNull();
    }

    @Test
    void channelShareAndShiftCompareTheLastWindowWithTheOneBefore() {
        CustomerFigures.Figures figures = figures(
                touch("retail", "STORE_SALE", "2025-03-01T10:00:00Z", "100.00", "USD", null, "40.00"),
                touch("web", "WEB_ORDER", "2026-03-01T10:00:00Z", "60.00", "USD", null, "20.00"),
                touch("retail", "STORE_SALE", "2026-04-01T10:00:00Z", "20.00", "USD", null, "5.00"),
                touch("web", "CART_ABANDONED", "2026-05-01T10:00:00Z", "30.00", "USD", null, null));
        CustomerValue value = figures.value();
        assertThat(value.getFirstChannel().value()).isEqualTo("retail");
        assertThat(value.getMainChannel().value()).isEqualTo("web");
        assertThat(figures.mainChannelBefore()).isEqualTo("retail");
        ChannelValue web = channel(value, "web");
        ChannelValue retail = channel(value, "retail");
        assertThat(web.getRevenueShare()).isEqualTo(0.3333);
        assertThat(retail.getCountShare()).isEqualTo(0.6667);
        assertThat(web.getShareInWindow()).isEqualTo(0.75);
        assertThat(web.getShareInWindowBefore()).isZero();
        assertThat(retail.getShareInWindowBefore()).isEqualTo(1.0);
        // per order, retail costs 2.00 and web 1.00: moving three quarters to the web saves 0.75 an order
        assertThat(value.getShiftTowardCheaper()).isEqualByComparingTo("0.75");
        assertThat(value.getCartAbandonmentRate()).isEqualTo(0.5);
        // in the window: margins 20 + 5, less 1 + 2 to serve (the abandoned cart has no cost)
        assertThat(value.getProfitInWindow()).isEqualByComparingTo("22.00");
        assertThat(figures.standing().repeats()).isEqualTo(2);
    }

    @Test
    void tiersFollowTheRulesInOrder() {
        Standing losing = figures(touch("web", "SUPPORT_CASE", "2026-06-01T10:00:00Z", null, null, null, null)).standing();
        assertThat(Tiering.of(losing, Optional.empty(), Optional.empty(), RULES))
                .isEqualTo(new Tiering.Tier("unprofitable", "profit -8.00 USD over the window is below 0"));
        Standing buyer = figures(touch("web", "WEB_ORDER", "2026-06-01T10:00:00Z", "100.00", "USD", null, null)).standing();
        assertThat(Tiering.of(buyer, Optional.empty(), Optional.empty(), RULES).name()).isEqualTo("standard");
        ValueModel model = new ValueModel(NOW, 0, new Fit<>(new BgNbd(0.243, 4.414, 0.793, 2.426), 0, 1), null,
                java.util.Map.of("platinum", 50.0), new double[4], new double[4], new double[4]);
        assertThat(Tiering.of(buyer, Optional.of(new ValueModel.Prediction(1, 0.9, 60)), Optional.of(model), RULES).name())
                .isEqualTo("platinum");
        assertThat(Tiering.of(buyer, Optional.of(new ValueModel.Prediction(1, 0.1, 60)), Optional.of(model), RULES).name())
                .isEqualTo("lapsing");
        assertThat(Tiering.of(buyer, Optional.of(new ValueModel.Prediction(1, 0.9, 40)), Optional.of(model), RULES).name())
                .isEqualTo("standard");
    }

    @Test
    void rulesWithAMistakeAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ValueRules.from(properties("rate.EUR = -1")))
                .hasMessageContaining("rate.EUR must be above 0");
        assertThatThrownBy(() -> ValueRules.from(properties("tiers = gold\ntier.gold.top-share = 0.05\ntier.gold.alive-below = 0.2")))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ValueRules.from(properties("tiers = gold, silver\ntier.gold.top-share = 0.05\ntier.silver.top-share = 0.01")))
                .hasMessageContaining("above the tiers before it");
    }

    private static ChannelValue channel(CustomerValue value, String name) {
        return value.getChannel().stream().filter(c -> c.getChannel().value().equals(name)).findFirst().orElseThrow();
    }

    private static CustomerFigures.Figures figures(Touch... touches) {
        return CustomerFigures.of(List.of(touches), RULES, NOW, Period.ofMonths(12));
    }

    private static Touch touch(String channel, String type, String at, String amount, String currency, String cost, String margin) {
        return new Touch(channel, type, Instant.parse(at), amount == null ? null : new BigDecimal(amount), currency,
                cost == null ? null : new BigDecimal(cost), margin == null ? null : new BigDecimal(margin),
                "SUPPORT_CASE".equals(type), false);
    }

    private static Touch incident(String channel, String type, String at, String amount, String currency, String cost, String margin) {
        return new Touch(channel, type, Instant.parse(at), new BigDecimal(amount), currency, new BigDecimal(cost),
                new BigDecimal(margin), true, false);
    }

    private static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new java.io.StringReader(text));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
