package org.customerhub.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The hardening headers every answer of the HTTP port carries unless its handler chose its own (the console sets a
 * policy that lets its scripts run, and may be cached briefly): browsers must not sniff a JSON answer into a page,
 * frame any answer, send the hub's URLs elsewhere as referrers, or keep personal data in a cache. Runs in front of
 * every route, so the server's own answers (404, 405) carry them too.
 */
public final class HardenedResponses implements Handler<RoutingContext> {
    /**
     * Header and value, in the order sent. The policy is for answers that are data, never pages: nothing in them may
     * run, load or be framed.
     */
    static final Map<String, String> DEFAULTS = defaults();

    private final boolean https;

    /** With https the answers also pin the browser to HTTPS for this host (HSTS). */
    public HardenedResponses(boolean https) {
        this.https = https;
    }

    @Override
    public void handle(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            DEFAULTS.forEach((name, value) -> setUnlessSet(headers, name, value));
            if (https) {
                setUnlessSet(headers, "Strict-Transport-Security", "max-age=31536000");
            }
        });
        context.next();
    }

    private static Map<String, String> defaults() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        return Collections.unmodifiableMap(headers);
    }

    private static void setUnlessSet(MultiMap headers, String name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }
}
