package org.customerhub.value;

import java.util.Arrays;

/** Quintile scores over a base: four bounds split the sorted values into fifths, and a value scores 1 to 5. */
public final class Quintiles {
    private Quintiles() {
    }

    /**
     * The values at the 20th, 40th, 60th and 80th percentiles. Sorts the array in place: a base's column is not copied.
     */
    public static double[] bounds(double[] sorted) {
        Arrays.sort(sorted);
        double[] bounds = new double[4];
        for (int k = 1; k <= 4; k++) {
            bounds[k - 1] = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * k / 5)];
        }
        return bounds;
    }

    /** 1 for the lowest fifth to 5 for the highest: one more for every bound the value reaches. */
    public static int score(double value, double[] bounds) {
        int score = 1;
        for (double bound : bounds) {
            if (value >= bound) {
                score++;
            }
        }
        return Math.min(score, 5);
    }
}
