package org.customerhub.identity;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Compares given names and surnames of two {@link NameEvidence} values. */
final class NameComparator {

    /** Shorter given names are too often distinct names one letter apart (Jane/Jana, Joan/Jean). */
    private static final int GIVEN_TYPO_MIN_LETTERS = 5;
    private static final int FAMILY_TYPO_MIN_LETTERS = 4;
    /** A surname part shorter than this ("de", "la") is a particle, not evidence of a double-barrelled name. */
    private static final int FAMILY_PART_MIN_LETTERS = 3;

    private final EvidenceNormalizer normalizer;

    NameComparator(EvidenceNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /**
     * AGREE on equal nickname keys, or names equal but for spaces (Mary Ann / Maryann, a space keyed into Hayd en or Lil y); INITIAL when one side is a single letter matching the other's first letter;
     * TYPO for one slip in a name of at least five letters, compared both as typed and as nickname key
     * (Wiliam/Bill), or two neighbouring letters swapped in a name of any length (Aelx/Alex); DISAGREE otherwise, including two different names that are both known given names
     * (Louis/Louise are siblings, not a typo).
     */
    Agreement given(NameEvidence a, NameEvidence b) {
        String foldedA = normalizer.foldGivenName(a.given());
        String foldedB = normalizer.foldGivenName(b.given());
        if (foldedA.isEmpty() || foldedB.isEmpty()) {
            return Agreement.MISSING;
        }
        if (foldedA.length() == 1 || foldedB.length() == 1) {
            return foldedA.charAt(0) == foldedB.charAt(0) ? Agreement.INITIAL : Agreement.DISAGREE;
        }
        String keyA = normalizer.givenKey(a.given());
        String keyB = normalizer.givenKey(b.given());
        if (keyA.equals(keyB) || compact(normalizer.foldName(a.given())).equals(compact(normalizer.foldName(b.given())))) {
            return Agreement.AGREE;
        }
        boolean bothKnownNames = normalizer.isKnownGivenName(foldedA) && normalizer.isKnownGivenName(foldedB);
        boolean slip = isOneSlip(foldedA, foldedB, GIVEN_TYPO_MIN_LETTERS) || isOneSlip(keyA, keyB, GIVEN_TYPO_MIN_LETTERS)
                || isAdjacentSwap(foldedA, foldedB);
        return slip && !bothKnownNames ? Agreement.TYPO : Agreement.DISAGREE;
    }

    /**
     * AGREE on equal folded surnames; TYPO for one slip when both have at least four letters; PARTIAL when one
     * surname is part of the other (Brandt and Brandt-Müller); DISAGREE otherwise.
     */
    Agreement family(NameEvidence a, NameEvidence b) {
        String keyA = normalizer.familyKey(a.family());
        String keyB = normalizer.familyKey(b.family());
        if (keyA.isEmpty() || keyB.isEmpty()) {
            return Agreement.MISSING;
        }
        if (keyA.equals(keyB)) {
            return Agreement.AGREE;
        }
        if (isOneSlip(keyA, keyB, FAMILY_TYPO_MIN_LETTERS)) {
            return Agreement.TYPO;
        }
        Set<String> partsA = surnameParts(a.family());
        Set<String> partsB = surnameParts(b.family());
        boolean onePartOfOther = (!partsB.isEmpty() && partsA.containsAll(partsB))
                || (!partsA.isEmpty() && partsB.containsAll(partsA));
        return onePartOfOther ? Agreement.PARTIAL : Agreement.DISAGREE;
    }

    /** Two neighbouring letters typed the wrong way round (Aelx/Alex): a keying slip even in a short name, where
     *  a changed letter may be another name (Jane/Jana). */
    private static boolean isAdjacentSwap(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int first = 0;
        while (first < a.length() && a.charAt(first) == b.charAt(first)) {
            first++;
        }
        return first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1) && a.charAt(first + 1) == b.charAt(first)
                && a.substring(first + 2).equals(b.substring(first + 2));
    }

    private static String compact(String name) {
        return name.replace(" ", "");
    }

    private static boolean isOneSlip(String a, String b, int minLetters) {
        String compactA = compact(a);
        String compactB = compact(b);
        return Math.min(compactA.length(), compactB.length()) >= minLetters && OsaDistance.between(compactA, compactB) == 1;
    }

    private Set<String> surnameParts(String rawFamily) {
        Set<String> parts = new HashSet<>(Arrays.asList(normalizer.foldName(rawFamily).split(" ")));
        parts.removeIf(part -> part.length() < FAMILY_PART_MIN_LETTERS);
        return parts;
    }
}
