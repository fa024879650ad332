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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.customerhub.http.JsonAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling an HTTP route or SOAP service, and whether they may: a console session cookie or HTTP Basic
 * credentials. A request that authenticates by cookie must also carry the console's own header, which a page on
 * another site cannot send without the CORS permission the hub never gives (the CSRF guard). Credentials checked once
 * are remembered for a short while by their SHA-256, so an API client pays the PBKDF2 cost once, not on every call.
 * Failed Basic logins count against the user name like the console's (one {@link LoginThrottle} for both), so
 * neither door is a way around the other's limit.
 */
public final class HubAccess {
    private static final Logger LOG = LoggerFactory.getLogger(HubAccess.class);
    /** Exchange property with the name of the authenticated caller, for audit entries. */
    public static final String USER = "hubUser";
    public static final String COOKIE = "hub_session";
    public static final String CONSOLE_HEADER = "X-Hub-Console";
    public static final String AGENT = "agent";
    public static final String ADMIN = "admin";
    /** The role of systems that submit orders over SOAP (OrderService), an ERP say. */
    public static final String ORDERS = "orders";
    private static final int MAX_REMEMBERED = 1_000;

    private final HubUsers users;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;
    private final Duration remember;
    private final Clock clock;
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Login>> checking = new ConcurrentHashMap<>();

    private record Remembered(HubUsers.User user, Instant until) {
    }

    /** What a request's credentials show: a user, nobody, or a user name refused for a while after failed logins. */
    public record Login(Optional<HubUsers.User> user, long retryAfterSeconds) {
        static final Login NOBODY = new Login(Optional.empty(), 0);

        /** How the request is answered when it needs one of these roles. */
        public Verdict verdict(Set<String> roles) {
            if (retryAfterSeconds > 0) {
                return Verdict.THROTTLED;
            }
            if (user.isEmpty()) {
                return Verdict.UNAUTHORIZED;
            }
            return user.get().roles().stream().anyMatch(roles::contains) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
        }
    }

    /** The answer to a login, with its HTTP status. */
    public enum Verdict {
        ALLOWED(200), UNAUTHORIZED(401), FORBIDDEN(403), THROTTLED(429);

        public final int status;

        Verdict(int status) {
            this.status = status;
        }
    }

    public HubAccess(HubUsers users, ConsoleSessions sessions, LoginThrottle throttle, Duration remember, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.remember = remember;
        this.clock = clock;
    }

    /**
     * The hub's access check, for routes to filter with directly ({@code .filter(access::agent)}): a bean expression
     * would run it on a copy of the request, which drops the refusal's body and leaves the credentials in the
     * headers the HTTP server echoes into the response.
     */
    public static HubAccess of(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("hubAccess", HubAccess.class);
    }

    /** Route filter: agents and admins pass; anyone else gets 401, 403 or 429 and the route ends. */
    public boolean agent(Exchange exchange) {
        return allows(exchange, Set.of(AGENT, ADMIN), "log in as an agent or an admin");
    }

    /** Route filter: admins pass. */
    public boolean admin(Exchange exchange) {
        return allows(exchange, Set.of(ADMIN), "the admin API needs the admin role");
    }

    private boolean allows(Exchange exchange, Set<String> roles, String why) {
        Message message = exchange.getMessage();
        Login login = caller(message);
        message.removeHeader("Authorization");
        message.removeHeader("Cookie");
        switch (login.verdict(roles)) {
            case ALLOWED -> {
                exchange.setProperty(USER, login.user().orElseThrow().name());
                return true;
            }
            case THROTTLED -> {
                message.setHeader("Retry-After", login.retryAfterSeconds());
                refuse(message, 429, "TOO_MANY_ATTEMPTS", "too many failed logins: try again in " + login.retryAfterSeconds() + " s");
            }
            case UNAUTHORIZED -> {
                message.setHeader("WWW-Authenticate", "Basic realm=\"customer-hub\"");
                refuse(message, 401, "UNAUTHORIZED", "log in first");
            }
            case FORBIDDEN -> refuse(message, 403, "FORBIDDEN", why);
        }
        return false;
    }

    /** The caller: by session cookie (with the console header), else by Basic credentials. */
    public Login caller(Message message) {
        Optional<String> token = sessionToken(message.getHeader("Cookie", String.class));
        if (token.isPresent()) {
            Optional<HubUsers.User> user = message.getHeader(CONSOLE_HEADER) == null ? Optional.empty() : sessions.user(token.get());
            if (user.isPresent()) {
                return new Login(user, 0);
            }
        }
        return basic(message.getHeader("Authorization", String.class));
    }

    /** The caller an HTTP Basic Authorization header names, when its password is right and the name not throttled. */
    public Login basic(String authorization) {
        if (authorization == null) {
            return Login.NOBODY;
        }
        String key = sha256(authorization);
        Remembered known = verified.get(key);
        if (known != null && known.until().isAfter(clock.instant())) {
            return new Login(Optional.of(known.user()), 0);
        }
        // one check per credentials at a time: a client's connections that all miss at once (its first calls, or
        // when the remembered check runs out) wait for one PBKDF2 run instead of each paying its own
        CompletableFuture<Login> mine = new CompletableFuture<>();
        CompletableFuture<Login> running = checking.putIfAbsent(key, mine);
        if (running != null) {
            return running.join();
        }
        try {
            Login login = check(authorization, key);
            mine.complete(login);
            return login;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(key, mine);
        }
    }

    private Login check(String authorization, String key) {
        Instant now = clock.instant();
        Optional<HubUsers.Credentials> credentials = HubUsers.basicCredentials(authorization);
        if (credentials.isEmpty()) {
            return Login.NOBODY;
        }
        String name = credentials.get().name();
        long wait = throttle.retryAfterSeconds(name);
        if (wait > 0) {
            LOG.warn("Basic login refused for a throttled user name, retry in {} s", wait);
            return new Login(Optional.empty(), wait);
        }
        Optional<HubUsers.User> user = users.login(name, credentials.get().password());
        if (user.isEmpty()) {
            throttle.failed(name);
            LOG.info("Basic login failed");
            return Login.NOBODY;
        }
        throttle.succeeded(name);
        if (verified.size() >= MAX_REMEMBERED) {
            verified.values().removeIf(entry -> entry.until().isBefore(now));
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
        }
        verified.put(key, new Remembered(user.get(), now.plus(remember)));
        return new Login(user, 0);
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
