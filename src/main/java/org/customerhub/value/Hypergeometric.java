package org.customerhub.value;

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for 0 &lt;= z &lt; 1, summed as its power series with the
 * running term kept in log space: BG/NBD asks for it with a and b growing with a customer's purchase count, where the
 * terms and the sum overflow a double long before the product with the (1 - z) power it comes with does.
 */
public final class Hypergeometric {
    private static final int MAX_TERMS = 1_000_000;
    private static final double RELATIVE_TOLERANCE = 1e-15;

    private Hypergeometric() {
    }

    /** log 2F1(a, b; c; z) for a, b, c &gt; 0 and 0 &lt;= z &lt; 1, where every term of the series is positive. */
    public static double log2F1(double a, double b, double c, double z) {
        if (!(a > 0 && b > 0 && c > 0)) {
            throw new IllegalArgumentException("2F1 needs a, b, c > 0: a=" + a + " b=" + b + " c=" + c);
        }
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 series needs 0 <= z < 1: z=" + z);
        }
        if (z == 0) {
            return 0;
        }
        double logZ = Math.log(z);
        // past this n the ratio of consecutive terms falls for good, so a small term bounds the tail
        double ratioFallsAfter = (z * (a + b) - c - 1) / (2 * (1 - z));
        double tailFactor = RELATIVE_TOLERANCE * (1 - z);
        // the sum is kept as scale * exp(logScale) so that neither the terms nor the sum overflow
        double logScale = 0;
        double sum = 1;
        double logTerm = 0;
        for (int n = 0; n < MAX_TERMS; n++) {
            logTerm += Math.log((a + n) * (b + n) / ((c + n) * (n + 1))) + logZ;
            if (logTerm > logScale) {
                sum = sum * Math.exp(logScale - logTerm) + 1;
                logScale = logTerm;
            } else {
                double relative = Math.exp(logTerm - logScale);
                sum += relative;
                // once the terms shrink for good the tail is below term / (1 - z)
                if (n > ratioFallsAfter && relative < tailFactor * sum && (a + n) * (b + n) * z < (c + n) * (n + 1)) {
                    return logScale + Math.log(sum);
                }
            }
        }
        throw new ArithmeticException("2F1 series did not converge: a=" + a + " b=" + b + " c=" + c + " z=" + z);
    }

    /** 2F1(a, b; c; z) where it fits a double. */
    public static double value(double a, double b, double c, double z) {
        return Math.exp(log2F1(a, b, c, z));
    }
}
