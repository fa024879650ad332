package org.customerhub.admin;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The hub's readiness as Camel health checks (group "hub"): the broker connection, the database, and the routes,
 * where a route an admin stopped or suspended ({@link RoutePauses}) is listed as paused and does not make it DOWN.
 */
public final class HubHealthChecks {
    /** Detail of the routes check: the routes not started that no admin paused. */
    public static final String DOWN_ROUTES = "downRoutes";
    /** Detail of the routes check: the routes an admin paused. */
    public static final String PAUSED_ROUTES = "pausedRoutes";

    private final HealthCheck broker;
    private final HealthCheck database;
    private final HealthCheck routes;

    public HubHealthChecks(CamelContext context, BooleanSupplier brokerUp, BooleanSupplier databaseUp, RoutePauses pauses) {
        broker = new Answers("broker", brokerUp);
        database = new Answers("database", databaseUp);
        routes = new Routes(context, pauses);
    }

    /** Adds the checks to Camel's registry too, where Camel's own tools (JMX, dev console) list them. */
    public void register(CamelContext context) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            List.of(broker, database, routes).forEach(registry::register);
        }
    }

    public HealthCheck broker() {
        return broker;
    }

    public HealthCheck database() {
        return database;
    }

    public HealthCheck routes() {
        return routes;
    }

    /** A readiness check that asks whether something answers. */
    private static final class Answers extends AbstractHealthCheck {
        private final BooleanSupplier up;

        Answers(String id, BooleanSupplier up) {
            super("hub", id);
            this.up = up;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (up.getAsBoolean()) {
                builder.up();
            } else {
                builder.down();
            }
        }
    }

    /** Every route started, except those an admin paused. */
    private static final class Routes extends AbstractHealthCheck {
        private final CamelContext context;
        private final RoutePauses pauses;

        Routes(CamelContext context, RoutePauses pauses) {
            super("hub", "routes");
            this.context = context;
            this.pauses = pauses;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            List<String> stopped = context.getRoutes().stream().map(Route::getId)
                    .filter(id -> context.getRouteController().getRouteStatus(id) != ServiceStatus.Started).sorted().toList();
            // a route an admin paused and that runs again (started by a reload of its file, say) is simply up
            List<String> down = stopped.stream().filter(id -> !pauses.isPaused(id)).toList();
            builder.detail(DOWN_ROUTES, down);
            builder.detail(PAUSED_ROUTES, stopped.stream().filter(pauses::isPaused).toList());
            if (down.isEmpty()) {
                builder.up();
            } else {
                builder.down();
            }
        }
    }
}
