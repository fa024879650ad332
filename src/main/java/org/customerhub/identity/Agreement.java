package org.customerhub.identity;

import java.util.Locale;

/** How one field of two people compares; not every field uses every level. */
enum Agreement {
    AGREE, TYPO, PARTIAL, INITIAL, DISAGREE, MISSING;

    String reason(String field) {
        return field + ":" + name().toLowerCase(Locale.ROOT);
    }
}
