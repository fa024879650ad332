package org.customerhub.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.commons.codec.digest.DigestUtils;
import org.customerhub.http.JsonAnswer;
import org.customerhub.http.RequestHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling an HTTP route or SOAP service, and whether they may: a console session cookie or HTTP Basic
 * credentials, read from the request's real headers only (never from a query parameter or form field). Every call
 * first passes the {@link CrossSiteGuard}; a call that authenticates by cookie must also carry the console's own
 * header, which a page on another site cannot send without the CORS permission the hub never gives. Browsers are
 * never asked for Basic credentials (no Basic challenge to them), so none keeps any to replay. Credentials checked once
 * are remembered for a short while by their SHA-256, so an API client pays the PBKDF2 cost once, not on every call.
 * Failed Basic logins count against the user name like the console's (one {@link LoginThrottle} for both), so
 * neither door is a way around the other's limit.
 */
public final class HubAccess {
    private static final Logger LOG = LoggerFactory.getLogger(HubAccess.class);
    /** Exchange property with the name of the authenticated caller, for audit entries. */
    public static final String USER = "hubUser";
    public static final String COOKIE = "hub_session";
    public static final String CONSOLE_HEADER = CrossSiteGuard.CONSOLE_HEADER;
    public static final String AGENT = "agent";
    public static final String ADMIN = "admin";
    /** Reads /metrics, and on the broker the alerts on hub.alerts. */
    public static final String MONITORING = "monitoring";
    /** The role of systems that submit orders over SOAP (OrderService), an ERP say. */
    public static final String ORDERS = "orders";
    private static final int MAX_REMEMBERED = 1_000;
    private static final String BASIC_CHALLENGE = "Basic realm=\"customer-hub\"";
    /** What a browser is told instead: log in through the console; a scheme it does not know opens no password prompt. */
    private static final String SESSION_CHALLENGE = "Session realm=\"customer-hub\"";

    private final HubUsers users;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;
    private final Cache<String, HubUsers.User> verified;
    private final Map<String, CompletableFuture<Login>> checking = new ConcurrentHashMap<>();

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
        // the clock decides when a remembered check runs out, so that tests can move it
        this.verified = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).expireAfterWrite(remember)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /**
     * The hub's access check, for routes to filter with directly ({@code .filter(access::agent)}): a bean expression
     * would run it on a copy of the request, which drops the refusal's body.
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

    /** Route filter: monitoring users (Prometheus) and admins pass. */
    public boolean monitoring(Exchange exchange) {
        return allows(exchange, Set.of(MONITORING, ADMIN), "/metrics needs the monitoring or the admin role");
    }

    private boolean allows(Exchange exchange, Set<String> roles, String why) {
        Message message = exchange.getMessage();
        Optional<String> crossSite = crossSite(exchange);
        if (crossSite.isPresent()) {
            LOG.warn("Refused a request to {} from another site: {}", RequestHeaders.path(exchange).orElse("?"), crossSite.get());
            refuse(message, 403, "CROSS_SITE", crossSite.get());
            return false;
        }
        Login login = caller(exchange);
        // what the hub passes on (to the broker, say) never carries the caller's credentials
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
                message.setHeader("WWW-Authenticate", challenge(name -> RequestHeaders.get(exchange, name)));
                refuse(message, 401, "UNAUTHORIZED", "log in first");
            }
            case FORBIDDEN -> refuse(message, 403, "FORBIDDEN", why);
        }
        return false;
    }

    /** Why this HTTP request may have been sent on another site's behalf (see {@link CrossSiteGuard}). */
    public static Optional<String> crossSite(Exchange exchange) {
        return CrossSiteGuard.refusal(RequestHeaders.method(exchange).orElse("GET"), name -> RequestHeaders.get(exchange, name));
    }

    /**
     * The challenge of a 401: Basic for API clients; for a browser (it says Sec-Fetch-Mode) or the console a scheme
     * that opens no password prompt, since a browser that once answered one sends the credentials on every later
     * request to the hub, cross-site ones included.
     */
    public static String challenge(Function<String, Optional<String>> header) {
        return header.apply("Sec-Fetch-Mode").isPresent() || header.apply(CONSOLE_HEADER).isPresent()
                ? SESSION_CHALLENGE : BASIC_CHALLENGE;
    }

    /** The caller: by session cookie (with the console header), else by Basic credentials. */
    public Login caller(Exchange exchange) {
        Optional<String> token = RequestHeaders.get(exchange, "Cookie").flatMap(HubAccess::sessionToken);
        if (token.isPresent() && RequestHeaders.get(exchange, CONSOLE_HEADER).isPresent()) {
            Optional<HubUsers.User> user = sessions.user(token.get());
            if (user.isPresent()) {
                return new Login(user, 0);
            }
        }
        return basic(RequestHeaders.get(exchange, "Authorization").orElse(null));
    }

    /** The caller an HTTP Basic Authorization header names, when its password is right and the name not throttled. */
    public Login basic(String authorization) {
        if (authorization == null) {
            return Login.NOBODY;
        }
        String key = DigestUtils.sha256Hex(authorization);
        HubUsers.User known = verified.getIfPresent(key);
        if (known != null) {
            return new Login(Optional.of(known), 0);
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
        Optional<HubUsers.Credentials> credentials = HubUsers.basicCredentials(authorization);
        if (credentials.isEmpty()) {
            return Login.NOBODY;
        }
        Login login = password(credentials.get().name(), credentials.get().password(), "Basic");
        login.user().ifPresent(user -> verified.put(key, user));
        return login;
    }

    /** A user name and password, checked under the login throttle; {@code door} names the login in the log. */
    public Login password(String name, String password, String door) {
        LoginThrottle.Outcome<HubUsers.User> outcome = throttle.attempt(name, () -> users.login(name, password));
        if (outcome.retryAfterSeconds() > 0) {
            LOG.warn("{} login refused for a throttled user name, retry in {} s", door, outcome.retryAfterSeconds());
        } else if (outcome.user().isEmpty()) {
            LOG.info("{} login failed", door);
        }
        return new Login(outcome.user(), outcome.retryAfterSeconds());
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

    private static void refuse(Message message, int status, String code, String detail) {
        JsonAnswer.respond(message, status, JsonAnswer.error(code, detail));
    }
}
