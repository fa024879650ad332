package org.customerhub.http;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Which headers cross the HTTP port, each way. platform-http turns request headers, query parameters and form fields
 * alike into message headers, and writes message headers back as response headers: left alone, {@code ?Set-Cookie=}
 * or {@code ?Refresh=} in a link would come back as real response headers. So the way out is an allow-list of what
 * the hub itself sends, and on the way in no request may supply one of those names, nor, other than as a real request
 * header, a name the hub reads as one (its console header, credentials, cookies, Origin).
 */
public final class HttpHeaderPolicy implements HeaderFilterStrategy {
    /** Every header a handler of the hub sets; Content-Type is written by platform-http itself from the message. */
    private static final Set<String> SENT = Set.of("content-type", "cache-control", "content-security-policy",
            "x-content-type-options", "referrer-policy", "x-frame-options", "location", "retry-after", "www-authenticate",
            "set-cookie", "x-hub-version");
    /** Headers the hub reads from requests: only as real headers, never from a query or a form. */
    private static final Set<String> READ = Set.of("authorization", "cookie", "content-type", "accept", "origin", "host",
            "sec-fetch-site", "sec-fetch-mode", "x-hub-console");
    /** RFC 9110 token: what a field name may be. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !SENT.contains(name.toLowerCase(Locale.ROOT)) || value instanceof CharSequence text && hasControl(text);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        if (!TOKEN.matcher(name).matches()) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("camel") || lower.startsWith("org.apache.camel")) {
            return true;
        }
        if (READ.contains(lower)) {
            return !(value instanceof String text && RequestHeaders.sent(exchange, name, text));
        }
        return SENT.contains(lower);
    }

    private static boolean hasControl(CharSequence text) {
        return text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
    }
}
