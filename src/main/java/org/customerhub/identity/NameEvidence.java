package org.customerhub.identity;

import java.util.Objects;

/**
 * One name of a person as a channel sent it (already split into given, middle and family parts), with its folded
 * forms worked out once and kept, as {@link AddressEvidence} keeps its parses: scoring compares the person's names
 * with every candidate's, as typed and swapped, and folding them for each comparison was an eighth of the threads that
 * resolve a load's people. The folds are pure, so two threads that race to work one out keep equal answers.
 */
public final class NameEvidence {
    private final String given;
    private final String middle;
    private final String family;
    private String foldedGiven;
    private String foldedGivenWords;
    private String foldedFamily;
    private String familyKey;
    private NameEvidence swapped;

    public NameEvidence(String given, String middle, String family) {
        this.given = given;
        this.middle = middle;
        this.family = family;
    }

    public String given() {
        return given;
    }

    public String middle() {
        return middle;
    }

    public String family() {
        return family;
    }

    /** The given name as {@link EvidenceNormalizer#foldGivenName} folds it: trailing initials dropped. */
    String foldedGiven() {
        String folded = foldedGiven;
        if (folded == null) {
            folded = EvidenceNormalizer.foldedGivenName(given);
            foldedGiven = folded;
        }
        return folded;
    }

    /** The given name as {@link EvidenceNormalizer#foldName} folds it: every word kept. */
    String foldedGivenWords() {
        String folded = foldedGivenWords;
        if (folded == null) {
            folded = EvidenceNormalizer.folded(given);
            foldedGivenWords = folded;
        }
        return folded;
    }

    /** The surname as {@link EvidenceNormalizer#foldName} folds it. */
    String foldedFamily() {
        String folded = foldedFamily;
        if (folded == null) {
            folded = EvidenceNormalizer.folded(family);
            foldedFamily = folded;
        }
        return folded;
    }

    /** The surname as {@link EvidenceNormalizer#familyKey} keys it. */
    String familyKey() {
        String key = familyKey;
        if (key == null) {
            key = foldedFamily().replace(" ", "");
            familyKey = key;
        }
        return key;
    }

    /** The same name with the given name and surname typed into each other's field. */
    NameEvidence swapped() {
        NameEvidence other = swapped;
        if (other == null) {
            other = new NameEvidence(family, middle, given);
            swapped = other;
        }
        return other;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NameEvidence that && Objects.equals(given, that.given) && Objects.equals(middle, that.middle)
                && Objects.equals(family, that.family);
    }

    @Override
    public int hashCode() {
        return Objects.hash(given, middle, family);
    }

    @Override
    public String toString() {
        return "NameEvidence[given=" + given + ", middle=" + middle + ", family=" + family + "]";
    }
}
