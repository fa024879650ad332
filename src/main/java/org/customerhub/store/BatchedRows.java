package org.customerhub.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.customerhub.store.StoreRows.ArchivedMessage;
import org.customerhub.store.StoreRows.FirstDelivery;
import org.customerhub.store.StoreRows.InteractionRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The rows a load's batch appends that none of its records reads back as rows: the archive, the customers each message
 * concerns, the change events and the interactions. They are kept in order and written when the batch ends, one COPY
 * or JDBC batch per table (see BulkRows), instead of one statement each as a record is applied; the batch's new
 * customers too, first (see NewCustomerRows), and known customers' change times, written before any other statement.
 * The reads that need them are answered here: whether a dedupe key or an interaction is known (in this batch, or in
 * the store as looked up for the whole batch at its start); a step that reads those tables otherwise (a merge moves
 * interactions, a split reads the archive) writes them out first. No savepoint is set while rows are kept
 * (StoreTransaction refuses one): a batch that fails is undone whole, kept rows and all.
 */
final class BatchedRows {
    /** Keys in one look-up: well under PostgreSQL's 65,535 parameters. */
    private static final int KEYS_PER_QUERY = 1000;

    private record Concern(String messageId, String hubId) {
    }

    private record Event(String eventId, String messageId, String hubId, String payload, OffsetDateTime createdAt) {
    }

    private final Rows<ArchivedMessage> archived = new Rows<>(message -> List.of(message.channel(), message.dedupeKey()));
    private final Rows<Concern> concerns = new Rows<>(concern -> null);
    private final Rows<Event> events = new Rows<>(event -> null);
    private final Rows<InteractionRow> interactions = new Rows<>(BatchedRows::interactionKey);
    /** The first deliveries the store held of the dedupe keys looked up (channel and key); absent: none. */
    private final Map<List<String>, FirstDelivery> storedDeliveries = new HashMap<>();
    private final Set<List<String>> deliveriesLookedUp = new HashSet<>();
    /** The interactions (channel, type and source id) of those looked up that the store held. */
    private final Set<List<String>> storedInteractions = new HashSet<>();
    private final Set<List<String>> interactionsLookedUp = new HashSet<>();
    /** Known customers' change times, kept as the new customers are (see touch). */
    private final Map<String, OffsetDateTime> touched = new LinkedHashMap<>();
    /** The customers the batch created, kept until a statement other than theirs (see NewCustomerRows). */
    private final NewCustomerRows newCustomers = new NewCustomerRows();
    /** Whether the rows go by COPY (see BulkRows). */
    private final boolean postgres;
    /** Told of each new customer as its rows are written. */
    private final NewCustomerRows.Written newCustomersWritten;

    /**
     * Looks up in the store, a query per channel and thousand keys, which of these dedupe keys (channel and key) and
     * interactions (channel, type and source id) it holds.
     */
    BatchedRows(Handle handle, boolean postgres, Collection<List<String>> dedupeKeys, Collection<List<String>> interactionKeys,
                NewCustomerRows.Written newCustomersWritten) {
        this.postgres = postgres;
        this.newCustomersWritten = newCustomersWritten;
        // a join with the keys as a table, not an IN list: H2 looks an IN list up by index only on an index's first
        // column, and read all of a channel's archive for each batch
        byChannel(dedupeKeys, 1).forEach((channel, keys) -> chunks(keys).forEach(chunk -> withKeys(handle, """
                        SELECT k.wanted, r.message_id, r.broker_message_id, d.broker_message_id IS NOT NULL AS dead_lettered
                        FROM %s JOIN raw_message r ON r.channel = :channel AND r.dedupe_key = k.wanted
                        LEFT JOIN dead_lettered_delivery d ON d.broker_message_id = r.broker_message_id""", chunk)
                .bind("channel", channel)
                .map((rs, ctx) -> Map.entry(List.of(channel, rs.getString("wanted")), new FirstDelivery(
                        rs.getString("message_id"), rs.getString("broker_message_id"), rs.getBoolean("dead_lettered"))))
                .forEach(found -> storedDeliveries.put(found.getKey(), found.getValue()))));
        dedupeKeys.forEach(key -> deliveriesLookedUp.add(List.copyOf(key)));
        // an interaction without an id is never looked up: the store's insert is asked for it, as for any not looked up
        List<List<String>> complete = interactionKeys.stream().filter(key -> !key.contains(null)).toList();
        byChannel(complete, 2).forEach((channel, sourceIds) -> chunks(sourceIds).forEach(chunk -> withKeys(handle, """
                        SELECT i.type, i.source_id FROM %s
                        JOIN interaction i ON i.channel = :channel AND i.source_id = k.wanted""", chunk)
                .bind("channel", channel)
                .map((rs, ctx) -> List.of(channel, rs.getString("type"), rs.getString("source_id")))
                .forEach(storedInteractions::add)));
        complete.forEach(key -> interactionsLookedUp.add(List.copyOf(key)));
    }

    /** A query whose %s is the keys as a table k of one column, wanted. */
    private static Query withKeys(Handle handle, String sql, List<String> keys) {
        String rows = IntStream.range(0, keys.size()).mapToObj(i -> "(:wanted" + i + ")").collect(Collectors.joining(", "));
        Query query = handle.createQuery(sql.formatted("(VALUES " + rows + ") AS k (wanted)"));
        for (int i = 0; i < keys.size(); i++) {
            query.bind("wanted" + i, keys.get(i));
        }
        return query;
    }

