package org.customerhub.value;

import java.util.Collection;
import java.util.List;

import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie and Lee 2005, "RFM and CLV"; Fader and Hardie, "The
 * Gamma-Gamma Model of Monetary Value"): a customer's purchase values are Gamma(p, nu) with nu ~ Gamma(q, gamma)
 * across customers, independent of how often they buy. Fitted on customers with repeat purchases and a positive
 * average value.
 */
public record GammaGamma(double p, double q, double gamma) {
    public GammaGamma {
        if (!(p > 0 && q > 0 && gamma > 0)) {
            throw new IllegalArgumentException("Gamma-Gamma parameters must be positive");
        }
    }

    /** The maximum-likelihood parameters over the repeat customers among histories. */
    public static Fit<GammaGamma> fit(Collection<RepeatHistory> histories) {
        List<RepeatHistory> repeaters = histories.stream().filter(GammaGamma::fits).toList();
        if (repeaters.isEmpty()) {
            throw new IllegalArgumentException("no repeat customers with a positive spend to fit");
        }
        double mean = repeaters.stream().mapToDouble(RepeatHistory::averageRepeatValue).average().orElse(1);
        MaximumLikelihood.Estimate estimate = MaximumLikelihood.maximise(
                v -> new GammaGamma(v[0], v[1], v[2]).logLikelihood(repeaters), new double[]{1, 2, mean});
        double[] v = estimate.parameters();
        return new Fit<>(new GammaGamma(v[0], v[1], v[2]), estimate.logLikelihood(), repeaters.size());
    }

    /** Whether the model can read this history: repeat purchases with a positive average. */
    public static boolean fits(RepeatHistory history) {
        return history.repeats() > 0 && history.averageRepeatValue() > 0;
    }

    public double logLikelihood(Collection<RepeatHistory> repeaters) {
        double sum = 0;
        for (RepeatHistory history : repeaters) {
            sum += logLikelihood(history);
        }
        return sum;
    }

    /** The log density of a customer's average repeat value zbar given x purchases. */
    public double logLikelihood(RepeatHistory history) {
        double x = history.repeats();
        double mean = history.averageRepeatValue();
        double px = p * x;
        return Gamma.logGamma(px + q) - Gamma.logGamma(px) - Gamma.logGamma(q) + q * Math.log(gamma)
                + (px - 1) * Math.log(mean) + px * Math.log(x) - (px + q) * Math.log(gamma + mean * x);
    }

    /** E[Z | zbar, x]: expected value of this customer's future purchases, their mean shrunk toward the population's. */
    public double expectedSpend(RepeatHistory history) {
        double x = fits(history) ? history.repeats() : 0;
        double mean = fits(history) ? history.averageRepeatValue() : 0;
        return p * (gamma + x * mean) / (p * x + q - 1);
    }

    /** E[Z]: the population's mean spend per purchase (infinite for q &lt;= 1). */
    public double populationMeanSpend() {
        return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
    }
}
