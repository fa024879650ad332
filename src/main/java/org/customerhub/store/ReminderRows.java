package org.customerhub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.customerhub.canonical.Interaction;
import org.customerhub.value.Replenishment.Pace;
import org.customerhub.value.Replenishment.Purchases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/** Replenishment reminders in a transaction (table reminder, README: Replenishment reminders). */
public final class ReminderRows {
    /**
     * Marks oldest first, ordered as their index (summed, id) so the database stops after the limit: ORDER BY id alone
     * had H2 sort every mark for each batch, and the check after a store of a million customers was seeded took hours.
     */
    static final String PENDING = """
            SELECT id, hub_id FROM reminder_pending WHERE summed = :summed AND id <= :upTo
            ORDER BY summed, id LIMIT :limit""";
    /** Due reminders oldest first, ordered as their index (state, due_at) so the database stops after the limit. */
    static final String DUE = """
            SELECT * FROM reminder WHERE state = 'UPCOMING' AND due_at <= :now
            ORDER BY state, due_at, id LIMIT :limit""";
    /** Interactions above the watermark, in the primary key's order. */
    static final String INTERACTIONS_AFTER = "SELECT id, hub_id, type FROM interaction WHERE id > :upTo ORDER BY id LIMIT :limit";
    /** Requests to plan again, in the order of their index on replan_at. */
    static final String TO_REPLAN = "SELECT * FROM reminder_pair WHERE replan_at <= :now ORDER BY replan_at LIMIT :limit";

    /** The interaction types that are a purchase of their lines' SKUs. */
    private static final List<String> PURCHASE_TYPES = List.of("CATALOGUE_ORDER", "STORE_SALE", "CONTRACT_ORDER", "WEB_ORDER",
            "PROCUREMENT_ORDER");
    static final String PURCHASES = PURCHASE_TYPES.stream().map(type -> "'" + type + "'").collect(Collectors.joining(", "));
    /** The interaction types reminders are planned from: the purchases and the web shop's REMINDER_SET. */
    private static final Set<String> PLANNED_FROM = Stream.concat(PURCHASE_TYPES.stream(), Stream.of("REMINDER"))
            .collect(Collectors.toUnmodifiableSet());
    private static final String NOT_CANCELLED = "detail_xml NOT LIKE '%status=\"CANCELLED\"%'";

    private final Handle handle;
    private final AttributeCodec codec = new AttributeCodec();

    ReminderRows(Handle handle) {
        this.handle = handle;
    }

    /** An interaction as the watermark reads it: its id, its customer (null for an anonymous one) and its type. */
    public record Seen(long id, String hubId, String type) {
        /** Whether reminders are planned from it: a known customer's purchase or REMINDER_SET. */
        public boolean plannedFrom() {
            return hubId != null && ReminderRows.plannedFrom(type);
        }
    }

    /** A customer marked for the next check (table reminder_pending). */
    public record Pending(long id, String hubId) {
    }

    /**
     * What planning keeps of a customer and SKU (table reminder_pair): their purchases of it, their latest
     * REMINDER_SET for it (setAt and everyDays, null when none) and when that request's next reminder is planned.
     */
    public record Pair(String hubId, String sku, Purchases purchases, Instant setAt, Integer everyDays, Instant replanAt) {
        public boolean requested() {
            return setAt != null;
        }
    }

    public interface PlanningInput {
        void accept(String hubId, String type, Instant at, Interaction interaction);
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
        return handle.createQuery(DUE)
                .bind("now", utc(now)).bind("limit", limit).map((rs, ctx) -> row(rs)).list();
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
        // the survivor's reminders are planned from the joint history, the merged-away id's share leaves the sums
        changed(survivor);
        changed(merged);
    }

    /** Whether interactions of this type are a purchase or a REMINDER_SET, which reminders are planned from. */
    static boolean plannedFrom(String type) {
        return PLANNED_FROM.contains(type);
    }

