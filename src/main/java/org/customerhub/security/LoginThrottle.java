package org.customerhub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after too many failed logins for one user name within a window, further attempts for
 * that name are refused until the oldest failure leaves the window. Counted per name, so spraying one password
 * over many names is bounded by the PBKDF2 cost of each try instead.
 */
public final class LoginThrottle {
    private static final int MAX_TRACKED_NAMES = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds until the name may try again; 0 when it may try now. */
    public long retryAfterSeconds(String name) {
        Deque<Instant> recent = failures.get(name);
        if (recent == null) {
            return 0;
        }
        synchronized (recent) {
            Instant now = clock.instant();
            while (!recent.isEmpty() && recent.peekFirst().plus(window).isBefore(now)) {
                recent.pollFirst();
            }
            return recent.size() < maxFailures ? 0 : Math.max(1, Duration.between(now, recent.peekFirst().plus(window)).toSeconds());
        }
    }

    public void failed(String name) {
        if (failures.size() >= MAX_TRACKED_NAMES) {
            failures.clear();
        }
        Deque<Instant> recent = failures.computeIfAbsent(name, key -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
            while (recent.size() > maxFailures) {
                recent.pollFirst();
            }
        }
    }

    public void succeeded(String name) {
        failures.remove(name);
    }
}
