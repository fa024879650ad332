package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ReplenishmentTest {
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private static Instant day(int day) {
        return START.plus(Duration.ofDays(day));
    }

    @Test
    void aCustomersOwnIntervalsAreShrunkTowardTheSkusPace() {
        Replenishment replenishment = new Replenishment(3, 2);
        // Ada: 3 purchases 20 days apart (2 intervals, 40 days); Ben: 5 purchases 40 days apart (4 intervals, 160 days)
        for (int day : new int[] {0, 20, 40}) {
            replenishment.purchase("ada", "208845", day(day));
        }
        for (int day : new int[] {0, 40, 80, 120, 160}) {
            replenishment.purchase("ben", "208845", day(day));
        }
        // the SKU's mean interval: 200 days over 6 intervals
        double skuMean = 200.0 / 6;
        Replenishment.Expectation ada = replenishment.expectation("ada", "208845").orElseThrow();
        assertThat(ada.intervalDays()).isCloseTo((40 + 2 * skuMean) / (2 + 2), within(1e-9));
        assertThat(ada.lastPurchase()).isEqualTo(day(40));
        assertThat(ada.expectedAt()).isEqualTo(day(40).plus(Duration.ofMinutes(Math.round(ada.intervalDays() * 24 * 60))));
        Replenishment.Expectation ben = replenishment.expectation("ben", "208845").orElseThrow();
        assertThat(ben.intervalDays()).isCloseTo((160 + 2 * skuMean) / (4 + 2), within(1e-9));
    }

    @Test
    void tooShortAHistoryExpectsNothing() {
        Replenishment replenishment = new Replenishment(3, 2);
        replenishment.purchase("cy", "100200", day(0));
        replenishment.purchase("cy", "100200", day(30));
        for (int day : new int[] {0, 10, 20}) {
            replenishment.purchase("di", "100200", day(day));
        }
        assertThat(replenishment.expectation("cy", "100200")).isEmpty();
        assertThat(replenishment.expectation("di", "100200")).isPresent();
    }
}
