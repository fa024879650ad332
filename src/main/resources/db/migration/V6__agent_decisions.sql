-- Who stated a value, where a person did: the agent who corrected contact data in the console.
ALTER TABLE attribute_value ADD COLUMN stated_by VARCHAR(100);

-- Pairs an agent decided are two people: never offered as a possible match again.
CREATE TABLE kept_apart (
    hub_id        VARCHAR(40)  NOT NULL REFERENCES customer (hub_id),
    other_hub_id  VARCHAR(40)  NOT NULL REFERENCES customer (hub_id),
    decided_by    VARCHAR(100) NOT NULL,
    decided_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (hub_id, other_hub_id)
);
