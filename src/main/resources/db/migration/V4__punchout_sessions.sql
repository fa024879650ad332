-- cXML punch-out sessions: which partner's buyer a shop session belongs to and where its cart goes back to.
CREATE TABLE punchout_session (
    session_id       VARCHAR(40)  PRIMARY KEY,
    partner          VARCHAR(60)  NOT NULL,
    buyer_cookie     VARCHAR(200) NOT NULL,
    form_post_url    VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- cXML orders taken, keyed like their raw_message (partner/payloadID): a resend of an order whose forward to
-- direct sales failed is forwarded again, one that was forwarded is only answered again.
CREATE TABLE procurement_order (
    document_id      VARCHAR(200) PRIMARY KEY,
    partner          VARCHAR(60)  NOT NULL,
    order_id         VARCHAR(120) NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    forwarded_at     TIMESTAMP WITH TIME ZONE
);
