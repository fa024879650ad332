-- One row per channel or procurement partner per minute: what the Monitoring page charts. The hub deletes rows older
-- than hub.monitoring.history-hours, so the table stays bounded (sources x minutes kept).
CREATE TABLE monitoring_minutes (
    source    VARCHAR(200) NOT NULL,
    starts_at TIMESTAMP WITH TIME ZONE NOT NULL,
    messages  INTEGER NOT NULL,
    errors    INTEGER NOT NULL,
    p95_ms    BIGINT,
    PRIMARY KEY (source, starts_at)
);
CREATE INDEX monitoring_minutes_minute ON monitoring_minutes (starts_at);
