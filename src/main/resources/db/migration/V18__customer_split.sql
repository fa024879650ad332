-- Split (README: Split and the review queue): an agent's split of a customer into the people it was made of. Every id
-- the customer had (the survivor and each id merged into it) gets split_at and one row per customer it became; such an
-- id answers with that list, as a merged-away id answers with its survivor.
ALTER TABLE customer ADD COLUMN split_at TIMESTAMP WITH TIME ZONE;
CREATE TABLE customer_split (
    hub_id      VARCHAR(40)  NOT NULL REFERENCES customer (hub_id),
    split_into  VARCHAR(40)  NOT NULL REFERENCES customer (hub_id),
    message_id  VARCHAR(100) NOT NULL,
    PRIMARY KEY (hub_id, split_into)
);
-- The review queue lists each possible pair once, best first.
CREATE INDEX possible_match_score ON possible_match (score);
