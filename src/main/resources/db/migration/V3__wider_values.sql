-- Values are as long as a schema-valid message allows (a preference key has no length limit, an AMQP client picks
-- its own message id); a valid message must never fail on a column width.
-- qualifier and value_key stay short enough for a unique index: longer ones are stored as a hash (StoreTransaction).
ALTER TABLE attribute_value ALTER COLUMN qualifier SET DATA TYPE VARCHAR(300);
ALTER TABLE attribute_value ALTER COLUMN value_key SET DATA TYPE VARCHAR(300);
ALTER TABLE attribute_value ALTER COLUMN value_json SET DATA TYPE VARCHAR(100000);
ALTER TABLE raw_message ALTER COLUMN jms_message_id SET DATA TYPE VARCHAR(4000);
ALTER TABLE raw_message ALTER COLUMN document_id SET DATA TYPE VARCHAR(4000);
ALTER TABLE interaction ALTER COLUMN source_id SET DATA TYPE VARCHAR(400);
ALTER TABLE interaction ALTER COLUMN reference SET DATA TYPE VARCHAR(400);

-- Searching by phone reads attribute values by their normalised key.
CREATE INDEX attribute_value_lookup ON attribute_value (attribute, value_key);
CREATE INDEX merge_log_survivor ON merge_log (survivor);