    /** The part at index of each key, by the key's first part (its channel). */
    private static Map<String, List<String>> byChannel(Collection<List<String>> keys, int index) {
        Map<String, List<String>> grouped = new HashMap<>();
        keys.forEach(key -> grouped.computeIfAbsent(key.get(0), channel -> new ArrayList<>()).add(key.get(index)));
        return grouped;
    }

    private static List<List<String>> chunks(List<String> values) {
        List<String> distinct = values.stream().distinct().toList();
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += KEYS_PER_QUERY) {
            chunks.add(distinct.subList(from, Math.min(distinct.size(), from + KEYS_PER_QUERY)));
        }
        return chunks;
    }

    private static List<String> interactionKey(InteractionRow row) {
        return Arrays.asList(row.channel(), row.type(), row.sourceId());
    }

    /**
     * The first delivery of a dedupe key when this batch knows it: archived earlier in the batch, or looked up at its
     * start; empty when the store must be asked.
     */
    Optional<Optional<FirstDelivery>> firstDelivery(String channel, String dedupeKey) {
        List<String> key = List.of(channel, dedupeKey);
        ArchivedMessage message = archived.byKey.get(key);
        if (message != null) {
            // a load's records come with no broker message, so none of them was dead-lettered; a message that came
            // with one is asked of the store, once it holds the rows
            return message.brokerMessageId() == null
                    ? Optional.of(Optional.of(new FirstDelivery(message.messageId(), null, false))) : Optional.empty();
        }
        return deliveriesLookedUp.contains(key) ? Optional.of(Optional.ofNullable(storedDeliveries.get(key))) : Optional.empty();
    }

    void archive(ArchivedMessage message) {
        archived.add(message);
    }

    void concerns(String messageId, String hubId) {
        concerns.add(new Concern(messageId, hubId));
    }

    void event(String eventId, String messageId, String hubId, String payload, OffsetDateTime createdAt) {
        events.add(new Event(eventId, messageId, hubId, payload, createdAt));
    }

    /**
     * Adds an interaction as the store's insert would (once per channel, type and source id): answers whether it was
     * added, or empty when this batch does not know whether the store holds it.
     */
    Optional<Boolean> addInteraction(InteractionRow row) {
        List<String> key = interactionKey(row);
        if (!interactionsLookedUp.contains(key)) {
            return Optional.empty();
        }
        if (storedInteractions.contains(key) || interactions.byKey.containsKey(key)) {
            return Optional.of(false);
        }
        interactions.add(row);
        return Optional.of(true);
    }

    /** Interactions are asked of the store from now on: some it held at the batch's start are gone (a split). */
    void forgetStoredInteractions() {
        interactionsLookedUp.clear();
        storedInteractions.clear();
    }

    NewCustomerRows newCustomers() {
        return newCustomers;
    }

    /** A customer's last change time: kept until the customers' rows are written, the last time given wins. */
    void touch(String hubId, OffsetDateTime at) {
        touched.put(hubId, at);
    }

    /**
     * Writes the kept new customers' rows (see NewCustomerRows#write), then the change times kept, one JDBC batch: a
     * known customer's order was a statement of its own otherwise.
     */
    void writeCustomers(Handle handle) {
        newCustomers.write(handle, postgres, newCustomersWritten);
        if (touched.isEmpty()) {
            return;
        }
        PreparedBatch touches = handle.prepareBatch("UPDATE customer SET updated_at = :at WHERE hub_id = :id");
        touched.forEach((hubId, at) -> touches.bind("id", hubId).bind("at", at).add());
        touches.execute();
        touched.clear();
    }

    /** Writes the rows not written yet, in the order they came: customers' first, then the archive. */
    void write(Handle handle) {
        writeCustomers(handle);
        archived.write(handle, postgres, "raw_message", """
                message_id, channel, dedupe_key, document_type, document_id, broker_message_id, received_at, text_body,
                content""", message -> new Object[] {message.messageId(), message.channel(), message.dedupeKey(),
                message.documentType(), message.documentId(), message.brokerMessageId(), message.receivedAt(),
                message.textBody(), message.content()});
        interactions.write(handle, postgres, "interaction", """
                hub_id, channel, type, source_id, reference, occurred_at, amount, currency, cost, margin, incident, detail_xml,
                message_id""", row -> new Object[] {row.hubId(), row.channel(), row.type(), row.sourceId(), row.reference(),
                row.occurredAt(), row.amount(), row.currency(), row.cost(), row.margin(), row.incident(), row.detailXml(),
                row.messageId()});
        concerns.write(handle, postgres, "message_customer", "message_id, hub_id",
                concern -> new Object[] {concern.messageId(), concern.hubId()});
        events.write(handle, postgres, "change_event", "event_id, message_id, hub_id, payload, created_at",
                event -> new Object[] {event.eventId(), event.messageId(), event.hubId(), event.payload(), event.createdAt()});
    }

    /** One table's rows: those before written are in the database, the rest kept here; by key where rows have one. */
    private static final class Rows<T> {
        final List<T> rows = new ArrayList<>();
        final Map<List<String>, T> byKey = new HashMap<>();
        final Function<T, List<String>> keyOf;
        int written;

        Rows(Function<T, List<String>> keyOf) {
            this.keyOf = keyOf;
        }

        void add(T row) {
            rows.add(row);
            List<String> key = keyOf.apply(row);
            if (key != null) {
                byKey.putIfAbsent(key, row);
            }
        }

        void write(Handle handle, boolean postgres, String table, String columns, Function<T, Object[]> values) {
            if (written == rows.size()) {
                return;
            }
            BulkRows.write(handle, postgres, table, columns,
                    rows.subList(written, rows.size()).stream().map(values).toList());
            written = rows.size();
        }
    }

}
