package org.customerhub.admin;

import static org.customerhub.json.Json.MAPPER;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.customerhub.http.JsonAnswer;

/**
 * GET /health/live: the hub's process works (its Camel context runs); a failing liveness check means restart it.
 * GET /health/ready (and /health): the hub can do its work, as the Camel health checks of {@link HubHealthChecks} say:
 * the broker and the database answer, and every route is started, except the routes an admin paused on purpose,
 * which are listed as paused and do not make it DOWN.
 */
public final class HealthCheck {
    private final HubHealthChecks checks;

    public HealthCheck(HubHealthChecks checks) {
        this.checks = checks;
    }

    public void live(Exchange exchange) {
        boolean up = exchange.getContext().getStatus() == ServiceStatus.Started;
        JsonAnswer.respond(exchange.getMessage(), up ? 200 : 503, MAPPER.createObjectNode().put("status", state(up)).toString());
    }

    public void ready(Exchange exchange) {
        boolean brokerUp = up(checks.broker().call());
        boolean databaseUp = up(checks.database().call());
        org.apache.camel.health.HealthCheck.Result routes = checks.routes().call();
        boolean up = brokerUp && databaseUp && up(routes);
        ObjectNode answer = MAPPER.createObjectNode().put("status", state(up)).put("broker", state(brokerUp))
                .put("database", state(databaseUp)).put("routes", state(up(routes)));
        routeList(routes, HubHealthChecks.DOWN_ROUTES).forEach(answer.putArray("downRoutes")::add);
        routeList(routes, HubHealthChecks.PAUSED_ROUTES).forEach(answer.putArray("pausedRoutes")::add);
        JsonAnswer.respond(exchange.getMessage(), up ? 200 : 503, answer.toString());
    }

    private static boolean up(org.apache.camel.health.HealthCheck.Result result) {
        return result.getState() == org.apache.camel.health.HealthCheck.State.UP;
    }

    @SuppressWarnings("unchecked")
    private static List<String> routeList(org.apache.camel.health.HealthCheck.Result result, String detail) {
        return (List<String>) result.getDetails().getOrDefault(detail, List.of());
    }

    private static String state(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
