package org.customerhub.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * Serves the console, the files under console/ on the class path, at /admin/. Only flat names of the console's own
 * kinds are served, so no request can reach another resource; the Content-Security-Policy lets the page run its own
 * scripts and styles and nothing from elsewhere.
 */
public final class ConsoleRoutes extends RouteBuilder {
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9-]{1,64}\\.(html|css|js|svg|png)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=UTF-8",
            "css", "text/css; charset=UTF-8", "js", "text/javascript; charset=UTF-8", "svg", "image/svg+xml", "png", "image/png");
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public void configure() {
        // the server routes /admin and /admin/ alike; the page's relative links need the slash
        from("platform-http:/admin?httpMethodRestrict=GET").routeId("console-index")
                .choice()
                    .when(header(Exchange.HTTP_PATH).endsWith("/"))
                        .process(exchange -> serve(exchange.getMessage(), "index.html"))
                    .otherwise()
                        .removeHeaders("*")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(308))
                        .setHeader("Location", constant("/admin/"))
                        .setBody(constant(""));
        from("platform-http:/admin/{file}?httpMethodRestrict=GET").routeId("console-file")
                .process(exchange -> serve(exchange.getMessage(), exchange.getMessage().getHeader("file", "", String.class)));
    }

    private void serve(Message message, String name) throws IOException {
        message.removeHeaders("*", Exchange.HTTP_RESPONSE_CODE);
        byte[] content = FILE_NAME.matcher(name).matches() ? read(name) : null;
        if (content == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
            message.setBody("not found");
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        message.setHeader("Content-Security-Policy", POLICY);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        // the console changes with the hub's version: always revalidate rather than run a stale script
        message.setHeader("Cache-Control", "no-cache");
        message.setBody(content);
    }

    private byte[] read(String name) throws IOException {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return null;
            }
            byte[] content = in.readAllBytes();
            cache.put(name, content);
            return content;
        }
    }
}
