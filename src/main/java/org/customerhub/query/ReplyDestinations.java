package org.customerhub.query;

import java.util.Set;

import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.customerhub.broker.BrokerSecurity;

/**
 * Where the hub may answer a question: only where nobody but the asker reads. That is a temporary queue the asker
 * created (a JMS temporary queue over CORE or AMQP, a plain AMQP client's dynamic receiver, an OpenWire temporary
 * queue), which the broker lets no other user read, or reply.&lt;channel&gt;.&lt;name&gt; of the asker's own channel,
 * which broker.xml lets that channel alone read (STOMP has no temporary queues).
 *
 * <p>On the embedded broker this is judged by what the broker knows: which user sent the question, and whether the
 * reply-to address holds only temporary queues of that user. What a client says of its reply-to proves nothing: only
 * Qpid JMS marks its temporary queues, and an OpenWire client may call any name a temporary queue. An external
 * broker's queues are out of the hub's sight, so there the hub takes the asker's word that a reply-to is temporary.
 */
public final class ReplyDestinations {
    private static final String CHANNEL_REPLIES = "reply.";

    private final Set<String> channels;
    private final BrokerSecurity broker;

    /** broker: the embedded broker's security, or null with an external broker. */
    public ReplyDestinations(Set<String> channels, BrokerSecurity broker) {
        this.channels = Set.copyOf(channels);
        this.broker = broker;
    }

    /** Whether only the asker (the broker user who sent the question; null when unknown) reads what is sent to replyTo. */
    public boolean onlyAskerReads(String asker, ActiveMQDestination replyTo) {
        String address = replyTo.getAddress();
        if (address.startsWith(CHANNEL_REPLIES)) {
            String channel = channelOf(address);
            return channels.contains(channel) && (broker == null || broker.roles(asker).contains(channel));
        }
        return broker == null ? replyTo.isTemporary() : asker != null && broker.onlyTemporaryQueuesOf(asker, address);
    }

    /** The channel of reply.&lt;channel&gt;.&lt;name&gt;; empty when the address names none. */
    private static String channelOf(String address) {
        int end = address.indexOf('.', CHANNEL_REPLIES.length());
        return end < 0 ? "" : address.substring(CHANNEL_REPLIES.length(), end);
    }
}
