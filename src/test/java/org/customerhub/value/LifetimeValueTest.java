package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LifetimeValueTest {
    private static final BgNbd CDNOW = new BgNbd(0.243, 4.414, 0.793, 2.426);
    private static final RepeatHistory CUSTOMER = new RepeatHistory(2, 30.43, 38.86, 0);

    @Test
    void undiscountedValueIsExpectedPurchasesTimesValue() {
        double purchases = CDNOW.expectedPurchases(52, CUSTOMER);
        assertThat(LifetimeValue.of(CDNOW, CUSTOMER, 40, 12, 0)).isCloseTo(40 * purchases, within(1e-9));
    }

    @Test
    void discountingLowersTheValueByAtMostAYearsRate() {
        double undiscounted = LifetimeValue.of(CDNOW, CUSTOMER, 40, 12, 0);
        double discounted = LifetimeValue.of(CDNOW, CUSTOMER, 40, 12, 0.10);
        assertThat(discounted).isLessThan(undiscounted).isGreaterThan(undiscounted / 1.10);
        // a month's purchases at 10% a year are worth 1.1^(-1/12) of themselves
        double firstMonth = CDNOW.expectedPurchases(52.0 / 12, CUSTOMER) * 40;
        assertThat(LifetimeValue.of(CDNOW, CUSTOMER, 40, 1, 0.10)).isCloseTo(firstMonth / Math.pow(1.1, 1.0 / 12), within(1e-9));
    }

    @Test
    void longerHorizonsAddValue() {
        assertThat(LifetimeValue.of(CDNOW, CUSTOMER, 40, 36, 0.1)).isGreaterThan(LifetimeValue.of(CDNOW, CUSTOMER, 40, 12, 0.1));
    }
}
