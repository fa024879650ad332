package org.customerhub.store;

import java.time.OffsetDateTime;
import java.util.List;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The hub nodes on this store and what each said at its last heartbeat. Each node writes only its own row. */
public final class HubNodes {
    private final Jdbi jdbi;

    /**
     * One node as of its last heartbeat. broker: the broker address it was connected to, null when none answered;
     * messagesTaken: channel messages its ingest routes completed since it started; messagesPerSec: over the last beat.
     */
    public record Node(String nodeId, String host, OffsetDateTime startedAt, OffsetDateTime heartbeatAt, String broker,
                       int routesStarted, int routesTotal, long messagesTaken, double messagesPerSec) {
    }

    public HubNodes(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
        jdbi.registerRowMapper(ConstructorMapper.factory(Node.class));
    }

    /** Writes the node's row: the first beat adds it, the next ones replace it. */
    public void beat(Node node) {
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("""
                            UPDATE hub_node SET host = :host, started_at = :startedAt, heartbeat_at = :heartbeatAt,
                            broker = :broker, routes_started = :routesStarted, routes_total = :routesTotal,
                            messages_taken = :messagesTaken, messages_per_sec = :messagesPerSec WHERE node_id = :nodeId""")
                    .bindMethods(node).execute();
            if (updated == 0) {
                handle.createUpdate("""
                                INSERT INTO hub_node (node_id, host, started_at, heartbeat_at, broker, routes_started,
                                routes_total, messages_taken, messages_per_sec) VALUES (:nodeId, :host, :startedAt,
                                :heartbeatAt, :broker, :routesStarted, :routesTotal, :messagesTaken, :messagesPerSec)""")
                        .bindMethods(node).execute();
            }
        });
    }

    /** Every node that ever beat on this store, by id. */
    public List<Node> all() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT node_id, host, started_at, heartbeat_at, broker, routes_started, routes_total,
                        messages_taken, messages_per_sec FROM hub_node ORDER BY node_id""")
                .mapTo(Node.class).list());
    }
}
