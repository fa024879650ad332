package org.customerhub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.customerhub.http.JsonAnswer;

/**
 * Who is calling an HTTP route, and whether they may: a console session cookie or HTTP Basic credentials. A request
 * that authenticates by cookie must also carry the console's own header, which a page on another site cannot send
 * without the CORS permission the hub never gives (the CSRF guard). Credentials checked once are remembered for a
 * short while by their SHA-256, so an API client pays the PBKDF2 cost once, not on every call.
 */
public final class HubAccess {
    /** Exchange property with the name of the authenticated caller, for audit entries. */
    public static final String USER = "hubUser";
    public static final String COOKIE = "hub_session";
    public static final String CONSOLE_HEADER = "X-Hub-Console";
    public static final String AGENT = "agent";
    public static final String ADMIN = "admin";
    private static final int MAX_REMEMBERED = 1_000;

    private final HubUsers users;
    private final ConsoleSessions sessions;
    private final Duration remember;
    private final Clock clock;
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(HubUsers.User user, Instant until) {
    }

    public HubAccess(HubUsers users, ConsoleSessions sessions, Duration remember, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.remember = remember;
        this.clock = clock;
    }

    /** Route filter: agents and admins pass; anyone else gets 401 or 403 and the route ends. */
    public boolean agent(Exchange exchange) {
        return allows(exchange, Set.of(AGENT, ADMIN), "log in as an agent or an admin");
    }

    /** Route filter: admins pass. */
    public boolean admin(Exchange exchange) {
        return allows(exchange, Set.of(ADMIN), "the admin API needs the admin role");
    }

    private boolean allows(Exchange exchange, Set<String> roles, String why) {
        Message message = exchange.getMessage();
        Optional<HubUsers.User> user = caller(message);
        message.removeHeader("Authorization");
        message.removeHeader("Cookie");
        if (user.isEmpty()) {
            message.setHeader("WWW-Authenticate", "Basic realm=\"customer-hub\"");
            refuse(message, 401, "UNAUTHORIZED", "log in first");
            return false;
        }
        if (user.get().roles().stream().noneMatch(roles::contains)) {
            refuse(message, 403, "FORBIDDEN", why);
            return false;
        }
        exchange.setProperty(USER, user.get().name());
        return true;
    }

    /** The authenticated caller: by session cookie (with the console header), else by Basic credentials. */
    public Optional<HubUsers.User> caller(Message message) {
        Optional<String> token = sessionToken(message.getHeader("Cookie", String.class));
        if (token.isPresent()) {
            Optional<HubUsers.User> user = message.getHeader(CONSOLE_HEADER) == null ? Optional.empty() : sessions.user(token.get());
            if (user.isPresent()) {
                return user;
            }
        }
        return basic(message.getHeader("Authorization", String.class));
    }

    private Optional<HubUsers.User> basic(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String key = sha256(authorization);
        Instant now = clock.instant();
        Remembered known = verified.get(key);
        if (known != null && known.until().isAfter(now)) {
            return Optional.of(known.user());
        }
        Optional<HubUsers.User> user = users.authenticate(authorization);
        if (user.isPresent()) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.values().removeIf(entry -> entry.until().isBefore(now));
                if (verified.size() >= MAX_REMEMBERED) {
                    verified.clear();
                }
            }
            verified.put(key, new Remembered(user.get(), now.plus(remember)));
        }
        return user;
    }

    /** The console session token a Cookie header carries. */
    public static Optional<String> sessionToken(String cookieHeader) {
        if (cookieHeader == null || cookieHeader.length() > 8192) {
            return Optional.empty();
        }
        for (String cookie : cookieHeader.split(";")) {
            int equals = cookie.indexOf('=');
            if (equals > 0 && cookie.substring(0, equals).trim().equals(COOKIE)) {
                return Optional.of(cookie.substring(equals + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void refuse(Message message, int status, String code, String detail) {
        JsonAnswer.respond(message, status, JsonAnswer.error(code, detail));
    }
}
