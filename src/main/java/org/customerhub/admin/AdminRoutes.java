package org.customerhub.admin;

import org.apache.camel.builder.RouteBuilder;

/** The admin API under /admin/api on the hub's HTTP port; every route first checks for an admin user. */
public final class AdminRoutes extends RouteBuilder {
    private static final String API = "platform-http:/admin/api";

    @Override
    public void configure() {
        from(API + "/routes?httpMethodRestrict=GET").routeId("admin-routes")
                .filter(method("adminApi", "authorised")).bean("adminApi", "routes");
        from(API + "/routes/{id}/{action}?httpMethodRestrict=POST").routeId("admin-route-control")
                .filter(method("adminApi", "authorised")).bean("adminApi", "controlRoute");
        from(API + "/dlq/{channel}?httpMethodRestrict=GET").routeId("admin-dlq-list")
                .filter(method("adminApi", "authorised")).bean("adminApi", "listDeadLetters");
        from(API + "/dlq/{channel}/{messageId}?httpMethodRestrict=GET").routeId("admin-dlq-message")
                .filter(method("adminApi", "authorised")).bean("adminApi", "deadLetterBody");
        from(API + "/dlq/{channel}/replay?httpMethodRestrict=POST").routeId("admin-dlq-replay")
                .filter(method("adminApi", "authorised")).bean("adminApi", "moveDeadLetters");
        from(API + "/dlq/{channel}?httpMethodRestrict=DELETE").routeId("admin-dlq-delete")
                .filter(method("adminApi", "authorised")).bean("adminApi", "moveDeadLetters");
        from(API + "/broker?httpMethodRestrict=GET").routeId("admin-broker")
                .filter(method("adminApi", "authorised")).bean("adminApi", "broker");
        from(API + "/files?matchOnUriPrefix=true").routeId("admin-files")
                .filter(method("adminApi", "authorised")).bean("adminApi", "files");
        from(API + "/audit?httpMethodRestrict=GET").routeId("admin-audit")
                .filter(method("adminApi", "authorised")).bean("adminApi", "audit");
    }
}
