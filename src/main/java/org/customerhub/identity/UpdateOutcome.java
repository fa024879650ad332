package org.customerhub.identity;

import java.util.List;

/**
 * What one message did to the store, and the change events to publish for it. A redelivery did nothing, but carries
 * the events its first delivery recorded, so that a crash before they were published cannot lose them; a resend of
 * content taken before did nothing and carries none, as its first copy publishes them, unless that copy was
 * dead-lettered.
 */
public record UpdateOutcome(Repeat repeat, List<String> customers, int created, int merged, int interactions,
                            int possibleMatches, List<String> events) {

    /** Whether the message repeats one taken before, and how. */
    public enum Repeat {
        NONE,
        /** the same broker message again, after a rollback or a crash */
        REDELIVERY,
        /** another message with content taken before (a sender that was not sure its first send arrived) */
        RESEND,
        /** another message with content whose first copy was dead-lettered after its work was stored (a replay) */
        TAKEOVER
    }

    public static UpdateOutcome ofRedelivery(List<String> recordedEvents) {
        return new UpdateOutcome(Repeat.REDELIVERY, List.of(), 0, 0, 0, 0, recordedEvents);
    }

    public static UpdateOutcome ofTakeOver(List<String> recordedEvents) {
        return new UpdateOutcome(Repeat.TAKEOVER, List.of(), 0, 0, 0, 0, recordedEvents);
    }

    public static UpdateOutcome ofResend() {
        return new UpdateOutcome(Repeat.RESEND, List.of(), 0, 0, 0, 0, List.of());
    }

    @Override
    public String toString() {
        return switch (repeat) {
            case REDELIVERY -> "redelivery, its " + events.size() + " recorded events published again";
            case RESEND -> "resend of a message taken before, ignored";
            case TAKEOVER -> "copy of a dead-lettered message taken before, its " + events.size() + " recorded events published";
            case NONE -> "customers=" + customers + " created=" + created + " merged=" + merged + " interactions=" + interactions
                    + " possibleMatches=" + possibleMatches + " events=" + events.size();
        };
    }
}
