package org.customerhub.broker;

import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;

/**
 * The broker's own id of a message the hub consumed: the same on every redelivery of that message, after a restart
 * too, and new for every message sent, a resend of the same content included. JMSMessageID is neither: STOMP
 * senders set none, and Artemis gives an AMQP sender's message a new one each time it converts it for a JMS consumer.
 */
public final class BrokerMessageId {
    private BrokerMessageId() {
    }

    /** The id, or null when the message did not come from the broker. */
    public static String of(Message message) {
        if (message instanceof JmsMessage jms && jms.getJmsMessage() instanceof ActiveMQMessage artemis) {
            return String.valueOf(artemis.getCoreMessage().getMessageID());
        }
        return null;
    }
}
