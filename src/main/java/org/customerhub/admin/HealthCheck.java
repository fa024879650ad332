package org.customerhub.admin;

import static org.customerhub.json.Json.MAPPER;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.customerhub.http.JsonAnswer;

/**
 * GET /health/live: the hub's process works (its Camel context runs); a failing liveness check means restart it.
 * GET /health/ready (and /health): the hub can do its work: the broker and the database answer, and every route is
 * started, except the routes an admin paused on purpose, which are listed as paused and do not make it DOWN. Both say
 * which hub node answers and which broker it is connected to, so behind a load balancer each node tells itself apart.
 */
public final class HealthCheck {
    private final String node;
    private final Supplier<Optional<String>> broker;
    private final BooleanSupplier database;
    private final RoutePauses pauses;

    /** broker: the address of the broker the hub is connected to, empty when none answers. */
    public HealthCheck(String node, Supplier<Optional<String>> broker, BooleanSupplier database, RoutePauses pauses) {
        this.node = node;
        this.broker = broker;
        this.database = database;
        this.pauses = pauses;
    }

    public void live(Exchange exchange) {
        boolean up = exchange.getContext().getStatus() == ServiceStatus.Started;
        JsonAnswer.respond(exchange.getMessage(), up ? 200 : 503,
                MAPPER.createObjectNode().put("status", state(up)).put("node", node).toString());
    }

    public void ready(Exchange exchange) {
        CamelContext context = exchange.getContext();
        Optional<String> connectedTo = broker.get();
        boolean brokerUp = connectedTo.isPresent();
        boolean databaseUp = database.getAsBoolean();
        List<String> stopped = context.getRoutes().stream().map(Route::getId)
                .filter(id -> context.getRouteController().getRouteStatus(id) != ServiceStatus.Started).sorted().toList();
        // a route an admin paused and that runs again (started by a reload of its file, say) is simply up
        List<String> paused = stopped.stream().filter(pauses::isPaused).toList();
        List<String> down = stopped.stream().filter(id -> !pauses.isPaused(id)).toList();
        boolean up = brokerUp && databaseUp && down.isEmpty();
        ObjectNode answer = MAPPER.createObjectNode().put("status", state(up)).put("node", node).put("broker", state(brokerUp))
                .put("database", state(databaseUp)).put("routes", state(down.isEmpty()));
        connectedTo.ifPresent(address -> answer.put("brokerAddress", address));
        down.forEach(answer.putArray("downRoutes")::add);
        paused.forEach(answer.putArray("pausedRoutes")::add);
        JsonAnswer.respond(exchange.getMessage(), up ? 200 : 503, answer.toString());
    }

    private static String state(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
