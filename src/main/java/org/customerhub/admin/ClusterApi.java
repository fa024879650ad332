package org.customerhub.admin;

import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.customerhub.store.HubNodes;

/**
 * GET /admin/api/nodes: every hub node on this store (id, host, uptime, routes, rate, the broker it is connected to,
 * whether its heartbeat is recent) and the state of each broker the hub is configured with, live or not answering.
 */
public final class ClusterApi {
    /** A node is taken for gone after this many heartbeats missed. */
    private static final int MISSED_BEATS = 3;

    private final String nodeId;
    private final HubNodes nodes;
    private final Duration heartbeat;
    private final Supplier<List<BrokerState>> brokers;

    /** One broker of the configuration: its address, and whether it takes connections now (the live one does). */
    public record BrokerState(String address, boolean live) {
    }

    public ClusterApi(String nodeId, HubNodes nodes, Duration heartbeat, Supplier<List<BrokerState>> brokers) {
        this.nodeId = nodeId;
        this.nodes = nodes;
        this.heartbeat = heartbeat;
        this.brokers = brokers;
    }

    public void nodes(Exchange exchange) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ObjectNode answer = MAPPER.createObjectNode().put("answeredBy", nodeId);
        ArrayNode list = answer.putArray("nodes");
        for (HubNodes.Node node : nodes.all()) {
            boolean alive = node.heartbeatAt().isAfter(now.minus(heartbeat.multipliedBy(MISSED_BEATS)));
            ObjectNode entry = list.addObject().put("id", node.nodeId()).put("host", node.host()).put("alive", alive)
                    .put("startedAt", node.startedAt().toString()).put("heartbeatAt", node.heartbeatAt().toString())
                    .put("uptimeSeconds", alive ? Duration.between(node.startedAt(), now).toSeconds() : 0)
                    .put("routesStarted", node.routesStarted()).put("routesTotal", node.routesTotal())
                    .put("messagesTaken", node.messagesTaken()).put("messagesPerSecond", node.messagesPerSec());
            entry.put("broker", node.broker());
        }
        ArrayNode pair = answer.putArray("brokers");
        for (BrokerState broker : brokers.get()) {
            pair.addObject().put("address", broker.address()).put("state", broker.live() ? "live" : "not answering");
        }
        respond(exchange.getMessage(), 200, answer.toString());
    }
}
