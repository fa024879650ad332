package org.customerhub.admin;

import static org.customerhub.http.JsonAnswer.error;
import static org.customerhub.http.JsonAnswer.respond;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.customerhub.security.HubAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under /admin/api on the hub's HTTP port, where every route but the login first checks for an admin
 * user; and health, open to anyone who reaches the port (load balancers and orchestrators ask without a login).
 */
public final class AdminRoutes extends RouteBuilder {
    private static final String API = "platform-http:/admin/api";
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(AdminRoutes::failed);
        from("platform-http:/health?httpMethodRestrict=GET").routeId("health").bean("healthCheck", "ready");
        from("platform-http:/health/ready?httpMethodRestrict=GET").routeId("health-ready").bean("healthCheck", "ready");
        from("platform-http:/health/live?httpMethodRestrict=GET").routeId("health-live").bean("healthCheck", "live");
        from(API + "/session?httpMethodRestrict=POST").routeId("admin-login").bean("sessionApi", "login");
        from(API + "/session?httpMethodRestrict=GET").routeId("admin-session").bean("sessionApi", "current");
        from(API + "/session?httpMethodRestrict=DELETE").routeId("admin-logout").bean("sessionApi", "logout");
        admin("admin-dashboard", "/dashboard?httpMethodRestrict=GET", "dashboard");
        admin("admin-routes", "/routes?httpMethodRestrict=GET", "routes");
        admin("admin-route-control", "/routes/{id}/{action}?httpMethodRestrict=POST", "controlRoute");
        admin("admin-dlq-list", "/dlq/{channel}?httpMethodRestrict=GET", "listDeadLetters");
        admin("admin-dlq-message", "/dlq/{channel}/{messageId}?httpMethodRestrict=GET", "deadLetterBody");
        admin("admin-dlq-replay", "/dlq/{channel}/replay?httpMethodRestrict=POST", "moveDeadLetters");
        admin("admin-dlq-delete", "/dlq/{channel}?httpMethodRestrict=DELETE", "moveDeadLetters");
        admin("admin-broker", "/broker?httpMethodRestrict=GET", "broker");
        from(API + "/nodes?httpMethodRestrict=GET").routeId("admin-nodes").filter(HubAccess.of(getContext())::admin)
                .bean("clusterApi", "nodes");
        admin("admin-files", "/files?matchOnUriPrefix=true", "files");
        admin("admin-audit", "/audit?httpMethodRestrict=GET", "audit");
        from(API + "/loads?httpMethodRestrict=GET").routeId("admin-loads").filter(HubAccess.of(getContext())::admin)
                .bean("loadsApi", "list");
        exceptions("admin-procurement-exceptions", "?httpMethodRestrict=GET", "list");
        exceptions("admin-procurement-exception", "/{id}?httpMethodRestrict=GET", "one");
        exceptions("admin-procurement-map", "/{id}/map?httpMethodRestrict=POST", "map");
        exceptions("admin-procurement-convert", "/{id}/convert?httpMethodRestrict=POST", "convert");
        exceptions("admin-procurement-send", "/{id}/send?httpMethodRestrict=POST", "send");
        exceptions("admin-procurement-reject", "/{id}/reject?httpMethodRestrict=POST", "reject");
        from(API + "/customers/{hubId}/erase?httpMethodRestrict=POST").routeId("admin-customer-erase")
                .filter(HubAccess.of(getContext())::admin).bean("erasureApi", "erase");
    }

    /** A failure inside the hub: the caller gets a JSON answer without the hub's internals, the log the exception. */
    static void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Admin API {} {} failed: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                exchange.getMessage().getHeader(Exchange.HTTP_PATH), cause.getClass().getName());
        LOG.debug("Admin API failure", cause);
        respond(exchange.getMessage(), 500, error("SERVER_ERROR", "the hub could not complete the request; its log says why"));
    }

    private void exceptions(String routeId, String path, String handler) {
        from(API + "/procurement/exceptions" + path).routeId(routeId).filter(HubAccess.of(getContext())::admin)
                .bean("orderExceptionsApi", handler);
    }

    private void admin(String routeId, String path, String handler) {
        from(API + path).routeId(routeId).filter(HubAccess.of(getContext())::admin).bean("adminApi", handler);
    }
}
