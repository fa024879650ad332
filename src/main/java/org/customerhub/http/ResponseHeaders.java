package org.customerhub.http;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Which message headers become HTTP response headers: those platform-http passes anyway, less any whose name or value
 * holds a control character. Camel turns query parameters into headers and writes headers back on the response; the
 * HTTP server refuses such a header with a 500 in place of the hub's answer, so one "%00" in a search would do that.
 */
public final class ResponseHeaders extends HttpHeaderFilterStrategy {
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return super.applyFilterToCamelHeaders(name, value, exchange) || hasControl(name)
                || value instanceof CharSequence text && hasControl(text);
    }

    private static boolean hasControl(CharSequence text) {
        return text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
    }
}
