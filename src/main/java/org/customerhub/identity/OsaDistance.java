package org.customerhub.identity;

/**
 * Optimal string alignment distance (restricted Damerau–Levenshtein): the number of single-character
 * insertions, deletions, substitutions and adjacent transpositions, no substring edited twice.
 * Chosen over Jaro–Winkler because "exactly one keying slip" is a crisp, explainable rule that treats a
 * transposition (Rmaan/Raman) like any other slip, while Jaro–Winkler needs a tuned cut-off and
 * rewards shared prefixes, scoring distinct short surnames as similar.
 */
public final class OsaDistance {

    private OsaDistance() {
    }

    public static int between(CharSequence a, CharSequence b) {
        int n = a.length();
        int m = b.length();
        int[] beforePrevious = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            current[0] = i;
            for (int j = 1; j <= m; j++) {
                int substitution = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + substitution);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, beforePrevious[j - 2] + 1);
                }
                current[j] = best;
            }
            int[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[m];
    }
}
