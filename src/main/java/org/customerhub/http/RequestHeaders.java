package org.customerhub.http;

import java.util.Optional;

import io.vertx.core.http.HttpServerRequest;

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

    /**
     * The header's first value, when the request sent it; never a query parameter or form field of that name. Host is
     * the host and port the request was sent to: HTTP/2 carries it as :authority, not as a header.
     */
    public static Optional<String> get(Exchange exchange, String name) {
        if (name.equalsIgnoreCase("Host")) {
            return request(exchange).map(HttpServerRequest::authority).map(Object::toString);
        }
        return request(exchange).map(request -> request.getHeader(name));
    }

    /** Whether the request sent this header with this value (the same name in a query or form does not count). */
    public static boolean sent(Exchange exchange, String name, String value) {
        return request(exchange).map(request -> request.headers().getAll(name).contains(value)).orElse(false);
    }

    /** The request's method, e.g. POST; empty outside an HTTP request. */
    public static Optional<String> method(Exchange exchange) {
        return request(exchange).map(request -> request.method().name());
    }

    /** The request's path, without the query. */
    public static Optional<String> path(Exchange exchange) {
        return request(exchange).map(HttpServerRequest::path);
    }

    private static Optional<HttpServerRequest> request(Exchange exchange) {
        return exchange.getIn() instanceof HttpMessage http ? Optional.ofNullable(http.getRequest()) : Optional.empty();
    }
}
