package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

class BgNbdTest {
    /** The published CDNOW estimates; the reference values below were computed from them with mpmath at 30 digits. */
    private static final BgNbd CDNOW = new BgNbd(0.243, 4.414, 0.793, 2.426);

    @Test
    void logLikelihoodOfOneCustomerMatchesTheClosedForm() {
        assertThat(CDNOW.logLikelihood(new RepeatHistory(2, 30.43, 38.86, 0))).isCloseTo(-9.45860630706627, within(1e-11));
        assertThat(CDNOW.logLikelihood(new RepeatHistory(0, 0, 38.86, 0))).isCloseTo(-0.554713276438158, within(1e-11));
        // a frequent buyer, where Gamma(r + x) alone would overflow the closed form's terms in plain arithmetic
        assertThat(CDNOW.logLikelihood(new RepeatHistory(40, 35, 38, 0))).isCloseTo(-46.2285062203221, within(1e-10));
    }

    @Test
    void conditionalExpectationReproducesThePapersWorkedCustomer() {
        // Fader, Hardie and Lee (2005), section 5: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks
        RepeatHistory customer = new RepeatHistory(2, 30.43, 38.86, 0);
        assertThat(CDNOW.expectedPurchases(39, customer)).isCloseTo(1.22602817476714, within(1e-10));
        assertThat(CDNOW.expectedPurchases(52, new RepeatHistory(0, 0, 38.86, 0))).isCloseTo(0.252073022282459, within(1e-10));
        assertThat(CDNOW.expectedPurchases(52, new RepeatHistory(40, 35, 38, 0))).isCloseTo(25.9338618077359, within(1e-8));
        assertThat(CDNOW.expectedPurchases(0, customer)).isZero();
    }

    @Test
    void probabilityAliveFallsWithTimeSinceTheLastPurchase() {
        assertThat(CDNOW.probabilityAlive(new RepeatHistory(2, 30.43, 38.86, 0))).isCloseTo(0.726578570080673, within(1e-12));
        assertThat(CDNOW.probabilityAlive(new RepeatHistory(0, 0, 38.86, 0))).isEqualTo(1);
        double recent = CDNOW.probabilityAlive(new RepeatHistory(5, 38, 39, 0));
        double lapsed = CDNOW.probabilityAlive(new RepeatHistory(5, 10, 39, 0));
        assertThat(lapsed).isLessThan(0.2).isLessThan(recent);
    }

    @Test
    void newCustomersExpectedPurchasesGrowWithTime() {
        assertThat(CDNOW.expectedPurchasesOfNewCustomer(52)).isCloseTo(1.44605059539640, within(1e-10));
        assertThat(CDNOW.expectedPurchasesOfNewCustomer(78)).isCloseTo(1.86051905794277, within(1e-10));
    }

    @Test
    void fitRecoversTheParametersOfASimulatedBase() {
        BgNbd truth = new BgNbd(0.8, 6.0, 1.2, 3.5);
        RepeatHistories customers = RepeatHistories.of(Simulation.customers(8_000, 20260601L, truth, new GammaGamma(6, 4, 15)));
        Fit<BgNbd> fit = BgNbd.fit(customers);
        assertThat(fit.model().r()).isCloseTo(truth.r(), withPercentage(12));
        assertThat(fit.model().alpha()).isCloseTo(truth.alpha(), withPercentage(15));
        assertThat(fit.model().a()).isCloseTo(truth.a(), withPercentage(25));
        assertThat(fit.model().b()).isCloseTo(truth.b(), withPercentage(25));
        assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(truth.logLikelihood(customers));
        assertThat(fit.customers()).isEqualTo(8_000);
    }

    @Test
    void fitsTheMaximumOfTheLikelihood() {
        RepeatHistories customers = RepeatHistories.of(Simulation.customers(2_000, 7L, CDNOW, new GammaGamma(6, 4, 15)));
        Fit<BgNbd> fit = BgNbd.fit(customers);
        BgNbd m = fit.model();
        for (double step : new double[]{0.98, 1.02}) {
            assertThat(new BgNbd(m.r() * step, m.alpha(), m.a(), m.b()).logLikelihood(customers)).isLessThan(fit.logLikelihood());
            assertThat(new BgNbd(m.r(), m.alpha() * step, m.a(), m.b()).logLikelihood(customers)).isLessThan(fit.logLikelihood());
            assertThat(new BgNbd(m.r(), m.alpha(), m.a() * step, m.b()).logLikelihood(customers)).isLessThan(fit.logLikelihood());
            assertThat(new BgNbd(m.r(), m.alpha(), m.a(), m.b() * step).logLikelihood(customers)).isLessThan(fit.logLikelihood());
        }
    }
}
