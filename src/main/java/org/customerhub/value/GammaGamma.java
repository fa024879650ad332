package org.customerhub.value;

import java.util.stream.IntStream;

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
    public static Fit<GammaGamma> fit(RepeatHistories histories) {
        int repeaters = (int) repeaters(histories).count();
        if (repeaters == 0) {
            throw new IllegalArgumentException("no repeat customers with a positive spend to fit");
        }
        double mean = repeaters(histories).mapToDouble(histories::averageRepeatValue).average().orElse(1);
        MaximumLikelihood.Estimate estimate = MaximumLikelihood.maximise(
                v -> new GammaGamma(v[0], v[1], v[2]).logLikelihood(histories), new double[]{1, 2, mean});
        double[] v = estimate.parameters();
        return new Fit<>(new GammaGamma(v[0], v[1], v[2]), estimate.logLikelihood(), repeaters);
    }

    /** Whether the model can read this history: repeat purchases with a positive average. */
    public static boolean fits(RepeatHistory history) {
        return fits(history.repeats(), history.averageRepeatValue());
    }

    /** Whether any of the histories is one the model can read. */
    public static boolean fitsAny(RepeatHistories histories) {
        return repeaters(histories).findAny().isPresent();
    }

    private static boolean fits(int repeats, double averageRepeatValue) {
        return repeats > 0 && averageRepeatValue > 0;
    }

    /** The indexes of the histories the model reads, in order. */
    private static IntStream repeaters(RepeatHistories histories) {
        return IntStream.range(0, histories.size())
                .filter(i -> fits(histories.repeats(i), histories.averageRepeatValue(i)));
    }

    /** The log-likelihood of the repeat customers among the histories (the others are not the model's to read). */
    public double logLikelihood(RepeatHistories histories) {
        double sum = 0;
        for (int i = 0; i < histories.size(); i++) {
            if (fits(histories.repeats(i), histories.averageRepeatValue(i))) {
                sum += logLikelihood(histories.repeats(i), histories.averageRepeatValue(i));
            }
        }
        return sum;
    }

    /** The log density of a customer's average repeat value zbar given x purchases. */
    public double logLikelihood(RepeatHistory history) {
        return logLikelihood(history.repeats(), history.averageRepeatValue());
    }

    private double logLikelihood(double x, double mean) {
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
