package org.customerhub.identity;

import java.util.List;

/** Score, decision and machine-friendly reasons such as {@code "given:agree"} or {@code "guard:household"}. */
public record MatchOutcome(double score, MatchDecision decision, List<String> reasons) {

    public MatchOutcome {
        reasons = List.copyOf(reasons);
    }
}
