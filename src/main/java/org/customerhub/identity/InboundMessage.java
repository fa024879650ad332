package org.customerhub.identity;

import java.time.OffsetDateTime;

/**
 * An accepted message as the profile update needs it: who sent it, its bytes, and when the hub took it.
 * brokerMessageId is the broker's own id of the message, the same on every redelivery of it; null when it did not come
 * through the broker.
 */
public record InboundMessage(String messageId, String brokerMessageId, OffsetDateTime receivedAt,
                             boolean textBody, byte[] content) {
}
