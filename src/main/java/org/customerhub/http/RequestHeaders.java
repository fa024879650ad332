package org.customerhub.http;

import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The headers an HTTP request really carried. Camel merges request headers, query parameters and form fields into one
 * map of message headers, so a check that must trust only what a browser cannot put into a link or a form (the
 * console's header, cookies, credentials, Origin) reads the request itself here.
 */
public final class RequestHeaders {
    private RequestHeaders() {
    }

    /** The header's first value, when the request sent it; never a query parameter or form field of that name. */
    public static Optional<String> get(Exchange exchange, String name) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            return Optional.ofNullable(http.getRequest().getHeader(name));
        }
        return Optional.empty();
    }

    /**
     * The host and port the request was sent to: its Host header, or HTTP/2's :authority, which takes the Host
     * header's place there.
     */
    public static Optional<String> authority(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null && http.getRequest().authority() != null) {
            return Optional.of(http.getRequest().authority().toString());
        }
        return Optional.empty();
    }

    /** Whether the request sent this header with this value (the same name in a query or form does not count). */
    public static boolean sent(Exchange exchange, String name, String value) {
        return exchange.getIn() instanceof HttpMessage http && http.getRequest() != null
                && http.getRequest().headers().getAll(name).contains(value);
    }

    /** The request's method, e.g. POST; empty outside an HTTP request. */
    public static Optional<String> method(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            return Optional.of(http.getRequest().method().name());
        }
        return Optional.empty();
    }

    /** The request's path, without the query. */
    public static Optional<String> path(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            return Optional.ofNullable(http.getRequest().path());
        }
        return Optional.empty();
    }
}
