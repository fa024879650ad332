package org.customerhub.identity;

import org.apache.commons.text.similarity.DamerauLevenshteinDistance;

/**
 * Whether two strings differ by a keying slip or two: a letter inserted, dropped, replaced, or two neighbouring
 * letters swapped (Rmaan/Raman), each counted once. This is the optimal string alignment distance, which commons-text's
 * {@link DamerauLevenshteinDistance} computes (no substring edited twice: abc/ca is 3, not 2). Chosen over
 * Jaro–Winkler because "exactly one keying slip" is a crisp, explainable rule, while Jaro–Winkler needs a tuned
 * cut-off and rewards shared prefixes, scoring distinct short surnames as similar. The threshold stops counting past
 * the slips asked about, so long strings cost no full table.
 */
final class KeyingSlips {
    private static final DamerauLevenshteinDistance UP_TO_ONE = new DamerauLevenshteinDistance(1);
    private static final DamerauLevenshteinDistance UP_TO_TWO = new DamerauLevenshteinDistance(2);
    /** What the library answers for a distance past its threshold. */
    private static final int BEYOND = -1;

    private KeyingSlips() {
    }

    static boolean exactlyOne(CharSequence a, CharSequence b) {
        return UP_TO_ONE.apply(a, b) == 1;
    }

    /** Equal, or at most {@code slips} (1 or 2) slips apart. */
    static boolean atMost(CharSequence a, CharSequence b, int slips) {
        DamerauLevenshteinDistance distance = switch (slips) {
            case 1 -> UP_TO_ONE;
            case 2 -> UP_TO_TWO;
            default -> throw new IllegalArgumentException("counts 1 or 2 slips, not " + slips);
        };
        return distance.apply(a, b) != BEYOND;
    }
}
