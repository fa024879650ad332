package org.customerhub.value;

import java.util.Arrays;

import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model (Fader, Hardie and Lee 2005, "Counting Your Customers the Easy Way"): while alive a customer buys
 * as a Poisson process with rate lambda ~ Gamma(r, alpha); after each purchase they drop out with probability
 * p ~ Beta(a, b). Everything is computed in log space (the closed-form likelihood overflows for frequent buyers).
 */
public record BgNbd(double r, double alpha, double a, double b) {
    public BgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
            throw new IllegalArgumentException("BG/NBD parameters must be positive");
        }
    }

    /** The maximum-likelihood parameters over the histories, with their log-likelihood. */
    public static Fit<BgNbd> fit(RepeatHistories histories) {
        if (histories.isEmpty()) {
            throw new IllegalArgumentException("no customers to fit");
        }
        double meanRepeats = histories.repeatsStream().average().orElse(0);
        double meanObserved = histories.observedForStream().average().orElse(1);
        // start from the Poisson rate the data shows, with a dropout of moderate spread
        double rate = Math.max(meanRepeats, 0.1) / Math.max(meanObserved, 1);
        MaximumLikelihood.Estimate estimate = MaximumLikelihood.maximise(
                p -> new BgNbd(p[0], p[1], p[2], p[3]).logLikelihood(histories), new double[]{1, 1 / rate, 1, 1});
        double[] p = estimate.parameters();
        return new Fit<>(new BgNbd(p[0], p[1], p[2], p[3]), estimate.logLikelihood(), histories.size());
    }

    /** The log-likelihood of the whole base; the terms that depend on x alone are computed once per distinct x. */
    public double logLikelihood(RepeatHistories histories) {
        int maxRepeats = histories.repeatsStream().max().orElse(0);
        double[] byRepeats = new double[maxRepeats + 1];
        Arrays.fill(byRepeats, Double.NaN);
        double sum = 0;
        for (int i = 0; i < histories.size(); i++) {
            int x = histories.repeats(i);
            if (Double.isNaN(byRepeats[x])) {
                byRepeats[x] = repeatTerms(x);
            }
            sum += byRepeats[x] + recencyTerms(x, histories.lastRepeatAt(i), histories.observedFor(i));
        }
        return sum;
    }

    /** The log-likelihood of one customer's (x, t_x, T). */
    public double logLikelihood(RepeatHistory history) {
        return repeatTerms(history.repeats()) + recencyTerms(history.repeats(), history.lastRepeatAt(), history.observedFor());
    }

    /** log of Gamma(r+x) alpha^r / Gamma(r) times B(a, b+x) / B(a, b). */
    private double repeatTerms(int x) {
        return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
                + Gamma.logGamma(a + b) + Gamma.logGamma(b + x) - Gamma.logGamma(b) - Gamma.logGamma(a + b + x);
    }

    /** Alive at the end of observation, or (with repeats) dropped out right after the last purchase. */
    private double recencyTerms(int x, double lastRepeatAt, double observedFor) {
        double aliveAtEnd = -(r + x) * Math.log(alpha + observedFor);
        if (x == 0) {
            return aliveAtEnd;
        }
        double droppedAfterLast = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + lastRepeatAt);
        return logSumExp(aliveAtEnd, droppedAfterLast);
    }

    /** P(alive | x, t_x, T): 1 for a customer who has not bought again, as the model has them drop out only after a purchase. */
    public double probabilityAlive(RepeatHistory history) {
        int x = history.repeats();
        if (x == 0) {
            return 1;
        }
        double logOdds = Math.log(a) - Math.log(b + x - 1)
                + (r + x) * (Math.log(alpha + history.observedFor()) - Math.log(alpha + history.lastRepeatAt()));
        return 1 / (1 + Math.exp(logOdds));
    }

    /** E[X(t)]: expected purchases of a new customer in their first t weeks. */
    public double expectedPurchasesOfNewCustomer(double t) {
        if (t <= 0) {
            return 0;
        }
        double z = t / (alpha + t);
        double tail = Math.exp(r * Math.log(alpha / (alpha + t)) + Hypergeometric.log2F1(r, b, a + b - 1, z));
        return (a + b - 1) / (a - 1) * (1 - tail);
    }

    /** E[Y(t) | x, t_x, T]: expected purchases in the next t weeks given the customer's history (eq. 10 of the paper). */
    public double expectedPurchases(double t, RepeatHistory history) {
        if (t <= 0) {
            return 0;
        }
        int x = history.repeats();
        double observed = history.observedFor();
        double z = t / (alpha + observed + t);
        double logTail = (r + x) * Math.log((alpha + observed) / (alpha + observed + t))
                + Hypergeometric.log2F1(r + x, b + x, a + b + x - 1, z);
        double numerator = (a + b + x - 1) / (a - 1) * -Math.expm1(logTail);
        double denominator = 1;
        if (x > 0) {
            denominator += Math.exp(Math.log(a) - Math.log(b + x - 1)
                    + (r + x) * (Math.log(alpha + observed) - Math.log(alpha + history.lastRepeatAt())));
        }
        return numerator / denominator;
    }

    static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
    }
}
