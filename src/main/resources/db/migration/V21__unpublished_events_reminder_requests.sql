-- Change events no message publishes (a value fit's TIER_CHANGED): written to change_event together with a row here in
-- the transaction of the change; published after the commit under the event id as the broker's duplicate id, then the
-- row is deleted. A row left by a crash or a failed send is published again, and the broker drops a copy it holds.
CREATE TABLE change_event_unpublished (
    event_id  VARCHAR(40) NOT NULL PRIMARY KEY,
    hub_id    VARCHAR(40) NOT NULL
);
CREATE INDEX change_event_unpublished_customer ON change_event_unpublished (hub_id);

-- A reminder the web shop's REMINDER_SET asked for (source WEB) keeps the request's time: a later request for the same
-- customer and SKU replaces the upcoming reminders of earlier ones (state REPLACED).
ALTER TABLE reminder ADD COLUMN set_at TIMESTAMP WITH TIME ZONE;
