package org.customerhub.admin;

import org.apache.camel.builder.RouteBuilder;
import org.customerhub.security.HubAccess;

/**
 * /metrics for Prometheus (users with the monitoring or admin role), the console's monitoring figures, and the
 * periodic threshold check whose alerts go to the multicast address hub.alerts for whoever subscribes.
 */
public final class MonitoringRoutes extends RouteBuilder {
    private final long checkMillis;

    public MonitoringRoutes(long checkMillis) {
        this.checkMillis = checkMillis;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(AdminRoutes::failed);
        from("platform-http:/metrics?httpMethodRestrict=GET").routeId("metrics")
                .filter(HubAccess.of(getContext())::monitoring).bean("monitoringApi", "metrics");
        from("platform-http:/admin/api/monitoring?httpMethodRestrict=GET").routeId("admin-monitoring")
                .filter(HubAccess.of(getContext())::admin).bean("monitoringApi", "monitoring");
        from("timer:hub-monitoring?delay=" + checkMillis + "&period=" + checkMillis).routeId("monitoring-check")
                .bean("monitoringApi", "check")
                .split(body())
                    .to("jms:topic:hub.alerts?exchangePattern=InOnly");
    }
}
