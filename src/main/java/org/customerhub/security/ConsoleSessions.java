package org.customerhub.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console logins: a random token per session, held in memory, ending after a time without use or at logout. A hub
 * restart logs everyone out, which is the safe direction; several hub processes behind one address need sticky routing.
 */
public final class ConsoleSessions {
    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final int maxSessions;
    private final Clock clock;

    private record Session(HubUsers.User user, Instant expires) {
    }

    public ConsoleSessions(Duration idle, int maxSessions, Clock clock) {
        this.idle = idle;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /** A new session's token; the oldest sessions make room when the limit is reached. */
    public String open(HubUsers.User user) {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> session.expires().isBefore(now));
        while (sessions.size() >= maxSessions) {
            sessions.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.expires().compareTo(b.expires())))
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(user, now.plus(idle)));
        return token;
    }

    /** The session's user, when the token is live; each use extends it. */
    public Optional<HubUsers.User> user(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session session = sessions.computeIfPresent(token,
                (key, live) -> live.expires().isBefore(now) ? null : new Session(live.user(), now.plus(idle)));
        return Optional.ofNullable(session).map(Session::user);
    }

    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    public Duration idleTimeout() {
        return idle;
    }
}
