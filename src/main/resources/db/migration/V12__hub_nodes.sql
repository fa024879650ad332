-- The hub nodes sharing this store, each row written by its own node at every heartbeat: the admin API and the console
-- list them, and a node whose heartbeat stopped is seen as gone.
CREATE TABLE hub_node (
    node_id          VARCHAR(120) PRIMARY KEY,
    host             VARCHAR(255) NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    broker           VARCHAR(255),
    routes_started   INT NOT NULL,
    routes_total     INT NOT NULL,
    messages_taken   BIGINT NOT NULL,
    messages_per_sec DOUBLE PRECISION NOT NULL
);
