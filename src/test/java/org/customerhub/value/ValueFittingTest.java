package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.DoubleStream;

import org.junit.jupiter.api.Test;

/** The fit over a base's columns places the tier cutoffs and RFM bounds where the customers' own standings put them. */
class ValueFittingTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void cutoffsAndRfmBoundsComeFromEveryCustomerWithAPurchase() {
        List<Standing> standings = new ArrayList<>();
        Simulation.forEach(200, 11L, new BgNbd(0.243, 4.414, 0.793, 2.426), new GammaGamma(6.25, 3.74, 15.44),
                history -> standings.add(standing(history, standings.size())));
        Base base = new Base(NOW, 10);
        standings.forEach(base::add);
        base.add(new Standing(null, null, 0, 0, 0, 0.3, 0, 0, -8));

        ValueModel model = ValueFitting.fit(base, rules(), 36, 0.10);

        assertThat(base.size()).isEqualTo(200);
        assertThat(model.purchasing().customers()).isEqualTo(200);
        List<Double> descending = standings.stream()
                .map(s -> model.predict(s, NOW, 36, 0.10).orElseThrow().lifetimeValue())
                .sorted(Comparator.reverseOrder()).toList();
        // 1% and 5% of 200 are the top 2 and 10, 20% the top 40: each ranked tier starts at its last customer's value
        assertThat(model.tierCutoffs()).containsEntry("platinum", descending.get(1))
                .containsEntry("gold", descending.get(9)).containsEntry("silver", descending.get(39));
        assertThat(model.frequencyBounds()).containsExactly(fifths(standings.stream().mapToDouble(Standing::orders)));
        assertThat(model.monetaryBounds()).containsExactly(fifths(standings.stream().mapToDouble(Standing::revenue)));
        assertThat(model.recencyBounds()).containsExactly(fifths(standings.stream()
                .mapToDouble(s -> -(NOW.getEpochSecond() - s.lastPurchase().getEpochSecond()) / 86_400.0)));
    }

    /** The 40th, 80th, 120th and 160th of 200 values from the lowest (counting from 0). */
    private static double[] fifths(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        return new double[]{sorted[40], sorted[80], sorted[120], sorted[160]};
    }

    /** A history as the store's figures give it, each customer with an order count and margin of their own. */
    private static Standing standing(RepeatHistory history, int index) {
        Instant first = NOW.minusSeconds(Math.round(history.observedFor() * 7 * 86_400));
        Instant last = first.plusSeconds(Math.round(history.lastRepeatAt() * 7 * 86_400));
        int orders = history.repeats() + 1;
        double revenue = orders * Math.max(history.averageRepeatValue(), 1) + index;
        return new Standing(first, last, history.repeats(), history.lastRepeatAt(), history.averageRepeatValue(),
                0.1 + index % 5 * 0.1, orders, revenue, revenue * 0.3);
    }

    private static ValueRules rules() {
        Properties settings = new Properties();
        settings.setProperty("tiers", "platinum, gold, silver");
        settings.setProperty("tier.platinum.top-share", "0.01");
        settings.setProperty("tier.gold.top-share", "0.05");
        settings.setProperty("tier.silver.top-share", "0.20");
        settings.setProperty("tier.default", "standard");
        return ValueRules.from(settings);
    }
}
