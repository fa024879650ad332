-- Which customers each archived message concerns, so erasing a customer finds every raw message about them (a
-- message that changed nothing still holds their data). No foreign key: an erased customer's rows go with it.
CREATE TABLE message_customer (
    message_id  VARCHAR(100) NOT NULL,
    hub_id      VARCHAR(40)  NOT NULL,
    PRIMARY KEY (message_id, hub_id)
);
CREATE INDEX message_customer_customer ON message_customer (hub_id);