    /**
     * Marks a customer whose purchases or REMINDER_SETs the next check is to read again: one of a new interaction the
     * check found, or one whose history changed without one (in the transaction of that change).
     */
    public void changed(String hubId) {
        handle.createUpdate("INSERT INTO reminder_pending (hub_id) VALUES (:hubId)").bind("hubId", hubId).execute();
    }

    public void changed(Collection<String> hubIds) {
        if (!hubIds.isEmpty()) {
            PreparedBatch marks = handle.prepareBatch("INSERT INTO reminder_pending (hub_id) VALUES (:hubId)");
            hubIds.forEach(hubId -> marks.bind("hubId", hubId).add());
            marks.execute();
        }
    }

    /** Marks the customer who holds a restated interaction (an order cancelled, say) for the next check. */
    void restated(String channel, String type, String sourceId) {
        handle.createUpdate("""
                        INSERT INTO reminder_pending (hub_id) SELECT hub_id FROM interaction
                        WHERE channel = :channel AND type = :type AND source_id = :sourceId AND hub_id IS NOT NULL""")
                .bind("channel", channel).bind("type", type).bind("sourceId", sourceId).execute();
    }

    /**
     * Waits for and holds, until this transaction ends, the one lock of reminder planning: one planning transaction at
     * a time, across hub nodes, moves a customer's share of the SKU sums, so none is counted twice. Answers the
     * watermark: the highest interaction id the checks have read up to.
     */
    public long lockPlanning() {
        return handle.createQuery("SELECT interaction_upto FROM reminder_planner WHERE id = 1 FOR UPDATE")
                .mapTo(Long.class).one();
    }

