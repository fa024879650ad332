package org.customerhub.security;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Refuses what a browser may have sent on another site's behalf, with the caller's cookie or the Basic credentials
 * it remembers. A browser says where a request comes from (Sec-Fetch-Site, Origin): anything but the hub's own
 * origin is refused. Older browsers say neither, so a POST must also be one that no cross-site form or simple
 * request can make: a body type other than a form's or plain text, or the console's header, which only a script of
 * the hub's own origin may add (the hub grants no cross-origin permission). PUT and DELETE are never simple requests.
 */
public final class CrossSiteGuard {
    /** The header the console sends with every call. */
    public static final String CONSOLE_HEADER = "X-Hub-Console";
    /** Body types a cross-site form or a simple request can send without the browser asking the hub first. */
    private static final Set<String> SIMPLE_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data",
            "text/plain");
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private CrossSiteGuard() {
    }

    /**
     * Why the request may come from another site; empty when it cannot. {@code header} answers a real request
     * header by name (never a query parameter or form field).
     */
    public static Optional<String> refusal(String method, Function<String, Optional<String>> header) {
        Optional<String> site = header.apply("Sec-Fetch-Site").map(value -> value.trim().toLowerCase(Locale.ROOT));
        if (site.isPresent() && !OWN_SITE.contains(site.get())) {
            return Optional.of("the browser sent this from another site (" + site.get() + ")");
        }
        Optional<String> origin = header.apply("Origin");
        if (origin.isPresent() && !sameAuthority(origin.get(), header.apply("Host"))) {
            return Optional.of("the browser sent this from another origin");
        }
        if ("POST".equalsIgnoreCase(method) && header.apply(CONSOLE_HEADER).isEmpty() && isSimpleType(header.apply("Content-Type"))) {
            return Optional.of("a POST needs a body type other than a form's or text/plain (application/json, say), or the "
                    + CONSOLE_HEADER + " header");
        }
        return Optional.empty();
    }

    private static boolean isSimpleType(Optional<String> contentType) {
        return contentType.map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .map(SIMPLE_TYPES::contains).orElse(true);
    }

    /** Whether Origin names the host and port the request was sent to (a proxy may change the scheme, not the host). */
    private static boolean sameAuthority(String origin, Optional<String> host) {
        if (host.isEmpty()) {
            return false;
        }
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            URI requested = URI.create(uri.getScheme() + "://" + host.get().trim());
            int requestedPort = requested.getPort() != -1 ? requested.getPort() : port;
            return uri.getHost().equalsIgnoreCase(requested.getHost()) && port == requestedPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
