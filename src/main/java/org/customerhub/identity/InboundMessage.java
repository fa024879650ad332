package org.customerhub.identity;

import java.time.OffsetDateTime;

/**
 * An accepted message as the profile update needs it: who sent it, its bytes, and when the hub took it.
 * brokerMessageId is the broker's own id of the message, the same on every redelivery of it; null when it did not come
 * through the broker. dedupeKey is how its transport recognises another copy of it (a document id where the channel's
 * ids are unique, else a hash of its bytes).
 */
public record InboundMessage(String messageId, String brokerMessageId, String dedupeKey, OffsetDateTime receivedAt,
                             boolean textBody, byte[] content) {
}
