package org.customerhub.identity;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Compares given names and surnames of two {@link NameEvidence} values. */
final class NameComparator {

    /** Shorter given names are too often distinct names one letter apart (Jane/Jana, Joan/Jean). */
    private static final int GIVEN_TYPO_MIN_LETTERS = 5;
    private static final int FAMILY_TYPO_MIN_LETTERS = 4;
    private static final List<String> KEYBOARD_ROWS = List.of("qwertyuiop", "asdfghjkl", "zxcvbnm");
    /** A surname part shorter than this ("de", "la") is a particle, not evidence of a double-barrelled name. */
    private static final int FAMILY_PART_MIN_LETTERS = 3;

    /** Jaro-Winkler similarity from which two names more than one slip apart still sound and read alike
     *  (Nicholas/Nichloas, Hathaway/Hathqawy); below it, most pairs are two names. */
    static final double PHONETIC_SIMILARITY = 0.9;

    private final EvidenceNormalizer normalizer;
    private final JaroWinklerSimilarity similarity = new JaroWinklerSimilarity();

    NameComparator(EvidenceNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /**
     * AGREE on equal nickname keys, or names equal but for spaces (Mary Ann / Maryann, a space keyed into Hayd en or
     * Lil y); INITIAL when one side is a single letter matching the other's first letter; TYPO for one slip in a name of at least five letters, compared both as typed and as nickname key
     * (Wiliam/Bill), or two neighbouring letters swapped in a name of any length (Aelx/Alex); PARTIAL for a slip in a
     * shorter name (see isShortNameSlip), which the scorer takes for a slip only under the same surname at the same
     * building; PHONETIC for names of at least five letters with the same first letter and a Jaro-Winkler similarity
     * of at least 0.9 (Jamesr/James, Nichloas/Nicholas), more than one slip apart; DISAGREE otherwise, including two
     * different names that are both known given names (Louis/Louise are siblings, not a typo).
     */
    Agreement given(NameEvidence a, NameEvidence b) {
        String foldedA = a.foldedGiven();
        String foldedB = b.foldedGiven();
        if (foldedA.isEmpty() || foldedB.isEmpty()) {
            return Agreement.MISSING;
        }
        if (foldedA.length() == 1 || foldedB.length() == 1) {
            return foldedA.charAt(0) == foldedB.charAt(0) ? Agreement.INITIAL : Agreement.DISAGREE;
        }
        String keyA = normalizer.givenKey(a);
        String keyB = normalizer.givenKey(b);
        if (keyA.equals(keyB) || compact(a.foldedGivenWords()).equals(compact(b.foldedGivenWords()))) {
            return Agreement.AGREE;
        }
        boolean bothKnownNames = normalizer.isKnownGivenName(foldedA) && normalizer.isKnownGivenName(foldedB);
        boolean slip = isOneSlip(foldedA, foldedB, GIVEN_TYPO_MIN_LETTERS) || isOneSlip(keyA, keyB, GIVEN_TYPO_MIN_LETTERS)
                || isAdjacentSwap(foldedA, foldedB);
        if (bothKnownNames) {
            return Agreement.DISAGREE;
        }
        if (slip) {
            return Agreement.TYPO;
        }
        if (isShortNameSlip(foldedA, foldedB)) {
            return Agreement.PARTIAL;
        }
        return isAlike(compact(foldedA), compact(foldedB), GIVEN_TYPO_MIN_LETTERS) ? Agreement.PHONETIC : Agreement.DISAGREE;
    }

    /**
     * Two given names of at least five letters, the same first letter and at most two keying slips apart
     * (Kiara/Kieran, Wiloiam/Willaim, Oliver/Olivia), not two names the nickname table holds as distinct
     * (Louis/Louise): close enough that, at one address under one surname, an agent should look, as either one person
     * typed twice or two people of one household.
     */
    boolean givenClose(NameEvidence a, NameEvidence b) {
        String foldedA = a.foldedGiven();
        String foldedB = b.foldedGiven();
        String x = compact(foldedA);
        String y = compact(foldedB);
        return Math.min(x.length(), y.length()) >= GIVEN_TYPO_MIN_LETTERS && x.charAt(0) == y.charAt(0)
                && KeyingSlips.atMost(x, y, 2)
                && !(normalizer.isKnownGivenName(foldedA) && normalizer.isKnownGivenName(foldedB));
    }

    /** Same first letter, long enough, and similar by Jaro-Winkler: a name typed with several slips. */
    private boolean isAlike(String a, String b, int minLetters) {
        return Math.min(a.length(), b.length()) >= minLetters && a.charAt(0) == b.charAt(0)
                && similarity.apply(a, b) >= PHONETIC_SIMILARITY;
    }

    /**
     * A slip in a given name too short for TYPO, of the kinds two sibling names rarely differ by: the first letter
     * kept, and either one letter replaced by its keyboard neighbour (Jadk/Jack, Kyld/Kyle) or one letter dropped or
     * added where the longer name has five letters (Rosi/Rosie, Caey/Casey); not Mia/Mila or Jane/Jana.
     */
    private static boolean isShortNameSlip(String a, String b) {
        String x = compact(a);
        String y = compact(b);
        if (x.isEmpty() || y.isEmpty() || x.charAt(0) != y.charAt(0) || !KeyingSlips.exactlyOne(x, y)) {
            return false;
        }
        if (x.length() != y.length()) {
            return Math.max(x.length(), y.length()) >= GIVEN_TYPO_MIN_LETTERS;
        }
        int at = 0;
        while (x.charAt(at) == y.charAt(at)) {
            at++;
        }
        return x.charAt(at) != y.charAt(at) && areKeyboardNeighbours(x.charAt(at), y.charAt(at));
    }

    /**
     * AGREE on equal folded surnames; TYPO for one slip when both have at least four letters; PARTIAL when one
     * surname is part of the other (Brandt and Brandt-Müller); PHONETIC for surnames alike by Jaro-Winkler, more than
     * one slip apart (see given); DISAGREE otherwise.
     */
    Agreement family(NameEvidence a, NameEvidence b) {
        String keyA = a.familyKey();
        String keyB = b.familyKey();
        if (keyA.isEmpty() || keyB.isEmpty()) {
            return Agreement.MISSING;
        }
        if (keyA.equals(keyB)) {
            return Agreement.AGREE;
        }
        if (isOneSlip(keyA, keyB, FAMILY_TYPO_MIN_LETTERS)) {
            return Agreement.TYPO;
        }
        if (isPartOfOther(a.foldedFamily(), b.foldedFamily())) {
            return Agreement.PARTIAL;
        }
        return isAlike(keyA, keyB, FAMILY_TYPO_MIN_LETTERS) ? Agreement.PHONETIC : Agreement.DISAGREE;
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

    /** Next to each other on a QWERTY keyboard, in one row or diagonally in the next (each row sits half a key to
     *  the right of the one above it). */
    private static boolean areKeyboardNeighbours(char a, char b) {
        int rowA = keyboardRow(a);
        int rowB = keyboardRow(b);
        if (rowA < 0 || rowB < 0 || Math.abs(rowA - rowB) > 1) {
            return false;
        }
        int columnA = KEYBOARD_ROWS.get(rowA).indexOf(a);
        int columnB = KEYBOARD_ROWS.get(rowB).indexOf(b);
        if (rowA == rowB) {
            return Math.abs(columnA - columnB) == 1;
        }
        int upper = rowA < rowB ? columnA : columnB;
        int lower = rowA < rowB ? columnB : columnA;
        return upper - lower == 0 || upper - lower == 1;
    }

    private static int keyboardRow(char letter) {
        for (int row = 0; row < KEYBOARD_ROWS.size(); row++) {
            if (KEYBOARD_ROWS.get(row).indexOf(letter) >= 0) {
                return row;
            }
        }
        return -1;
    }

    private static String compact(String name) {
        return name.replace(" ", "");
    }

    private static boolean isOneSlip(String a, String b, int minLetters) {
        String compactA = compact(a);
        String compactB = compact(b);
        return Math.min(compactA.length(), compactB.length()) >= minLetters && KeyingSlips.exactlyOne(compactA, compactB);
    }

    /**
     * One surname's parts all among the other's (Brandt and Brandt Muller). Two one-word surnames, most of the pairs
     * compared, are spared the split.
     */
    private static boolean isPartOfOther(String foldedA, String foldedB) {
        if (foldedA.indexOf(' ') < 0 && foldedB.indexOf(' ') < 0) {
            return foldedA.length() >= FAMILY_PART_MIN_LETTERS && foldedA.equals(foldedB);
        }
        Set<String> partsA = surnameParts(foldedA);
        Set<String> partsB = surnameParts(foldedB);
        return !partsB.isEmpty() && partsA.containsAll(partsB) || !partsA.isEmpty() && partsB.containsAll(partsA);
    }

    private static Set<String> surnameParts(String foldedFamily) {
        Set<String> parts = new HashSet<>(Arrays.asList(foldedFamily.split(" ")));
        parts.removeIf(part -> part.length() < FAMILY_PART_MIN_LETTERS);
        return parts;
    }
}
