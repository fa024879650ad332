package org.customerhub.admin;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.customerhub.channel.DeadLetters;
import org.customerhub.store.CustomerStore;

/**
 * The channels' dead-letter queues for admins: list, read, replay to the channel's inbound queue, delete. Selections
 * are built only from checked reason codes and message ids, so nothing a caller sends becomes selector text as is.
 * A replay or delete moves each message in a transaction: it is on exactly one queue at any time. A replay first records
 * in the store that the dead-lettered broker message was acknowledged without publishing change events, so that its
 * copy publishes those its stored work recorded, if any.
 */
public final class DeadLetterQueues {
    private static final Pattern REASON = Pattern.compile("[A-Z_]{1,40}");
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[A-Za-z0-9:._-]{1,120}");
    /** How many ids one consumer's selector names. */
    private static final int IDS_PER_SELECTOR = 100;
    private static final long RECEIVE_MILLIS = 2000;
    /** Artemis's property with the id of the message a dead letter it made is a copy of. */
    private static final String ORIGINAL_MESSAGE_ID = org.apache.activemq.artemis.api.core.Message.HDR_ORIG_MESSAGE_ID.toString();

    private final ConnectionFactory connections;
    private final CustomerStore store;

    public DeadLetterQueues(ConnectionFactory connections, CustomerStore store) {
        this.connections = connections;
        this.store = store;
    }

    /** One dead letter as listed: no body, which may hold personal data and is read one at a time. */
    public record Entry(String id, long timestamp, String reason, String detail, String sourceQueue, String failedAt) {
    }

    /** Which dead letters an action applies to: all, those with one reason code, or one message. */
    public record Selection(String reason, String messageId) {
        public static Selection of(String reason, String messageId) {
            if (reason != null && !REASON.matcher(reason).matches()) {
                throw new IllegalArgumentException("code is a reason code such as SCHEMA_INVALID");
            }
            if (messageId != null && !MESSAGE_ID.matcher(messageId).matches()) {
                throw new IllegalArgumentException("id is a JMS message id such as ID:0a1b…");
            }
            return new Selection(reason, messageId);
        }

        String selector() {
            List<String> terms = new ArrayList<>();
            if (reason != null) {
                terms.add("HubErrorCode = '" + reason + "'");
            }
            if (messageId != null) {
                terms.add("JMSMessageID = '" + messageId + "'");
            }
            return terms.isEmpty() ? null : String.join(" AND ", terms);
        }
    }

    public List<Entry> list(String channel, int offset, int limit) throws JMSException {
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = session.createBrowser(session.createQueue(dlq(channel)))) {
                List<Entry> page = new ArrayList<>();
                Enumeration<?> messages = browser.getEnumeration();
                for (int index = 0; messages.hasMoreElements() && page.size() < limit; index++) {
                    Message message = (Message) messages.nextElement();
                    if (index >= offset) {
                        page.add(new Entry(message.getJMSMessageID(), message.getJMSTimestamp(),
                                message.getStringProperty("HubErrorCode"), message.getStringProperty("HubErrorDetail"),
                                message.getStringProperty("HubSourceQueue"), message.getStringProperty("HubFailedAt")));
                    }
                }
                return page;
            }
        }
    }

    /** A dead letter's body exactly as the channel sent it: text stays text, bytes stay bytes. */
    public record Body(byte[] content, boolean text) {
    }

    public Optional<Body> body(String channel, Selection one) throws JMSException {
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = session.createBrowser(session.createQueue(dlq(channel)), one.selector())) {
                for (Object found : Collections.list(browser.getEnumeration())) {
                    return Optional.of(found instanceof TextMessage text
                            ? new Body(text.getText().getBytes(StandardCharsets.UTF_8), true)
                            : new Body(((BytesMessage) found).getBody(byte[].class), false));
                }
                return Optional.empty();
            }
        }
    }

    /** Sends the selected dead letters back to hub.in.<channel>, unchanged but for the hub's labels; returns how many. */
    public int replay(String channel, Selection selection) throws JMSException {
        return move(channel, selection, true);
    }

    public int delete(String channel, Selection selection) throws JMSException {
        return move(channel, selection, false);
    }

    /**
     * Moves the dead letters selected when the call begins, each once: a replayed message that fails again is a new dead
     * letter (a new message id), which this call leaves for the next one instead of replaying it again and again.
     */
    private int move(String channel, Selection selection, boolean replay) throws JMSException {
        List<String> ids = ids(channel, selection);
        int moved = 0;
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            try (MessageProducer producer = session.createProducer(session.createQueue("hub.in." + channel))) {
                for (int from = 0; from < ids.size(); from += IDS_PER_SELECTOR) {
                    List<String> batch = ids.subList(from, Math.min(ids.size(), from + IDS_PER_SELECTOR));
                    moved += move(session, producer, channel, batch, replay);
                }
            }
        }
        return moved;
    }

    private int move(Session session, MessageProducer producer, String channel, List<String> batch, boolean replay)
            throws JMSException {
        int moved = 0;
        String selector = "JMSMessageID IN ('" + String.join("', '", batch) + "')";
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(dlq(channel)), selector)) {
            while (moved < batch.size()) {
                Message message = consumer.receive(RECEIVE_MILLIS);
                if (message == null) {
                    // listed a moment ago but gone: another call took it in the meantime
                    break;
                }
                if (replay) {
                    String deadLettered = deadLetteredId(message);
                    if (deadLettered != null) {
                        store.recordDeadLettered(deadLettered, OffsetDateTime.now(ZoneOffset.UTC));
                    }
                    producer.send(copy(session, message));
                }
                session.commit();
                moved++;
            }
        }
        return moved;
    }

    /** The ids of the selected dead letters now, in queue order; read from JMS ids, so they are safe selector text. */
    private List<String> ids(String channel, Selection selection) throws JMSException {
        try (Connection connection = connections.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = session.createBrowser(session.createQueue(dlq(channel)), selection.selector())) {
                List<String> ids = new ArrayList<>();
                for (Object found : Collections.list(browser.getEnumeration())) {
                    String id = ((Message) found).getJMSMessageID();
                    if (id != null && MESSAGE_ID.matcher(id).matches()) {
                        ids.add(id);
                    }
                }
                return ids;
            }
        }
    }

    /**
     * The broker's id of the message that was dead-lettered: the hub's label, or for a message the broker parked after
     * too many deliveries (each rolled back, so none published its events), the broker's own note of the original.
     */
    private static String deadLetteredId(Message dead) throws JMSException {
        String labelled = dead.getStringProperty(DeadLetters.BROKER_MESSAGE_ID);
        return labelled != null ? labelled : dead.getStringProperty(ORIGINAL_MESSAGE_ID);
    }

    private static Message copy(Session session, Message dead) throws JMSException {
        Message copy = dead instanceof TextMessage text ? session.createTextMessage(text.getText())
                : bytes(session, ((BytesMessage) dead).getBody(byte[].class));
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Enumeration<?> names = dead.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!name.startsWith("Hub") && !name.startsWith("JMS") && !name.startsWith("_")) {
                properties.put(name, dead.getObjectProperty(name));
            }
        }
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            copy.setObjectProperty(property.getKey(), property.getValue());
        }
        return copy;
    }

    private static BytesMessage bytes(Session session, byte[] body) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return message;
    }

    private static String dlq(String channel) {
        return "hub.dlq." + channel;
    }
}
