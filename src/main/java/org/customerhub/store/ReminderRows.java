package org.customerhub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.customerhub.canonical.Interaction;
import org.jdbi.v3.core.Handle;

/** Replenishment reminders in a transaction (table reminder, README: Replenishment reminders). */
public final class ReminderRows {
    /** The interaction types that are a purchase of their lines' SKUs. */
    static final String PURCHASES = "'CATALOGUE_ORDER', 'STORE_SALE', 'CONTRACT_ORDER', 'WEB_ORDER', 'PROCUREMENT_ORDER'";

    private final Handle handle;
    private final AttributeCodec codec = new AttributeCodec();

    ReminderRows(Handle handle) {
        this.handle = handle;
    }

    public record Reminder(long id, String hubId, String sku, String source, Instant basisAt, Instant expectedAt,
                           Instant dueAt, String state, String eventId, Instant decidedAt, boolean published) {
    }

    /**
     * Adds an upcoming reminder unless one for the same customer, SKU, source and basis exists; true when added.
     * setAt: the time of the REMINDER_SET a WEB reminder was asked for, null for one planned from purchases.
     */
    public boolean plan(String hubId, String sku, String source, Instant basisAt, Instant expectedAt, Instant dueAt,
                        Instant setAt) {
        return handle.createUpdate("""
                        INSERT INTO reminder (hub_id, sku, source, basis_at, expected_at, due_at, state, published, set_at)
                        SELECT :hubId, :sku, :source, :basisAt, :expectedAt, :dueAt, 'UPCOMING', FALSE, :setAt
                        WHERE NOT EXISTS (SELECT 1 FROM reminder WHERE hub_id = :hubId AND sku = :sku AND source = :source
                                          AND basis_at = :basisAt)""")
                .bind("hubId", hubId).bind("sku", sku).bind("source", source).bind("basisAt", utc(basisAt))
                .bind("expectedAt", utc(expectedAt)).bind("dueAt", utc(dueAt))
                .bind("setAt", setAt == null ? null : utc(setAt)).execute() == 1;
    }

    /**
     * A later REMINDER_SET for the customer's SKU replaces what earlier ones asked for: their upcoming reminders become
     * REPLACED; how many.
     */
    public int replaceEarlierRequests(String hubId, String sku, Instant setAt, Instant now) {
        return handle.createUpdate("""
                        UPDATE reminder SET state = 'REPLACED', decided_at = :now
                        WHERE hub_id = :hubId AND sku = :sku AND source = 'WEB' AND state = 'UPCOMING' AND set_at < :setAt""")
                .bind("hubId", hubId).bind("sku", sku).bind("setAt", utc(setAt)).bind("now", utc(now)).execute();
    }

    /** Upcoming reminders due by now, oldest first. */
    public List<Reminder> due(Instant now, int limit) {
        return handle.createQuery("SELECT * FROM reminder WHERE state = 'UPCOMING' AND due_at <= :now ORDER BY due_at, id")
                .bind("now", utc(now)).setMaxRows(limit).map((rs, ctx) -> row(rs)).list();
    }

    /**
     * Moves an upcoming reminder to SENT or SUPPRESSED; false when another transaction decided it first, which then
     * owns it.
     */
    public boolean decide(long id, String state, String eventId, Instant now) {
        return handle.createUpdate("""
                        UPDATE reminder SET state = :state, event_id = :eventId, decided_at = :now
                        WHERE id = :id AND state = 'UPCOMING'""")
                .bind("id", id).bind("state", state).bind("eventId", eventId).bind("now", utc(now)).execute() == 1;
    }

    /** Sent reminders whose event and channel message are not yet known to be on the broker. */
    public List<Reminder> unpublished() {
        return handle.createQuery("SELECT * FROM reminder WHERE state = 'SENT' AND published = FALSE ORDER BY id")
                .map((rs, ctx) -> row(rs)).list();
    }

    public void published(long id) {
        handle.createUpdate("UPDATE reminder SET published = TRUE WHERE id = :id").bind("id", id).execute();
    }

    /** A customer's reminders, the next expected first. */
    public List<Reminder> ofCustomer(String hubId) {
        return handle.createQuery("SELECT * FROM reminder WHERE hub_id = :hubId ORDER BY expected_at DESC, id DESC")
                .bind("hubId", hubId).map((rs, ctx) -> row(rs)).list();
    }

    /**
     * A merge moves the merged-away customer's reminders to the survivor. Where both have an upcoming reminder for the
     * same SKU and source, the one from the later basis (the later purchase or request, the one planning would make
     * from their joint history) stays upcoming and the other becomes MERGED, so the customer is reminded once.
     */
    public void merge(String survivor, String merged, OffsetDateTime now) {
        handle.createUpdate("""
                        UPDATE reminder SET state = 'MERGED', decided_at = :now
                        WHERE state = 'UPCOMING' AND hub_id IN (:survivor, :merged) AND EXISTS (
                            SELECT 1 FROM reminder other WHERE other.state = 'UPCOMING'
                            AND other.hub_id IN (:survivor, :merged) AND other.hub_id <> reminder.hub_id
                            AND other.sku = reminder.sku AND other.source = reminder.source
                            AND (other.basis_at > reminder.basis_at
                                 OR other.basis_at = reminder.basis_at AND other.hub_id = :survivor))""")
                .bind("survivor", survivor).bind("merged", merged).bind("now", now).execute();
        // a reminder of the same basis as one the survivor has is the same reminder: it stays with the merged-away id
        handle.createUpdate("""
                        UPDATE reminder SET hub_id = :survivor WHERE hub_id = :merged AND NOT EXISTS (
                            SELECT 1 FROM reminder kept WHERE kept.hub_id = :survivor AND kept.sku = reminder.sku
                            AND kept.source = reminder.source AND kept.basis_at = reminder.basis_at)""")
                .bind("survivor", survivor).bind("merged", merged).execute();
    }

    /**
     * Whether the customer bought the SKU in any channel after a time (a cancelled order does not count). The stream is
     * closed here: one that stops at its first match would otherwise keep the statement open until the transaction
     * ends, and H2 parses a statement again while an earlier use of it is open.
     */
    public boolean boughtSince(String hubId, String sku, Instant since) {
        try (Stream<String> details = handle.createQuery("SELECT detail_xml FROM interaction WHERE hub_id = :hubId"
                        + " AND occurred_at > :since AND type IN (" + PURCHASES + ")"
                        + " AND detail_xml NOT LIKE '%status=\"CANCELLED\"%'")
                .bind("hubId", hubId).bind("since", utc(since)).mapTo(String.class).stream()) {
            return details.map(codec::interactionFromXml).anyMatch(interaction -> contains(interaction, sku));
        }
    }

    static boolean contains(Interaction interaction, String sku) {
        return interaction.getLine().stream().anyMatch(line -> sku.equals(line.getSku()) && line.getQuantity() > 0);
    }

    private static Reminder row(ResultSet rs) throws SQLException {
        return new Reminder(rs.getLong("id"), rs.getString("hub_id"), rs.getString("sku"), rs.getString("source"),
                instant(rs, "basis_at"), instant(rs, "expected_at"), instant(rs, "due_at"), rs.getString("state"),
                rs.getString("event_id"), instant(rs, "decided_at"), rs.getBoolean("published"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
