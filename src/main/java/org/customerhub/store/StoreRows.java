package org.customerhub.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Rows of the customer store as the layers above read them, with their row mappers written out: Jdbi's
 * ConstructorMapper matches columns to parameters by reflection for every result set, which was a third of what a
 * lookup allocated. Columns are read by name, so a query may select them in any order.
 */
public final class StoreRows {
    /** Named on its own as well: a read of several customers' values maps it beside their hub_id. */
    static final RowMapper<IdentifierRow> IDENTIFIER_ROW = (rs, ctx) -> new IdentifierRow(rs.getString("kind"),
            rs.getString("id_value"), rs.getString("channel"), time(rs, "first_seen"));
    static final RowMapper<AttributeRow> ATTRIBUTE_ROW = (rs, ctx) -> new AttributeRow(rs.getLong("id"),
            rs.getString("attribute"), rs.getString("qualifier"), rs.getString("value_key"), rs.getString("value_json"),
            rs.getString("channel"), rs.getString("message_id"), time(rs, "effective_at"), rs.getString("stated_by"));

    private StoreRows() {
    }

    /** The mapper of each row type the store reads. */
    static Map<Class<?>, RowMapper<?>> mappers() {
        return Map.of(
                CustomerRow.class, (RowMapper<CustomerRow>) (rs, ctx) -> new CustomerRow(rs.getString("hub_id"),
                        time(rs, "created_at"), time(rs, "updated_at"), rs.getString("merged_into"),
                        time(rs, "split_at")),
                IdentifierRow.class, IDENTIFIER_ROW,
                AttributeRow.class, ATTRIBUTE_ROW,
                InteractionRow.class, (RowMapper<InteractionRow>) (rs, ctx) -> new InteractionRow(rs.getString("hub_id"),
                        rs.getString("channel"), rs.getString("type"), rs.getString("source_id"), rs.getString("reference"),
                        time(rs, "occurred_at"), rs.getBigDecimal("amount"), rs.getString("currency"),
                        rs.getBigDecimal("cost"), rs.getBigDecimal("margin"), rs.getBoolean("incident"),
                        rs.getString("detail_xml"), rs.getString("message_id")),
                PossibleMatchRow.class, (RowMapper<PossibleMatchRow>) (rs, ctx) -> new PossibleMatchRow(
                        rs.getString("other_hub_id"), rs.getDouble("score"), time(rs, "since")),
                FirstDelivery.class, (RowMapper<FirstDelivery>) (rs, ctx) -> new FirstDelivery(rs.getString("message_id"),
                        rs.getString("broker_message_id"), rs.getBoolean("dead_lettered")));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    /** splitAt is set on an id whose customer an agent split: it has no data of its own and answers with its parts. */
    public record CustomerRow(String hubId, OffsetDateTime createdAt, OffsetDateTime updatedAt, String mergedInto,
                              OffsetDateTime splitAt) {
    }

    /** An archived message as a split replays it: what it was, when the hub took it, and its content as received. */
    public record ArchivedContent(String messageId, String channel, String documentType, OffsetDateTime receivedAt,
                                  boolean textBody, byte[] content) {
    }

    public record IdentifierRow(String kind, String idValue, String channel, OffsetDateTime firstSeen) {
    }

    /** A customer's identifiers (by kind, then value) and values (by attribute, then oldest first), as read. */
    public record FoundCustomer(List<IdentifierRow> identifiers, List<AttributeRow> attributes) {
    }

    /** statedBy names the person who stated the value, where one did (an agent's correction); null otherwise. */
    public record AttributeRow(long id, String attribute, String qualifier, String valueKey, String valueJson,
                               String channel, String messageId, OffsetDateTime effectiveAt, String statedBy) {
    }

    /**
     * One value of an attribute as a channel states it: its qualifier (an address's use, a preference's key, an
     * organisation), the key it is compared by, and the value itself as JSON.
     */
    public record StatedValue(String attribute, String qualifier, String valueKey, String valueJson) {
    }

    /** The attributes identity scores people by. */
    static final List<String> IDENTITY_ATTRIBUTES = List.of("name", "address", "phone", "email");

    /** A value identity scores by: its attribute (name, email, phone, address) and the value as JSON. */
    public record IdentityValue(String attribute, String valueJson) {
    }

    /** One person's candidate search: the identifiers (kind and value) whose holders it asks, and the blocking keys. */
    public record CandidateQuery(List<List<String>> identifiers, Collection<String> blockingKeys, int limit) {
    }

    /**
     * The first read of identity resolution: each identifier asked (kind and value) with its live holder, if any; the
     * customers sharing blocking keys, best first, each with how many keys it shares and its identity values.
     */
    public record CandidateSearch(Map<List<String>, Optional<String>> holders, Map<String, Integer> shared,
                                  Map<String, List<IdentityValue>> sharing) {
    }

    /** Where stated values come from: the channel, the message, when they held, and who stated them (an agent; else null). */
    public record Provenance(String channel, String messageId, OffsetDateTime effectiveAt, String statedBy) {
    }

    public record InteractionRow(String hubId, String channel, String type, String sourceId, String reference, OffsetDateTime occurredAt,
                                 BigDecimal amount, String currency, BigDecimal cost, BigDecimal margin, boolean incident,
                                 String detailXml, String messageId) {
    }

    /** Two customers offered as one person, with the lifetime value of each where the model gave one. */
    public record ReviewPair(String hubId, String otherHubId, double score, OffsetDateTime since, Double valueA,
                             Double valueB) {
    }

    public record PossibleMatchRow(String otherHubId, double score, OffsetDateTime since) {
    }

    /** brokerMessageId is the broker's own id of the message it was taken from; null for one taken over HTTP. */
    public record ArchivedMessage(String messageId, String channel, String dedupeKey, String documentType,
                                  String documentId, String brokerMessageId, OffsetDateTime receivedAt, boolean textBody,
                                  byte[] content) {
    }

    /**
     * The message a dedupe key was first accepted with: the hub's id of it, the broker's id of the message whose
     * transaction publishes its change events, and whether that one was dead-lettered (and replayed), so never will.
     */
    public record FirstDelivery(String messageId, String brokerMessageId, boolean deadLettered) {
    }
}
