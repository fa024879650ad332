package org.customerhub.channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.commons.codec.digest.DigestUtils;
import org.customerhub.broker.BrokerMessageId;
import org.customerhub.broker.PersonGroups;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.identity.InboundMessage;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.identity.RepeatRule;
import org.customerhub.identity.UpdateOutcome;
import org.customerhub.monitoring.HubMetrics;
import org.customerhub.store.CommitOutcomeUnknownException;
import org.customerhub.store.TimeOrderedIds;
import org.customerhub.xml.InboundGuard;
import org.customerhub.xml.RejectReason;
import org.customerhub.xml.RejectedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Java steps of an ingest route: check the raw message, and hand the mapped canonical record to identity
 * resolution. The route in routes/ says which channel, mapping and order; these steps only do their one job each.
 */
public final class ChannelIngest {
    /** Exchange property with the channel name, set first in every ingest route. */
    public static final String CHANNEL = "hubChannel";
    /** Exchange property with the hub's own id of the message, used in logs and provenance. */
    public static final String MESSAGE_ID = "hubMessageId";
    /** Exchange property with the message as received, for a route that passes it on unchanged. */
    public static final String RAW_BODY = "hubRawBody";
    /** Exchange property with the broker's own id of the message, read while the message is still the JMS one. */
    public static final String BROKER_MESSAGE_ID = "hubBrokerMessageId";
    /** Exchange property with the change events the message caused. */
    public static final String EVENTS = "hubEvents";
    /** The channel of agents' corrections and decisions, made in the console and queued on hub.in.agent. */
    public static final String AGENT = "agent";
    /** Header set by the broker's divert to the work queue: when the broker took the message, in epoch milliseconds. */
    public static final String RECEIVED_AT = PersonGroups.RECEIVED_AT;
    private static final Logger LOG = LoggerFactory.getLogger(ChannelIngest.class);

    private static final long STORE_POLL_MILLIS = 1000;

    private final InboundGuard guard;
    private final ProfileUpdater profiles;
    private final Set<String> dedupeByDocumentId;
    private final BooleanSupplier storeReachable;
    private final RepeatRule repeats = new BrokerRedeliveries();
    private final HubMetrics metrics;

    /**
     * dedupeByDocumentId: the channels whose document ids are unique, so that a copy is known by its id rather than its
     * bytes; storeReachable: whether the store answers, asked before a message whose commit outcome is unknown is
     * applied again.
     */
    public ChannelIngest(InboundGuard guard, ProfileUpdater profiles, Set<String> dedupeByDocumentId, BooleanSupplier storeReachable,
                         HubMetrics metrics) {
        this.metrics = metrics;
        this.guard = guard;
        this.profiles = profiles;
        this.dedupeByDocumentId = Set.copyOf(dedupeByDocumentId);
        this.storeReachable = storeReachable;
    }

    /** Size, encoding, DOCTYPE, root and schema checks; the body becomes the parsed document. */
    public void check(Exchange exchange) throws RejectedMessageException {
        Object raw = label(exchange);
        exchange.getMessage().setBody(guard.accept(exchange.getProperty(CHANNEL, String.class), raw));
    }

    private static Object label(Exchange exchange) {
        Object raw = exchange.getMessage().getBody();
        exchange.setProperty(RAW_BODY, raw);
        String messageId = TimeOrderedIds.next();
        exchange.setProperty(MESSAGE_ID, messageId);
        // every log line about this message from here on carries its id and channel (Camel keeps hub* MDC keys for
        // the exchange and clears them when it is done)
        MDC.put(MESSAGE_ID, messageId);
        MDC.put(CHANNEL, exchange.getProperty(CHANNEL, String.class));
        exchange.setProperty(BROKER_MESSAGE_ID, BrokerMessageId.of(exchange.getMessage()));
        return raw;
    }

