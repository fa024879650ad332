package org.customerhub.identity;

import java.util.ArrayList;
import java.util.List;

import org.customerhub.canonical.CustomerChanged;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.StoreTransaction;

/**
 * The outbox of change events: a message's events are written as rows in the transaction that makes its changes, so
 * they exist exactly when the changes do, and handed to the transport as XML to publish in the broker transaction that
 * acknowledges the message. A redelivery or a replay publishes the recorded rows again (see RepeatRule).
 */
final class ChangeEventOutbox {
    private final AttributeCodec codec;

    ChangeEventOutbox(AttributeCodec codec) {
        this.codec = codec;
    }

    /** Records the events of the message and answers them as the XML to publish, in order. */
    List<String> record(StoreTransaction tx, List<CustomerChanged> events, InboundMessage message) {
        List<String> published = new ArrayList<>();
        for (CustomerChanged event : events) {
            String xml = codec.toXml(event);
            tx.recordEvent(event.getEventId(), message.messageId(), event.getHubId(), xml, message.receivedAt());
            published.add(xml);
        }
        return List.copyOf(published);
    }
}
