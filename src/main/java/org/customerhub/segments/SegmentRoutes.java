package org.customerhub.segments;

import org.apache.camel.builder.RouteBuilder;
import org.customerhub.security.HubAccess;

/** Segments and product incidents for agents and admins; the value page's figures, refit and export for admins. */
public final class SegmentRoutes extends RouteBuilder {
    @Override
    public void configure() {
        HubAccess access = HubAccess.of(getContext());
        from("platform-http:/api/segments?httpMethodRestrict=GET").routeId("api-segments")
                .filter(access::agent).bean("segmentsApi", "segments");
        from("platform-http:/api/segments/{tier}?httpMethodRestrict=GET").routeId("api-segment")
                .filter(access::agent).bean("segmentsApi", "tier");
        from("platform-http:/api/products/incidents?httpMethodRestrict=GET").routeId("api-product-incidents")
                .filter(access::agent).bean("segmentsApi", "productIncidents");
        from("platform-http:/admin/api/value?httpMethodRestrict=GET").routeId("admin-value")
                .filter(access::admin).bean("segmentsApi", "overview");
        from("platform-http:/admin/api/value/refit?httpMethodRestrict=POST").routeId("admin-value-refit")
                .filter(access::admin).bean("segmentsApi", "requestFit");
        from("platform-http:/admin/api/value/export?httpMethodRestrict=GET").routeId("admin-value-export")
                .filter(access::admin).bean("segmentsApi", "export");
    }
}
