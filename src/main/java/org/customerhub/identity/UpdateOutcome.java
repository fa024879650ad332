package org.customerhub.identity;

import java.util.List;

/**
 * What one message did to the store, and the change events to publish for it. A redelivery did nothing, but carries
 * the events its first delivery recorded, so that a crash before they were published cannot lose them.
 */
public record UpdateOutcome(boolean duplicate, List<String> customers, int created, int merged, int interactions,
                            int possibleMatches, List<String> events) {

    static UpdateOutcome ofDuplicate(List<String> recordedEvents) {
        return new UpdateOutcome(true, List.of(), 0, 0, 0, 0, recordedEvents);
    }

    @Override
    public String toString() {
        return duplicate ? "duplicate, ignored"
                : "customers=" + customers + " created=" + created + " merged=" + merged + " interactions=" + interactions
                        + " possibleMatches=" + possibleMatches + " events=" + events.size();
    }
}
