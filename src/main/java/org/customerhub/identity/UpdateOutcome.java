package org.customerhub.identity;

import java.util.List;

/** What one message did to the store; the ingest log line is written from it. */
public record UpdateOutcome(boolean duplicate, List<String> customers, int created, int merged, int interactions,
                            int possibleMatches) {

    static UpdateOutcome ofDuplicate() {
        return new UpdateOutcome(true, List.of(), 0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return duplicate ? "duplicate, ignored"
                : "customers=" + customers + " created=" + created + " merged=" + merged + " interactions=" + interactions
                        + " possibleMatches=" + possibleMatches;
    }
}
