-- Broker messages whose dead letter an admin replayed. A dead letter is acknowledged without publishing change events,
-- so when the dead-lettered message's work had committed (the broker parked it after its broker commits all failed, or
-- its events failed for a reason not the broker's), the next copy of the message publishes the events the archive
-- recorded for it.
CREATE TABLE dead_lettered_delivery (
    broker_message_id VARCHAR(200) PRIMARY KEY,
    replayed_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
