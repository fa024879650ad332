-- The archive keeps the broker's own id of the message it took, which is what tells a redelivery of that message (its
-- change events go out again) from a resend of the same content (they went out with the first copy). JMSMessageID
-- cannot: STOMP senders set none, and an AMQP sender's message gets a new one each time Artemis converts it.
ALTER TABLE raw_message RENAME COLUMN jms_message_id TO broker_message_id;