    /** Up to limit interactions above the watermark, by id (the primary key's order). */
    public List<Seen> interactionsAfter(long upTo, int limit) {
        return handle.createQuery(INTERACTIONS_AFTER)
                .bind("upTo", upTo).bind("limit", limit).map((rs, ctx) -> new Seen(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** The interactions of ids the watermark passed while they were missing that are there now. */
    public List<Seen> gapsFilled() {
        return handle.createQuery("""
                        SELECT i.id, i.hub_id, i.type FROM reminder_gap g JOIN interaction i ON i.id = g.interaction_id""")
                .map((rs, ctx) -> new Seen(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /**
     * Moves the watermark to upTo, noting the ids it passed that were missing and forgetting those found now and those
     * missing since before forgetBefore.
     */
    public void advance(long upTo, Collection<Long> missing, Collection<Long> found, Instant now, Instant forgetBefore) {
        handle.createUpdate("UPDATE reminder_planner SET interaction_upto = :upTo WHERE id = 1").bind("upTo", upTo).execute();
        if (!found.isEmpty()) {
            handle.createUpdate("DELETE FROM reminder_gap WHERE interaction_id IN (<ids>)").bindList("ids", List.copyOf(found))
                    .execute();
        }
        handle.createUpdate("DELETE FROM reminder_gap WHERE noticed_at < :before").bind("before", utc(forgetBefore)).execute();
        if (!missing.isEmpty()) {
            PreparedBatch gaps = handle.prepareBatch("INSERT INTO reminder_gap (interaction_id, noticed_at) VALUES (:id, :now)");
            missing.forEach(id -> gaps.bind("id", id).bind("now", utc(now)).add());
            gaps.execute();
        }
    }

    /** The newest mark so far: a check works through the marks up to it, later ones wait for the next check. */
    public long lastPending() {
        return handle.createQuery("SELECT COALESCE(MAX(id), 0) FROM reminder_pending").mapTo(Long.class).one();
    }

    /** Up to limit marks up to upTo, oldest first: not yet counted into the sums (summed false), or counted. */
    public List<Pending> pending(boolean summed, long upTo, int limit) {
        return handle.createQuery(PENDING)
                .bind("summed", summed).bind("upTo", upTo).bind("limit", limit)
                .map((rs, ctx) -> new Pending(rs.getLong(1), rs.getString(2))).list();
    }

    public void summed(Collection<Pending> marks) {
        handle.createUpdate("UPDATE reminder_pending SET summed = TRUE WHERE id IN (<ids>)")
                .bindList("ids", marks.stream().map(Pending::id).toList()).execute();
    }

    public void planned(Collection<Pending> marks) {
        handle.createUpdate("DELETE FROM reminder_pending WHERE id IN (<ids>)")
                .bindList("ids", marks.stream().map(Pending::id).toList()).execute();
    }

    /**
     * These customers' purchases and REMINDER_SETs (interaction REMINDER), cancelled orders left out: what their
     * reminders are planned from, read through the interactions' customer index.
     */
    public void forEachPlanningInput(Collection<String> hubIds, PlanningInput each) {
        try (var rows = handle.createQuery("SELECT hub_id, type, occurred_at, detail_xml FROM interaction"
                        + " WHERE hub_id IN (<ids>) AND type IN (" + PURCHASES + ", 'REMINDER') AND " + NOT_CANCELLED)
                .bindList("ids", List.copyOf(hubIds))
                .map((rs, ctx) -> new Object[] {rs.getString("hub_id"), rs.getString("type"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("detail_xml")})
                .stream()) {
            rows.forEach(row -> each.accept((String) row[0], (String) row[1], (Instant) row[2],
                    codec.interactionFromXml((String) row[3])));
        }
    }

    /** What planning keeps of these customers, every SKU of theirs. */
    public List<Pair> pairs(Collection<String> hubIds) {
        return handle.createQuery("SELECT * FROM reminder_pair WHERE hub_id IN (<ids>)")
                .bindList("ids", List.copyOf(hubIds)).map((rs, ctx) -> pair(rs)).list();
    }

    /** Up to limit customers' requests whose next reminder is to be planned by now (through the replan_at index). */
    public List<Pair> toReplan(Instant now, int limit) {
        return handle.createQuery(TO_REPLAN)
                .bind("now", utc(now)).bind("limit", limit).map((rs, ctx) -> pair(rs)).list();
    }

    public void savePair(Pair pair) {
        int updated = bindPair(handle.createUpdate("""
                        UPDATE reminder_pair SET purchases = :purchases, first_purchase = :first, last_purchase = :last,
                               set_at = :setAt, every_days = :everyDays, replan_at = :replanAt
                        WHERE hub_id = :hubId AND sku = :sku"""), pair).execute();
        if (updated == 0) {
            bindPair(handle.createUpdate("""
                            INSERT INTO reminder_pair (hub_id, sku, purchases, first_purchase, last_purchase, set_at,
                                                       every_days, replan_at)
                            VALUES (:hubId, :sku, :purchases, :first, :last, :setAt, :everyDays, :replanAt)"""), pair)
                    .execute();
        }
    }

    private static Update bindPair(Update update, Pair pair) {
        return update.bind("hubId", pair.hubId()).bind("sku", pair.sku()).bind("purchases", pair.purchases().count())
                .bindByType("first", nullableUtc(pair.purchases().first()), OffsetDateTime.class)
                .bindByType("last", nullableUtc(pair.purchases().last()), OffsetDateTime.class)
                .bindByType("setAt", nullableUtc(pair.setAt()), OffsetDateTime.class)
                .bindByType("everyDays", pair.everyDays(), Integer.class)
                .bindByType("replanAt", nullableUtc(pair.replanAt()), OffsetDateTime.class);
    }

    public void deletePair(String hubId, String sku) {
        handle.createUpdate("DELETE FROM reminder_pair WHERE hub_id = :hubId AND sku = :sku")
                .bind("hubId", hubId).bind("sku", sku).execute();
    }

    /** When the request's next reminder is to be planned: the expected date of the one just planned. */
    public void replanAt(String hubId, String sku, Instant at) {
        handle.createUpdate("UPDATE reminder_pair SET replan_at = :at WHERE hub_id = :hubId AND sku = :sku")
                .bind("hubId", hubId).bind("sku", sku).bind("at", utc(at)).execute();
    }

    /** The SKUs' paces over every customer; a SKU nobody bought twice has none. */
    public Map<String, Pace> paces(Collection<String> skus) {
        Map<String, Pace> paces = new HashMap<>();
        if (!skus.isEmpty()) {
            handle.createQuery("SELECT sku, span_minutes, intervals FROM reminder_sku WHERE sku IN (<skus>)")
                    .bindList("skus", List.copyOf(skus))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), new Pace(rs.getLong(2), rs.getLong(3))))
                    .forEach(entry -> paces.put(entry.getKey(), entry.getValue()));
        }
        return paces;
    }

    /** Moves a SKU's running sums by a customer's change of share (under {@link #lockPlanning}). */
    public void movePace(String sku, long spanMinutes, long intervals) {
        int updated = handle.createUpdate("""
                        UPDATE reminder_sku SET span_minutes = span_minutes + :span, intervals = intervals + :intervals
                        WHERE sku = :sku""")
                .bind("sku", sku).bind("span", spanMinutes).bind("intervals", intervals).execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO reminder_sku (sku, span_minutes, intervals) VALUES (:sku, :span, :intervals)")
                    .bind("sku", sku).bind("span", spanMinutes).bind("intervals", intervals).execute();
        }
    }

    /**
     * Erasure: what planning keeps of these ids goes, their share taken out of the SKU sums. Takes the planning lock,
     * so it is called before the erasure touches their reminders (a check holding the lock may be writing those).
     */
    void forget(Collection<String> hubIds) {
        lockPlanning();
        List<Pair> pairs = pairs(hubIds);
        Map<String, Pace> shares = new HashMap<>();
        for (Pair pair : pairs) {
            shares.merge(pair.sku(), Pace.NONE.plus(pair.purchases()),
                    (a, b) -> new Pace(a.spanMinutes() + b.spanMinutes(), a.intervals() + b.intervals()));
        }
        shares.forEach((sku, share) -> {
            if (share.intervals() != 0 || share.spanMinutes() != 0) {
                movePace(sku, -share.spanMinutes(), -share.intervals());
            }
        });
        List<String> ids = List.copyOf(hubIds);
        handle.createUpdate("DELETE FROM reminder_pair WHERE hub_id IN (<ids>)").bindList("ids", ids).execute();
        handle.createUpdate("DELETE FROM reminder_pending WHERE hub_id IN (<ids>)").bindList("ids", ids).execute();
    }

    /**
     * Whether the customer bought the SKU in any channel after a time (a cancelled order does not count). The stream is
     * closed here: one that stops at its first match would otherwise keep the statement open until the transaction
     * ends, and H2 parses a statement again while an earlier use of it is open.
     */
    public boolean boughtSince(String hubId, String sku, Instant since) {
        try (Stream<String> details = handle.createQuery("SELECT detail_xml FROM interaction WHERE hub_id = :hubId"
                        + " AND occurred_at > :since AND type IN (" + PURCHASES + ") AND " + NOT_CANCELLED)
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

    private static Pair pair(ResultSet rs) throws SQLException {
        int purchases = rs.getInt("purchases");
        Integer everyDays = rs.getObject("every_days", Integer.class);
        return new Pair(rs.getString("hub_id"), rs.getString("sku"), purchases == 0 ? Purchases.NONE
                : new Purchases(purchases, instant(rs, "first_purchase"), instant(rs, "last_purchase")),
                instant(rs, "set_at"), everyDays, instant(rs, "replan_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime nullableUtc(Instant at) {
        return at == null ? null : utc(at);
    }
}
