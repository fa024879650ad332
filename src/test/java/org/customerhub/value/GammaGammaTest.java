package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.List;

import org.junit.jupiter.api.Test;

class GammaGammaTest {
    private static final GammaGamma CDNOW = new GammaGamma(6.25, 3.74, 15.44);

    @Test
    void densityMatchesTheClosedForm() {
        // computed with mpmath at 30 digits from Fader and Hardie's note, equation 4
        assertThat(CDNOW.logLikelihood(new RepeatHistory(3, 20, 30, 25))).isCloseTo(-3.59374446147053, within(1e-11));
    }

    @Test
    void expectedSpendShrinksTheCustomersMeanTowardThePopulation() {
        RepeatHistory customer = new RepeatHistory(3, 20, 30, 25);
        assertThat(CDNOW.expectedSpend(customer)).isCloseTo(26.3029315960912, within(1e-10));
        double population = CDNOW.populationMeanSpend();
        assertThat(population).isCloseTo(6.25 * 15.44 / 2.74, within(1e-12));
        assertThat(CDNOW.expectedSpend(new RepeatHistory(0, 0, 30, 0))).isCloseTo(population, within(1e-12));
        // more purchases, less shrinkage: a frequent buyer's estimate stays nearer their own mean
        double frequent = CDNOW.expectedSpend(new RepeatHistory(30, 29, 30, 25));
        assertThat(Math.abs(frequent - 25)).isLessThan(Math.abs(CDNOW.expectedSpend(customer) - 25));
    }

    @Test
    void fitRecoversTheParametersOfASimulatedBase() {
        GammaGamma truth = new GammaGamma(6, 4, 15);
        List<RepeatHistory> customers = Simulation.customers(10_000, 424242L, new BgNbd(1.5, 4, 0.6, 3), truth);
        Fit<GammaGamma> fit = GammaGamma.fit(RepeatHistories.of(customers));
        assertThat(fit.customers()).isEqualTo((int) customers.stream().filter(GammaGamma::fits).count());
        assertThat(fit.model().p()).isCloseTo(truth.p(), withPercentage(15));
        assertThat(fit.model().q()).isCloseTo(truth.q(), withPercentage(25));
        assertThat(fit.model().gamma()).isCloseTo(truth.gamma(), withPercentage(30));
        assertThat(fit.model().populationMeanSpend()).isCloseTo(truth.populationMeanSpend(), withPercentage(5));
    }
}
