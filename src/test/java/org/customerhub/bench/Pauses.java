package org.customerhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses of a JVM started with -Xlog:safepoint:file=F:timenanos: every thread of it stood still
 * from start to end (System.nanoTime, which on Linux is the same clock in every process of the machine).
 */
record Pauses(List<Pause> pauses) {
    /** HotSpot logs a safepoint when it ends: its time, then what it was for and how long it took in all. */
    private static final Pattern SAFEPOINT = Pattern.compile(
            "^\\[(\\d+)ns\\] Safepoint \"([^\"]+)\".*Total: (\\d+) ns");

    record Pause(long startNanos, long endNanos, String operation) {
    }

    /** The JVM option that writes the log this reads. */
    static String jvmOption(Path log) {
        return "-Xlog:safepoint:file=" + log.toAbsolutePath() + ":timenanos";
    }

    static Pauses read(Path log) throws IOException {
        return new Pauses(Files.readAllLines(log).stream().map(SAFEPOINT::matcher).filter(Matcher::find)
                .map(m -> new Pause(Long.parseLong(m.group(1)) - Long.parseLong(m.group(3)), Long.parseLong(m.group(1)),
                        m.group(2)))
                .toList());
    }

    /** Nanoseconds of the round trip during which the JVM stood still. */
    long overlapNanos(RoundTrip trip) {
        long nanos = 0;
        for (Pause pause : pauses) {
            nanos += Math.max(0, Math.min(trip.endNanos(), pause.endNanos()) - Math.max(trip.startNanos(), pause.startNanos()));
        }
        return nanos;
    }

    /** The longest pause overlapping the round trip, or null. */
    Pause longestDuring(RoundTrip trip) {
        Pause longest = null;
        for (Pause pause : pauses) {
            boolean overlaps = pause.startNanos() < trip.endNanos() && pause.endNanos() > trip.startNanos();
            if (overlaps && (longest == null
                    || pause.endNanos() - pause.startNanos() > longest.endNanos() - longest.startNanos())) {
                longest = pause;
            }
        }
        return longest;
    }

    /** Pauses that ended between from and to, and their time in all. */
    Pauses between(long fromNanos, long toNanos) {
        return new Pauses(pauses.stream().filter(p -> p.endNanos() >= fromNanos && p.endNanos() <= toNanos).toList());
    }

    double totalMillis() {
        return pauses.stream().mapToLong(p -> p.endNanos() - p.startNanos()).sum() / 1e6;
    }
}
