package org.customerhub.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.customerhub.security.HubAccess;

/** The read API over HTTP; customer data only for agents and admins. Java rather than YAML: these are the hub's contract, not something an admin re-routes. */
public final class QueryRoutes extends RouteBuilder {
    private final String openApi;

    /** The OpenAPI document is read once at start; it describes this build's API. */
    public QueryRoutes(Path openApiDocument) throws IOException {
        this.openApi = Files.readString(openApiDocument);
    }

    @Override
    public void configure() {
        HubAccess access = HubAccess.of(getContext());
        from("platform-http:/api/customers/{hubId}?httpMethodRestrict=GET").routeId("api-customer")
                .filter(access::agent).bean("customerApi", "byId");
        from("platform-http:/api/customers?httpMethodRestrict=GET").routeId("api-customer-search")
                .filter(access::agent).bean("customerApi", "search");
        from("platform-http:/api/openapi.yaml?httpMethodRestrict=GET").routeId("api-openapi")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/yaml"))
                .setBody(constant(openApi));
    }
}
