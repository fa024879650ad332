package org.customerhub.store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** Rows of the customer store as the layers above read them. */
public final class StoreRows {
    private StoreRows() {
    }

    public record CustomerRow(String hubId, OffsetDateTime createdAt, OffsetDateTime updatedAt, String mergedInto) {
    }

    public record IdentifierRow(String kind, String idValue, String channel, OffsetDateTime firstSeen) {
    }

    /** statedBy names the person who stated the value, where one did (an agent's correction); null otherwise. */
    public record AttributeRow(long id, String attribute, String qualifier, String valueKey, String valueJson,
                               String channel, String messageId, OffsetDateTime effectiveAt, String statedBy) {
    }

    public record InteractionRow(String hubId, String channel, String type, String sourceId, String reference, OffsetDateTime occurredAt,
                                 BigDecimal amount, String currency, BigDecimal cost, BigDecimal margin, boolean incident,
                                 String detailXml, String messageId) {
    }

    public record PossibleMatchRow(String otherHubId, double score, OffsetDateTime since) {
    }

    /** brokerMessageId is the broker's own id of the message it was taken from; null for one taken over HTTP. */
    public record ArchivedMessage(String messageId, String channel, String dedupeKey, String documentType,
                                  String documentId, String brokerMessageId, OffsetDateTime receivedAt, boolean textBody,
                                  byte[] content) {
    }

    /** The message a dedupe key was first accepted with: the hub's id of it and the broker's. */
    public record FirstDelivery(String messageId, String brokerMessageId) {
    }
}
