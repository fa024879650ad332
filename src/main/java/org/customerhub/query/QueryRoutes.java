package org.customerhub.query;

import org.apache.camel.builder.RouteBuilder;

/** The read API over HTTP. Java rather than YAML: these are the hub's contract, not something an admin re-routes. */
public final class QueryRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from("platform-http:/api/customers/{hubId}?httpMethodRestrict=GET").routeId("api-customer")
                .bean("customerApi", "byId");
        from("platform-http:/api/customers?httpMethodRestrict=GET").routeId("api-customer-search")
                .bean("customerApi", "search");
        from("platform-http:/health?httpMethodRestrict=GET").routeId("api-health")
                .bean("healthCheck", "check");
    }
}
