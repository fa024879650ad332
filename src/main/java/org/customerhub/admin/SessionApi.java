package org.customerhub.admin;

import static org.customerhub.http.JsonAnswer.error;
import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.customerhub.http.RequestBody;
import org.customerhub.http.RequestHeaders;
import org.customerhub.security.ConsoleSessions;
import org.customerhub.security.HubAccess;
import org.customerhub.security.HubUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** /admin/api/session: the console's login (POST), who is logged in (GET) and logout (DELETE). */
public final class SessionApi {
    private static final Logger LOG = LoggerFactory.getLogger(SessionApi.class);
    private static final int MAX_BODY = 4096;
    private static final int MAX_NAME = 100;

    private final ConsoleSessions sessions;
    private final HubAccess access;
    private final boolean secureCookie;

    public SessionApi(ConsoleSessions sessions, HubAccess access, boolean secureCookie) {
        this.sessions = sessions;
        this.access = access;
        this.secureCookie = secureCookie;
    }

    public void login(Exchange exchange) {
        Message message = exchange.getMessage();
        String body = RequestBody.utf8(message).orElse(null);
        message.removeHeader("Authorization");
        message.removeHeader("Cookie");
        Optional<String> crossSite = HubAccess.crossSite(exchange);
        if (crossSite.isPresent() || RequestHeaders.get(exchange, HubAccess.CONSOLE_HEADER).isEmpty()) {
            respond(message, 403, error("FORBIDDEN", crossSite.orElse("log in from the console")));
            return;
        }
        Optional<String[]> credentials = credentials(body);
        if (credentials.isEmpty()) {
            respond(message, 400, error("BAD_REQUEST", "send {\"user\":\"...\",\"password\":\"...\"}"));
            return;
        }
        HubAccess.Login login = access.password(credentials.get()[0], credentials.get()[1], "Console");
        if (login.retryAfterSeconds() > 0) {
            message.setHeader("Retry-After", login.retryAfterSeconds());
            respond(message, 429, error("TOO_MANY_ATTEMPTS", "too many failed logins: try again in " + login.retryAfterSeconds() + " s"));
            return;
        }
        if (login.user().isEmpty()) {
            respond(message, 401, error("UNAUTHORIZED", "wrong user name or password"));
            return;
        }
        HubUsers.User user = login.user().get();
        String token = sessions.open(user);
        message.setHeader("Set-Cookie", HubAccess.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + sessions.idleTimeout().toSeconds() + (secureCookie ? "; Secure" : ""));
        LOG.info("Console login of user {}", user.name());
        respond(message, 200, who(user));
    }

    public void current(Exchange exchange) {
        Message message = exchange.getMessage();
        Optional<HubUsers.User> user = access.caller(exchange).user();
        message.removeHeader("Authorization");
        message.removeHeader("Cookie");
        if (user.isEmpty()) {
            respond(message, 401, error("UNAUTHORIZED", "log in first"));
        } else {
            respond(message, 200, who(user.get()));
        }
    }

    public void logout(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader("Cookie");
        Optional<String> crossSite = HubAccess.crossSite(exchange);
        if (crossSite.isPresent()) {
            respond(message, 403, error("CROSS_SITE", crossSite.get()));
            return;
        }
        RequestHeaders.get(exchange, "Cookie").flatMap(HubAccess::sessionToken).ifPresent(sessions::close);
        message.setHeader("Set-Cookie", HubAccess.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        message.setBody(null);
    }

    private Optional<String[]> credentials(String body) {
        if (body == null || body.length() > MAX_BODY) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            JsonNode user = node == null ? null : node.get("user");
            JsonNode password = node == null ? null : node.get("password");
            if (user == null || password == null || !user.isTextual() || !password.isTextual()
                    || user.asText().isBlank() || user.asText().length() > MAX_NAME) {
                return Optional.empty();
            }
            return Optional.of(new String[] {user.asText().trim(), password.asText()});
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private String who(HubUsers.User user) {
        ObjectNode node = MAPPER.createObjectNode().put("user", user.name());
        user.roles().stream().sorted().forEach(node.putArray("roles")::add);
        return node.toString();
    }

}
