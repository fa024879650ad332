package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.customerhub.value.Replenishment.Pace;
import org.customerhub.value.Replenishment.Purchases;
import org.junit.jupiter.api.Test;

class ReplenishmentTest {
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private static Instant day(int day) {
        return START.plus(Duration.ofDays(day));
    }

    private static Purchases on(int... days) {
        return Purchases.of(Arrays.stream(days).mapToObj(ReplenishmentTest::day).toList());
    }

    @Test
    void aCustomersOwnIntervalsAreShrunkTowardTheSkusPace() {
        Replenishment replenishment = new Replenishment(3, 2);
        // Ada: 3 purchases 20 days apart (2 intervals, 40 days); Ben: 5 purchases 40 days apart (4 intervals, 160 days)
        Purchases ada = on(0, 20, 40);
        Purchases ben = on(0, 40, 80, 120, 160);
        Pace pace = Pace.NONE.plus(ada).plus(ben);
        // the SKU's mean interval: 200 days over 6 intervals
        double skuMean = 200.0 / 6;
        assertThat(pace.meanDays()).isCloseTo(skuMean, within(1e-9));
        Replenishment.Expectation adaNext = replenishment.expectation("ada", "208845", ada, pace).orElseThrow();
        assertThat(adaNext.intervalDays()).isCloseTo((40 + 2 * skuMean) / (2 + 2), within(1e-9));
        assertThat(adaNext.lastPurchase()).isEqualTo(day(40));
        assertThat(adaNext.expectedAt()).isEqualTo(day(40).plus(Duration.ofMinutes(Math.round(adaNext.intervalDays() * 24 * 60))));
        Replenishment.Expectation benNext = replenishment.expectation("ben", "208845", ben, pace).orElseThrow();
        assertThat(benNext.intervalDays()).isCloseTo((160 + 2 * skuMean) / (4 + 2), within(1e-9));
    }

    @Test
    void tooShortAHistoryExpectsNothing() {
        Replenishment replenishment = new Replenishment(3, 2);
        Purchases cy = on(0, 30);
        Purchases di = on(0, 10, 20);
        Pace pace = Pace.NONE.plus(cy).plus(di);
        assertThat(replenishment.expectation("cy", "100200", cy, pace)).isEmpty();
        assertThat(replenishment.expectation("di", "100200", di, pace)).isPresent();
    }

    @Test
    void twoPurchasesAtTheSameTimeAreOne() {
        Purchases twice = Purchases.of(List.of(day(0), day(0), day(30)));
        assertThat(twice.count()).isEqualTo(2);
        assertThat(twice.intervals()).isEqualTo(1);
        assertThat(twice.spanMinutes()).isEqualTo(Duration.ofDays(30).toMinutes());
    }

    /** A customer's share moved out of the sums and in again, as a check does when their history changes. */
    @Test
    void aPaceKeptAsRunningSumsEqualsThePaceWorkedOutAgain() {
        Purchases before = on(0, 20, 40);
        Purchases after = on(0, 20, 40, 55);
        Purchases other = on(3, 50, 97, 144);
        Pace kept = Pace.NONE.plus(before).plus(other).minus(before).plus(after);
        assertThat(kept).isEqualTo(Pace.NONE.plus(other).plus(after));
        assertThat(Pace.NONE.plus(other).plus(Purchases.NONE)).isEqualTo(Pace.NONE.plus(other));
    }
}