    /** Applies the canonical record; the change events to publish in the same transaction go to {@link #EVENTS}. */
    public void store(Exchange exchange) throws InvalidPayloadException, RejectedMessageException {
        ChannelRecord record = exchange.getMessage().getMandatoryBody(ChannelRecord.class);
        String channel = exchange.getProperty(CHANNEL, String.class);
        checkRecord(channel, record);
        String messageId = exchange.getProperty(MESSAGE_ID, String.class);
        // set again for a message that came another way than a channel's queue (a cXML order)
        MDC.put(MESSAGE_ID, messageId);
        MDC.put(CHANNEL, channel);
        InboundMessage message = inboundMessage(record, exchange.getProperty(RAW_BODY), messageId,
                exchange.getProperty(BROKER_MESSAGE_ID, String.class), dedupeByDocumentId);
        UpdateOutcome outcome = apply(record, message);
        metrics.accepted(channel, Duration.ofMillis(Math.max(0, System.currentTimeMillis() - receivedAt(exchange))));
        if (outcome.repeat() == UpdateOutcome.Repeat.NONE) {
            metrics.identity(outcome.created(), Math.max(0, outcome.customers().size() - outcome.created()), outcome.merged(),
                    outcome.possibleMatches());
        }
        LOG.info("Accepted {} {} as message {}: {}", record.getChannel().value(), record.getDocumentType(), message.messageId(), outcome);
        exchange.setProperty(EVENTS, outcome.events());
    }

    /** What a mapping may produce for a channel: its own channel's record, naming no customer and deciding no match. */
    public static void checkRecord(String channel, ChannelRecord record) throws RejectedMessageException {
        if (!record.getChannel().value().equals(channel)) {
            // a mapping must never write keys into another channel's namespace
            throw new RejectedMessageException(RejectReason.MAPPING_FAILED,
                    "mapping of " + channel + " produced a record of channel " + record.getChannel().value());
        }
        if (!AGENT.equals(channel) && record.getParty().stream()
                .anyMatch(p -> p.getHubId() != null || !p.getSameAs().isEmpty() || !p.getNotSameAs().isEmpty()
                        || !p.getSplitGroup().isEmpty())) {
            // only an agent, through the console's own channel, may name a customer or decide a match
            throw new RejectedMessageException(RejectReason.MAPPING_FAILED,
                    "mapping of " + channel + " named a hub id or decided a match");
        }
    }

    /**
     * The message as identity resolution takes it: raw is the body as received (text or bytes), known by its dedupe key
     * (its document id on the channels in dedupeByDocumentId, else its bytes' hash).
     */
    public static InboundMessage inboundMessage(ChannelRecord record, Object raw, String messageId, String brokerMessageId,
                                                Set<String> dedupeByDocumentId) {
        boolean text = !(raw instanceof byte[]);
        byte[] content = text ? String.valueOf(raw).getBytes(StandardCharsets.UTF_8) : (byte[]) raw;
        return new InboundMessage(messageId, brokerMessageId, dedupeKey(record, content, dedupeByDocumentId),
                OffsetDateTime.now(ZoneOffset.UTC), text, content);
    }

    /** When the broker took the message on its channel's queue, or when this exchange began (cXML, the console). */
    private static long receivedAt(Exchange exchange) {
        Long receivedAt = exchange.getMessage().getHeader(RECEIVED_AT, Long.class);
        return receivedAt != null ? receivedAt : exchange.getClock().getCreated();
    }

    private UpdateOutcome apply(ChannelRecord record, InboundMessage message) {
        while (true) {
            try {
                return profiles.apply(record, message, repeats);
            } catch (CommitOutcomeUnknownException unknown) {
                if (message.brokerMessageId() == null) {
                    // a caller over HTTP (cXML) is answered now and sends again; its document id makes that safe
                    throw unknown;
                }
                // failing the message now would retry it while the database is away and then dead-letter it, stored
                // or not, without its events; once the database answers, applying it again is safe either way, as
                // the archive knows it by its dedupe key and broker id
                LOG.warn("Message {}: its commit's outcome is unknown; applying it again once the store answers",
                        message.messageId());
                awaitStore(unknown);
            }
        }
    }

    /** Returns once the store answers, and not at once: a connection that keeps breaking is not hammered. */
    private void awaitStore(CommitOutcomeUnknownException unknown) {
        do {
            try {
                Thread.sleep(STORE_POLL_MILLIS);
            } catch (InterruptedException e) {
                // the hub is stopping: the wait ends and the message fails like any other
                Thread.currentThread().interrupt();
                throw unknown;
            }
        } while (!storeReachable.getAsBoolean());
    }

    /** How a copy of the message is recognised: its document id where the channel's ids are unique, else its bytes. */
    private static String dedupeKey(ChannelRecord record, byte[] content, Set<String> dedupeByDocumentId) {
        if (dedupeByDocumentId.contains(record.getChannel().value())) {
            return "id:" + record.getDocumentId();
        }
        return "sha256:" + DigestUtils.sha256Hex(content);
    }
}
