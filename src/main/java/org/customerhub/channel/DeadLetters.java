package org.customerhub.channel;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.xml.transform.TransformerException;

import jakarta.xml.bind.JAXBException;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.support.processor.validation.SchemaValidationException;
import org.customerhub.broker.PersonGroups;
import org.customerhub.monitoring.HubMetrics;
import org.customerhub.xml.RejectReason;
import org.customerhub.xml.RejectedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels a failed message for its channel's dead-letter queue with the properties the README names (Rejected
 * messages). The body is the original one (the route configuration restores it); this only adds why, where from and when.
 */
public final class DeadLetters {
    public static final String ERROR_CODE = "HubErrorCode";
    public static final String ERROR_DETAIL = "HubErrorDetail";
    public static final String SOURCE_QUEUE = "HubSourceQueue";
    public static final String FAILED_AT = "HubFailedAt";
    /** The broker's own id of the message that was dead-lettered, recorded when the dead letter is replayed. */
    public static final String BROKER_MESSAGE_ID = "HubBrokerMessageId";
    /** Set by the broker's divert to the work queue: the inbound queue a message was sent to before it was grouped. */
    public static final String RECEIVED_ON = PersonGroups.RECEIVED_ON;
    private static final String GROUP_ID = "JMSXGroupID";
    private static final int MAX_DETAIL = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final HubMetrics metrics;

    public DeadLetters(HubMetrics metrics) {
        this.metrics = metrics;
    }

    public void label(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RejectReason reason = classify(failure);
        String channel = exchange.getProperty(ChannelIngest.CHANNEL, String.class);
        String detail = detailOf(failure);
        exchange.getMessage().setHeader(ERROR_CODE, reason.name());
        exchange.getMessage().setHeader(ERROR_DETAIL, detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail);
        String source = sourceQueue(exchange);
        exchange.getMessage().setHeader(SOURCE_QUEUE, source);
        exchange.getMessage().setHeader(FAILED_AT, OffsetDateTime.now(ZoneOffset.UTC).toString());
        exchange.getMessage().setHeader(BROKER_MESSAGE_ID, exchange.getProperty(ChannelIngest.BROKER_MESSAGE_ID));
        // the person's message group was for the work queue; on the dead-letter queue it would tie letters to a reader
        exchange.getMessage().removeHeader(GROUP_ID);
        metrics.rejected(channel, reason.name());
        LOG.warn("Rejected message {} (JMS {}) from {} to hub.dlq.{}: {}",
                exchange.getProperty(ChannelIngest.MESSAGE_ID), exchange.getMessage().getHeader("JMSMessageID"),
                source, channel, reason);
        LOG.debug("Reject detail for message {}: {}", exchange.getProperty(ChannelIngest.MESSAGE_ID), detail);
    }

    /**
     * The queue the failed message came in on: a channel's inbound queue (the broker diverts it to the channel's work
     * queue, which the hub reads), or a feed's copy of the events.
     */
    private static String sourceQueue(Exchange exchange) {
        String receivedOn = exchange.getMessage().getHeader(RECEIVED_ON, String.class);
        if (receivedOn != null) {
            return receivedOn;
        }
        return exchange.getFromEndpoint() instanceof JmsEndpoint jms ? jms.getDestinationName()
                : "hub.in." + exchange.getProperty(ChannelIngest.CHANNEL, String.class);
    }

    /** The message's own fault has a reason; a mapping that cannot handle it, or whose result its target schema
     *  refuses, is MAPPING_FAILED; anything else was retried before it got here. */
    static RejectReason classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedMessageException rejected) {
                return rejected.reason();
            }
            if (cause instanceof TransformerException || cause instanceof JAXBException
                    || cause instanceof SchemaValidationException) {
                return RejectReason.MAPPING_FAILED;
            }
        }
        return RejectReason.PROCESSING_FAILED;
    }

    private static String detailOf(Throwable failure) {
        if (failure == null) {
            return "";
        }
        Throwable deepest = failure;
        while (deepest.getCause() != null && !(deepest instanceof RejectedMessageException)) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage();
        return message == null ? deepest.getClass().getSimpleName() : message;
    }
}
