package org.customerhub.query;

import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

/** GET /health: UP (200) only when the broker, the database and every route are up; otherwise DOWN (503). */
public final class HealthCheck {
    private final BooleanSupplier broker;
    private final BooleanSupplier database;

    public HealthCheck(BooleanSupplier broker, BooleanSupplier database) {
        this.broker = broker;
        this.database = database;
    }

    public void check(Exchange exchange) {
        CamelContext context = exchange.getContext();
        boolean brokerUp = broker.getAsBoolean();
        boolean databaseUp = database.getAsBoolean();
        boolean routesUp = context.getRoutes().stream().map(Route::getId)
                .allMatch(id -> context.getRouteController().getRouteStatus(id) == ServiceStatus.Started);
        boolean up = brokerUp && databaseUp && routesUp;
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"broker\":\"" + state(brokerUp)
                + "\",\"database\":\"" + state(databaseUp) + "\",\"routes\":\"" + state(routesUp) + "\"}");
    }

    private static String state(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
