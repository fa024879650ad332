package org.customerhub.identity;

import java.time.OffsetDateTime;

/** An accepted message as the profile update needs it: who sent it, its bytes, and when the hub took it. */
public record InboundMessage(String messageId, String jmsMessageId, OffsetDateTime receivedAt,
                             boolean textBody, byte[] content) {
}
