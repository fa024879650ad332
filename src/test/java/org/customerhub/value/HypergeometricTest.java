package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HypergeometricTest {
    @Test
    void matchesClosedForms() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z
        assertThat(Hypergeometric.value(1, 1, 2, 0.5)).isCloseTo(-Math.log(0.5) / 0.5, within(1e-13));
        // 2F1(1/2, 1/2; 3/2; z^2) = asin(z) / z
        assertThat(Hypergeometric.value(0.5, 0.5, 1.5, 0.81)).isCloseTo(Math.asin(0.9) / 0.9, within(1e-12));
        // 2F1(a, b; b; z) = (1 - z)^-a
        assertThat(Hypergeometric.value(3.7, 2.2, 2.2, 0.9)).isCloseTo(Math.pow(0.1, -3.7), within(1e-8));
        assertThat(Hypergeometric.log2F1(0.3, 4.1, 4.1, 0)).isZero();
    }

    @Test
    void staysInLogSpaceWhereTheValueOverflowsADouble() {
        // (1 - 0.95)^-300 is about e^899, past Double.MAX_VALUE
        assertThat(Hypergeometric.log2F1(300, 40, 40, 0.95)).isCloseTo(300 * Math.log(20), within(1e-9));
    }

    @Test
    void convergesNearOneAndForAFrequentBuyer() {
        // references computed with mpmath's hyp2f1 at 30 digits
        assertThat(Hypergeometric.value(0.3, 4.1, 2.7, 0.999)).isCloseTo(8712.67655414256, within(1e-7));
        assertThat(Hypergeometric.log2F1(40.243, 42.426, 81.219, 0.97)).isCloseTo(46.2381477227354, within(1e-10));
    }

    @Test
    void refusesArgumentsOutsideTheSeriesDomain() {
        assertThatThrownBy(() -> Hypergeometric.log2F1(1, 1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.log2F1(1, 1, -0.5, 0.3)).isInstanceOf(IllegalArgumentException.class);
    }
}
