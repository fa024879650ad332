package org.customerhub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Slows password guessing: after too many failed logins for one user name within a window, further attempts for
 * that name are refused until the oldest failure leaves the window. An attempt counts from the moment it starts, so
 * many guesses sent at once cannot all pass the check before the first of them fails. Counted per name, so spraying
 * one password over many names is bounded by the PBKDF2 cost of each try instead. Names are held in a bounded cache
 * that keeps the busiest: a flood of other names cannot wipe a name's count.
 */
public final class LoginThrottle {
    private static final int MAX_TRACKED_NAMES = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Attempts> byName;

    /** One name's recent failures and the attempts at it still being checked. */
    private static final class Attempts {
        final Deque<Instant> failures = new ArrayDeque<>();
        int running;
    }

    /** How a throttled login ended: the user, nobody (wrong password), or refused for this many seconds. */
    public record Outcome<T>(Optional<T> user, long retryAfterSeconds) {
    }

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
        this.byName = Caffeine.newBuilder().maximumSize(MAX_TRACKED_NAMES).expireAfterAccess(window).build();
    }

    /**
     * Runs one password check for the name unless the name has used up its attempts: failures within the window plus
     * checks still running. A check that finds no user counts as a failure; one that finds the user clears the count.
     */
    public <T> Outcome<T> attempt(String name, Supplier<Optional<T>> check) {
        Attempts attempts = byName.get(name, key -> new Attempts());
        synchronized (attempts) {
            long wait = retryAfterSeconds(attempts);
            if (wait > 0) {
                return new Outcome<>(Optional.empty(), wait);
            }
            attempts.running++;
        }
        Optional<T> user = Optional.empty();
        try {
            user = check.get();
            return new Outcome<>(user, 0);
        } finally {
            synchronized (attempts) {
                attempts.running--;
                if (user.isPresent()) {
                    attempts.failures.clear();
                } else {
                    attempts.failures.addLast(clock.instant());
                    while (attempts.failures.size() > maxFailures) {
                        attempts.failures.pollFirst();
                    }
                }
            }
            // a name evicted meanwhile would lose this attempt's count: put its record back
            byName.asMap().putIfAbsent(name, attempts);
        }
    }

    private long retryAfterSeconds(Attempts attempts) {
        Instant now = clock.instant();
        while (!attempts.failures.isEmpty() && attempts.failures.peekFirst().plus(window).isBefore(now)) {
            attempts.failures.pollFirst();
        }
        if (attempts.failures.size() + attempts.running < maxFailures) {
            return 0;
        }
        if (attempts.failures.size() < maxFailures) {
            // the limit is reached by checks still running: one of them may yet succeed, try again shortly
            return 1;
        }
        return Math.max(1, Duration.between(now, attempts.failures.peekFirst().plus(window)).toSeconds());
    }
}
