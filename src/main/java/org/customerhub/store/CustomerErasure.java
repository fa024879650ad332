package org.customerhub.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.customerhub.canonical.Interaction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Erases a customer's personal data in one transaction: every id the customer had (merged-away ones too), their keys,
 * names and contact data, blocking keys, possible matches and kept-apart decisions, the change events about them, and
 * the content of every archived message that concerns them. Their interactions stay for reporting, anonymous (no
 * customer), with channel, type, time, amount and margin but without notes or incident texts. An archived message
 * keeps its row with a tombstone for content: the row is the idempotent receiver's record, so a redelivery of an old
 * message still changes nothing.
 */
public final class CustomerErasure {
    /** What an erased message's content becomes; its other columns (channel, ids, times) carry no personal data. */
    public static final byte[] TOMBSTONE = "ERASED".getBytes(StandardCharsets.UTF_8);
    /** The messages that concern any of the ids bound as <ids>: linked at ingest, or named by what they stored. */
    private static final String MESSAGES = """
            SELECT message_id FROM message_customer WHERE hub_id IN (<ids>)
            UNION SELECT message_id FROM attribute_value WHERE hub_id IN (<ids>)
            UNION SELECT message_id FROM interaction WHERE hub_id IN (<ids>)
            UNION SELECT message_id FROM change_event WHERE hub_id IN (<ids>)
            UNION SELECT message_id FROM merge_log WHERE survivor IN (<ids>) OR merged IN (<ids>)""";

    private final Jdbi jdbi;
    private final CustomerStore store;
    private final AttributeCodec codec = new AttributeCodec();

    /** How much was erased; no personal data, so it can be audited and answered. */
    public record Erased(String hubId, int ids, int keys, int values, int messages, int events, int interactions) {
    }

    public CustomerErasure(CustomerStore store) {
        this.jdbi = store.jdbi();
        this.store = store;
    }

    /** Erases the customer this id belongs to (a merged-away id leads to its survivor); empty when no customer has it. */
    public Optional<Erased> erase(String hubId) {
        return jdbi.inTransaction(handle -> {
            Optional<String> survivor = store.on(handle).survivorOf(hubId);
            if (survivor.isEmpty()) {
                return Optional.empty();
            }
            List<String> ids = List.copyOf(store.on(handle).idsOf(survivor.get()));
            // first: it waits for a reminder check that may be writing these customers' reminders
            new ReminderRows(handle).forget(ids);
            int messages = handle.createUpdate("UPDATE raw_message SET content = :tombstone WHERE message_id IN (" + MESSAGES + ")")
                    .bind("tombstone", TOMBSTONE).bindList("ids", ids).execute();
            int interactions = anonymiseInteractions(handle, ids);
            execute(handle, "DELETE FROM change_event_unpublished WHERE hub_id IN (<ids>)", ids);
            int events = execute(handle, "DELETE FROM change_event WHERE hub_id IN (<ids>)", ids);
            int keys = execute(handle, "DELETE FROM identifier WHERE hub_id IN (<ids>)", ids);
            int values = execute(handle, "DELETE FROM attribute_value WHERE hub_id IN (<ids>)", ids);
            execute(handle, "DELETE FROM blocking_key WHERE hub_id IN (<ids>)", ids);
            execute(handle, "DELETE FROM possible_match WHERE hub_id IN (<ids>) OR other_hub_id IN (<ids>)", ids);
            execute(handle, "DELETE FROM kept_apart WHERE hub_id IN (<ids>) OR other_hub_id IN (<ids>)", ids);
            execute(handle, "DELETE FROM message_customer WHERE hub_id IN (<ids>)", ids);
            execute(handle, "DELETE FROM customer_value WHERE hub_id IN (<ids>)", ids);
            execute(handle, "DELETE FROM reminder WHERE hub_id IN (<ids>)", ids);
            execute(handle, "DELETE FROM customer_split WHERE hub_id IN (<ids>) OR split_into IN (<ids>)", ids);
            execute(handle, "DELETE FROM merge_log WHERE survivor IN (<ids>) OR merged IN (<ids>)", ids);
            execute(handle, "UPDATE customer SET merged_into = NULL WHERE hub_id IN (<ids>)", ids);
            execute(handle, "DELETE FROM customer WHERE hub_id IN (<ids>)", ids);
            return Optional.of(new Erased(survivor.get(), ids.size(), keys, values, messages, events, interactions));
        });
    }

    /** Interactions lose their customer, notes, incident texts and details; what reporting totals need stays. */
    private int anonymiseInteractions(Handle handle, List<String> ids) {
        List<Map.Entry<Long, String>> rows = handle.createQuery("SELECT id, detail_xml FROM interaction WHERE hub_id IN (<ids>)")
                .bindList("ids", ids).map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).list();
        for (Map.Entry<Long, String> row : rows) {
            Interaction detail = codec.interactionFromXml(row.getValue());
            detail.setNote(null);
            detail.getIncident().forEach(incident -> incident.setValue(""));
            // a procurement order's comments and contacts may name people
            detail.getDetail().clear();
            handle.createUpdate("UPDATE interaction SET hub_id = NULL, detail_xml = :detail WHERE id = :id")
                    .bind("detail", codec.toXml(detail)).bind("id", row.getKey()).execute();
        }
        return rows.size();
    }

    private static int execute(Handle handle, String sql, List<String> ids) {
        return handle.createUpdate(sql).bindList("ids", ids).execute();
    }
}
