package org.customerhub.identity;

import java.util.Locale;

/**
 * How one field of two people compares; not every field uses every level. OTHER_NUMBER is an address on the same
 * street with the same building line (a property, building or unit) and postal code or locality, whose house number
 * is another or missing. PHONETIC is a name alike in sound and letters (Jaro-Winkler) but more than one slip away.
 */
public enum Agreement {
    AGREE, TYPO, PHONETIC, PARTIAL, OTHER_NUMBER, INITIAL, DISAGREE, MISSING;

    /** "given:agree", "address:other-number". */
    String reason(String field) {
        return field + ":" + level();
    }

    /** The level as configuration keys spell it: "agree", "other-number". */
    public String level() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
