package org.customerhub.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.commons.codec.digest.DigestUtils;
import org.customerhub.store.StoreRows.ArchivedContent;
import org.customerhub.store.StoreRows.ArchivedMessage;
import org.customerhub.store.StoreRows.AttributeRow;
import org.customerhub.store.StoreRows.CandidateQuery;
import org.customerhub.store.StoreRows.CandidateSearch;
import org.customerhub.store.StoreRows.CustomerRow;
import org.customerhub.store.StoreRows.FirstDelivery;
import org.customerhub.store.StoreRows.FoundCustomer;
import org.customerhub.store.StoreRows.IdentifierRow;
import org.customerhub.store.StoreRows.IdentityValue;
import org.customerhub.store.StoreRows.InteractionRow;
import org.customerhub.store.StoreRows.PossibleMatchRow;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreRows.StatedValue;
import org.customerhub.store.CustomerStore.Work;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/** The store operations of one unit of work; all of them commit or roll back together. */
public final class StoreTransaction {
    /** Merge chains are short; the bound only guards against a corrupted cycle. */
    private static final int MAX_MERGE_HOPS = 32;
    private static final int MAX_KEY_LENGTH = 200;
    /** Rows in one insert: 9 parameters each, well under PostgreSQL's 65,535 a statement. */
    private static final int ROWS_PER_INSERT = 1000;
    /** The attributes identity scores people by, as an SQL list. */
    private static final String IDENTITY_ATTRIBUTES = StoreRows.IDENTITY_ATTRIBUTES.stream()
            .map(attribute -> "'" + attribute + "'").collect(Collectors.joining(", "));
    /** The candidate search's value columns and their join to the candidates (b): a row a candidate's value. */
    private static final ValueParts VALUES_JOINED = new ValueParts("a.attribute, a.value_json, a.effective_at, a.id",
            "LEFT JOIN attribute_value a ON a.hub_id = b.hub_id AND a.attribute IN (" + IDENTITY_ATTRIBUTES + ")");
    /** The same without values, a row a candidate: they are taken from those kept in memory or read after. */
    private static final ValueParts VALUES_AFTER = new ValueParts("""
            CAST(NULL AS VARCHAR) AS attribute, CAST(NULL AS VARCHAR) AS value_json,
            CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS effective_at, CAST(NULL AS BIGINT) AS id""", "");

    /** The value columns of the candidate search and the join that gives them. */
    private record ValueParts(String columns, String join) {
    }

    private final Handle handle;
    private final boolean postgres;
    /** The lock keys this transaction holds when it is a group commit's; null otherwise (a read, an erasure). */
    private WriteLocks.Held locks;
    /** The rows a load's batch writes at its end (see {@link #withBatchedRows}); null while every row is written at once. */
    private BatchedRows batched;
    private long statementsRun;
    /** A load's customers' identity values, when it has the store to itself (see KeptIdentityValues); null otherwise. */
    private final KeptIdentityValues kept;
    /** The new customers this transaction wrote, to keep once it commits, less those a statement changed since. */
    private final Map<String, List<IdentityValue>> keptOnCommit = new HashMap<>();
    /** A load's customers' blocking keys, when it has the store to itself (see KeptBlockingKeys); null otherwise. */
    private final KeptBlockingKeys keptKeys;
    /** This transaction's changes to the keys of customers kept there, kept there once it commits. */
    private KeptBlockingKeys.Pending keysPending = new KeptBlockingKeys.Pending();
    private final Map<String, KeptBlockingKeys.Pending> keysAtSavepoint = new HashMap<>();
    /**
     * Customers' identifiers and values as read ahead for a load's batch (see readAhead), answered from here while this
     * transaction has not written them: a known customer's order read both, a statement each, and again for its next.
     */
    private final Map<String, FoundCustomer> found = new HashMap<>();
    /** Customers whose identifiers or values this transaction wrote: what was read of them before no longer holds. */
    private final Set<String> writtenCustomers = new HashSet<>();
    /** A channel key moved to another customer: its holder before is not known here, so nothing read before holds. */
    private boolean keyMoved;

    StoreTransaction(Handle handle, boolean postgres, KeptIdentityValues kept, KeptBlockingKeys keptKeys) {
        this.handle = handle;
        this.postgres = postgres;
        this.kept = kept;
        this.keptKeys = keptKeys;
    }

    /** After the commit: the new customers this transaction wrote are kept (see KeptIdentityValues, KeptBlockingKeys). */
    void committed() {
        if (kept != null) {
            kept.keep(keptOnCommit);
        }
        if (keptKeys != null) {
            keptKeys.apply(keysPending);
        }
    }

    /** The customer's blocking keys are these now, as written in this transaction. */
    private void keysAre(String hubId, Collection<String> keys) {
        if (keptKeys != null && keptKeys.keeps(hubId)) {
            keysPending.keys(hubId, keys);
        }
    }

    /** The customers' blocking keys were deleted in this transaction. */
    private void keysDeleted(Collection<String> hubIds) {
        if (keptKeys != null) {
            hubIds.stream().filter(keptKeys::keeps).forEach(keysPending::drop);
        }
    }

    /** As {@link #valuesChange(String)} when one of the values is one identity scores by. */
    private void valuesChange(String hubId, List<StatedValue> values) {
        if (kept != null && values.stream().anyMatch(value -> StoreRows.IDENTITY_ATTRIBUTES.contains(value.attribute()))) {
            valuesChange(hubId);
        }
    }

    /**
     * A statement is about to change the customer's values: they are read from the store from now on. The batch's new
     * customers are written first, as the statement would write them, so that none is kept with values from before it.
     */
    private void valuesChange(String hubId) {
        if (kept != null) {
            statements();
            kept.forget(hubId);
            keptOnCommit.remove(hubId);
        }
    }

    void holdLocks(WriteLocks.Held held) {
        this.locks = held;
    }

    /**
     * Takes lock keys found only after reading (the customers a resolution links), without waiting: throws
     * {@link WriteConflictException} when another writer holds one, and the work is rolled back and tried again, then
     * waiting for them with its other keys. Nothing to do outside a group commit.
     */
    public void lock(Collection<String> keys) {
        if (locks != null && !locks.acquire(keys, false)) {
            throw new WriteConflictException("another writer holds a key found after reading", Set.copyOf(keys));
        }
    }

    /** Whether lock keys are also the database's (PostgreSQL's advisory locks), for writers of other hub nodes. */
    boolean advisoryLocks() {
        return postgres;
    }

    /** Takes every advisory lock that is free now; answers whether all of them are held. */
    boolean tryAdvisoryLocks(long[] sortedHashes) {
        return statements().createQuery("SELECT bool_and(pg_try_advisory_xact_lock(k)) FROM unnest(:keys) AS k")
                .bindArray("keys", Long.class, boxed(sortedHashes)).mapTo(Boolean.class).one();
    }

    /** Takes the advisory locks in the order given, waiting for each (unnest keeps the array's order). */
    void advisoryLocks(long[] sortedHashes) {
        statements().createQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(k) FROM unnest(:keys) AS k) AS taken")
                .bindArray("keys", Long.class, boxed(sortedHashes)).mapTo(Long.class).one();
    }

    /** A hub-wide key every writer's transaction takes shared, so that one holding it alone excludes them all. */
    void sharedAdvisoryLock(long hash) {
        statements().createQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock_shared(:key)) AS taken")
                .bind("key", hash).mapTo(Long.class).one();
    }

    /**
     * Throws unless the session still holds the hub-wide key alone: one that ended (a connection dropped or
     * terminated) let go of it, and other writers may have written since.
     */
    void stillHeldAlone(int session, long hash) {
        boolean held = statements().createQuery("""
                        SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = :pid AND granted
                                       AND mode = 'ExclusiveLock' AND classid::bigint = :high AND objid::bigint = :low
                                       AND objsubid = 1)""")
                .bind("pid", session).bind("high", hash >>> 32).bind("low", hash & 0xFFFF_FFFFL).mapTo(Boolean.class).one();
        if (!held) {
            throw new IllegalStateException("the hub-wide writers' key held alone was lost (its session " + session
                    + " ended), so other writers may have written meanwhile: the load stops here, and the same command"
                    + " resumes it");
        }
    }

    /** The hub-wide key alone, waiting for every writer that holds it shared (see {@link GroupCommit#runAlone}). */
    void exclusiveAdvisoryLock(long hash) {
        statements().createQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:key)) AS taken")
                .bind("key", hash).mapTo(Long.class).one();
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** The customer value rows, in this transaction. */
    public ReminderRows reminders() {
        writeBatchRows();
        return new ReminderRows(handle);
    }

    public ValueRows values() {
        writeBatchRows();
        return new ValueRows(handle);
    }

    void savepoint(String name) {
        if (batched != null) {
            // undoing to it would leave rows kept since it to be written: a batch with kept rows fails whole
            throw new IllegalStateException("no savepoint while a batch's rows are kept");
        }
        handle.savepoint(name);
        keysAtSavepoint.put(name, new KeptBlockingKeys.Pending(keysPending));
    }

    void releaseSavepoint(String name) {
        handle.release(name);
        keysAtSavepoint.remove(name);
    }

    void rollbackToSavepoint(String name) {
        handle.rollbackToSavepoint(name);
        keysPending = new KeptBlockingKeys.Pending(keysAtSavepoint.get(name));
    }

    /** Runs work under a savepoint of its own: when it fails, only its own writes are undone and the failure is thrown. */
    public <T> T underSavepoint(String name, Work<T> work) {
        savepoint(name);
        try {
            T result = work.run(this);
            releaseSavepoint(name);
            return result;
        } catch (RuntimeException failure) {
            rollbackToSavepoint(name);
            throw failure;
        }
    }

    /**
     * Runs a load's batch of records with the rows they append (the archive, the customers each message concerns,
     * the change events, the interactions, and the customers it creates) kept and written when the work ends, a COPY
     * or JDBC batch per table (see BulkRows) rather than a statement a row. Whether the store holds the records' dedupe keys (channel and key) and interactions (channel,
     * type and source id; an id may be null) is looked up first, a query per thousand; the store answers the rest when
     * asked. Reads of those tables write the kept rows out first. No savepoint may be set meanwhile: work that fails
     * is undone with its whole transaction (ProfileUpdater.applyAll then runs the batch again, rows written at once).
     */
    public <T> T withBatchedRows(Collection<List<String>> dedupeKeys, Collection<List<String>> interactionKeys, Work<T> work) {
        if (batched != null) {
            throw new IllegalStateException("a batch's rows are kept already");
        }
        batched = new BatchedRows(handle, postgres, dedupeKeys, interactionKeys, (hubId, values, keys) -> {
            if (kept != null) {
                keptOnCommit.put(hubId, values);
            }
            keysAre(hubId, keys);
        });
        try {
            T result = work.run(this);
            batched.write(handle);
            return result;
        } finally {
            batched = null;
        }
    }

    /** Writes the rows a batch kept so far, before a read or change of their tables (or any other use of the handle). */
    private void writeBatchRows() {
        statementsRun++;
        if (batched != null) {
            batched.write(handle);
        }
    }

    /**
     * The handle for any statement but those of a batch's new customers: their kept rows are written first, so that the
     * statement sees the store as if they had been written at once (see {@link NewCustomerRows}).
     */
    private Handle statements() {
        statementsRun++;
        if (batched != null) {
            batched.writeCustomers(handle);
        }
        return handle;
    }

    /**
     * How many statements this transaction has run or handed a handle for, candidate searches aside (each writes a
     * load's kept rows out first): while it is the same, nothing this transaction wrote (a load's batch keeps its new
     * customers) is in the store's tables, so the store answers what it answered when the transaction began.
     */
    public long statementsRun() {
        return statementsRun;
    }

    /**
     * What the candidate search answers now, from the answer the store gave to the same question outside this
     * transaction when it began (a load's batch, resolved ahead, see {@link #statementsRun}), with the batch's kept
     * new customers beside it: no round trip.
     */
    public CandidateSearch searchedBefore(CandidateQuery asked, CandidateSearch storeAnswer) {
        if (batched == null) {
            throw new IllegalStateException("only a load's batch answers from a search made before");
        }
        return answer(asked, storeAnswer);
    }

    /** How many customers a load's batch created that are kept, not written yet (see {@link NewCustomerRows}). */
    int keptNewCustomers() {
        return batched == null ? 0 : batched.newCustomers().size();
    }

    /** For other tables of this package written in the same unit of work (a load's checkpoint). */
    Handle handle() {
        writeBatchRows();
        return handle;
    }

    /** The message archived earlier under this dedupe key: the one a redelivery or a resend repeats. */
    public Optional<FirstDelivery> firstDelivery(String channel, String dedupeKey) {
        if (batched != null) {
            Optional<Optional<FirstDelivery>> known = batched.firstDelivery(channel, dedupeKey);
            if (known.isPresent()) {
                return known.get();
            }
            writeBatchRows();
        }
        return statements().createQuery("""
                        SELECT r.message_id, r.broker_message_id, d.broker_message_id IS NOT NULL AS dead_lettered
                        FROM raw_message r LEFT JOIN dead_lettered_delivery d ON d.broker_message_id = r.broker_message_id
                        WHERE r.channel = :channel AND r.dedupe_key = :key""")
                .bind("channel", channel).bind("key", dedupeKey).mapTo(FirstDelivery.class).findOne();
    }

    /** Makes another broker message the one whose transaction publishes an archived message's change events. */
    public void handOverEvents(String messageId, String brokerMessageId) {
        writeBatchRows();
        statements().createUpdate("UPDATE raw_message SET broker_message_id = :brokerMessageId WHERE message_id = :messageId")
                .bind("messageId", messageId).bind("brokerMessageId", brokerMessageId).execute();
    }

    /**
     * Archives an accepted message whose dedupe key {@link #firstDelivery} did not find; the unique key still refuses
     * a second copy that got there first, and the unit of work is then tried again and finds it.
     */
    public void archive(ArchivedMessage message) {
        if (batched != null) {
            batched.archive(message);
            return;
        }
        statements().createUpdate("""
                        INSERT INTO raw_message (message_id, channel, dedupe_key, document_type, document_id, broker_message_id,
                                                 received_at, text_body, content)
                        VALUES (:messageId, :channel, :dedupeKey, :documentType, :documentId, :brokerMessageId,
                                :receivedAt, :textBody, :content)""")
                .bindMethods(message).execute();
    }

    /** Notes that a message concerns a customer, so that erasing the customer finds the message in the archive. */
    public void recordConcerns(String messageId, String hubId) {
        if (batched != null) {
            batched.concerns(messageId, hubId);
            return;
        }
        statements().createUpdate("INSERT INTO message_customer (message_id, hub_id) VALUES (:messageId, :hubId)")
                .bind("messageId", messageId).bind("hubId", hubId).execute();
    }

    public void recordEvent(String eventId, String messageId, String hubId, String payload, OffsetDateTime now) {
        if (batched != null) {
            batched.event(eventId, messageId, hubId, payload, now);
            return;
        }
        statements().createUpdate("""
                        INSERT INTO change_event (event_id, message_id, hub_id, payload, created_at)
                        VALUES (:eventId, :messageId, :hubId, :payload, :now)""")
                .bind("eventId", eventId).bind("messageId", messageId).bind("hubId", hubId).bind("payload", payload)
                .bind("now", now).execute();
    }

    /**
     * Records a change event that no message will publish (README: Tiers): in the outbox, marked unpublished until
     * {@link #eventPublished} once it reached the broker.
     */
    public void recordUnpublishedEvent(String eventId, String messageId, String hubId, String payload, OffsetDateTime now) {
        recordEvent(eventId, messageId, hubId, payload, now);
        writeBatchRows();
        statements().createUpdate("INSERT INTO change_event_unpublished (event_id, hub_id) VALUES (:eventId, :hubId)")
                .bind("eventId", eventId).bind("hubId", hubId).execute();
    }

    /** Recorded change events not yet known to be on the broker, the oldest first. */
    public List<UnpublishedEvent> unpublishedEvents(int limit) {
        writeBatchRows();
        return statements().createQuery("""
                        SELECT e.event_id, e.hub_id, e.payload FROM change_event_unpublished u
                        JOIN change_event e ON e.event_id = u.event_id ORDER BY e.seq""")
                .setMaxRows(limit)
                .map((rs, ctx) -> new UnpublishedEvent(rs.getString("event_id"), rs.getString("hub_id"), rs.getString("payload")))
                .list();
    }

    public void eventPublished(String eventId) {
        statements().createUpdate("DELETE FROM change_event_unpublished WHERE event_id = :eventId").bind("eventId", eventId).execute();
    }

    public record UnpublishedEvent(String eventId, String hubId, String payload) {
    }

    /** The change events a message caused, in the order they were recorded. */
    public List<String> events(String messageId) {
        writeBatchRows();
        return statements().createQuery("SELECT payload FROM change_event WHERE message_id = :messageId ORDER BY seq")
                .bind("messageId", messageId).mapTo(String.class).list();
    }

    public String createCustomer(OffsetDateTime now) {
        String hubId = TimeOrderedIds.next();
        if (batched != null) {
            batched.newCustomers().customer(hubId, now);
            return hubId;
        }
        statements().createUpdate("INSERT INTO customer (hub_id, created_at, updated_at) VALUES (:id, :now, :now)")
                .bind("id", hubId).bind("now", now).execute();
        return hubId;
    }

    public void touch(String hubId, OffsetDateTime now) {
        if (batched != null) {
            batched.touch(hubId, now);
            return;
        }
        statements().createUpdate("UPDATE customer SET updated_at = :now WHERE hub_id = :id").bind("id", hubId).bind("now", now).execute();
    }

    public Optional<CustomerRow> customer(String hubId) {
        return customer(statements(), hubId);
    }

    private static Optional<CustomerRow> customer(Handle on, String hubId) {
        return on.createQuery("SELECT hub_id, created_at, updated_at, merged_into, split_at FROM customer WHERE hub_id = :id")
                .bind("id", hubId).mapTo(CustomerRow.class).findOne();
    }

    public Optional<String> survivorOf(String hubId) {
        return survivingCustomer(hubId).map(CustomerRow::hubId);
    }

    /**
     * The row of the live customer an id now lives under (itself when never merged away); empty when never issued, or
     * when the customer it leads to was split (see {@link #splitInto}).
     */
    public Optional<CustomerRow> survivingCustomer(String hubId) {
        return survivingCustomer(statements(), hubId);
    }

    private static Optional<CustomerRow> survivingCustomer(Handle on, String hubId) {
        String current = hubId;
        for (int hop = 0; hop < MAX_MERGE_HOPS; hop++) {
            Optional<CustomerRow> row = customer(on, current);
            if (row.isEmpty() || row.get().splitAt() != null) {
                return Optional.empty();
            }
            if (row.get().mergedInto() == null) {
                return row;
            }
            current = row.get().mergedInto();
        }
        throw new IllegalStateException("merge chain too long from " + hubId);
    }

    /** The live customer that holds this identifier, if any; its customer row comes along, so one merge hop is free. */
    public Optional<String> findByIdentifier(String kind, String value) {
        return statements().createQuery("""
                        SELECT i.hub_id, c.merged_into FROM identifier i JOIN customer c ON c.hub_id = i.hub_id
                        WHERE i.kind = :kind AND i.id_value = :value""")
                .bind("kind", kind).bind("value", value)
                .map((rs, ctx) -> rs.getString(2) == null ? Optional.of(rs.getString(1)) : survivorOf(rs.getString(2)))
                .findOne().flatMap(survivor -> survivor);
    }

    /**
     * Holders of identifiers as another transaction read them for this one: a load's record resolved ahead of the
     * batch's writer, on the store as the batch found it, none of these identifiers written in the batch since (see
     * identity's ResolvedAhead). Like this transaction's own search, they let a customer the batch keeps be given
     * identifiers without a statement, which would write every kept row out first.
     */
    public void sawHolders(Map<List<String>, Optional<String>> holders) {
        if (batched != null) {
            batched.newCustomers().lookedUp(holders);
        }
    }

    /**
     * Gives the customer an identifier nobody holds yet; one that is held stays with its holder. Answers whether this
     * call stored it. The identifier's unique key is the last guard against two writers creating one person twice:
     * on PostgreSQL a concurrent insert of the same identifier waits for the other and then inserts nothing.
     */
    public boolean addIdentifier(String hubId, String kind, String value, String channel, OffsetDateTime at) {
        writtenCustomers.add(hubId);
        if (batched != null && batched.newCustomers().keeps(hubId)) {
            Optional<Boolean> given = batched.newCustomers().identifier(hubId, kind, value, channel, at);
            if (given.isPresent()) {
                return given.get();
            }
        }
        String insert = postgres ? """
                INSERT INTO identifier (kind, id_value, hub_id, channel, first_seen)
                VALUES (:kind, :value, :hubId, :channel, :at) ON CONFLICT (kind, id_value) DO NOTHING""" : """
                INSERT INTO identifier (kind, id_value, hub_id, channel, first_seen)
                SELECT :kind, :value, :hubId, :channel, :at
                WHERE NOT EXISTS (SELECT 1 FROM identifier WHERE kind = :kind AND id_value = :value)""";
        return statements().createUpdate(insert).bind("kind", kind).bind("value", value).bind("hubId", hubId)
                .bind("channel", channel).bind("at", at).execute() == 1;
    }

    /**
     * The values of a customer's identifiers of one kind, in no particular order. A customer a load's batch keeps
     * (see NewCustomerRows) answers from its kept rows: a statement would write them all out first.
     */
    public List<String> identifierValues(String hubId, String kind) {
        if (batched != null && batched.newCustomers().keeps(hubId)) {
            return batched.newCustomers().identifierValues(hubId, kind);
        }
        return identifiers(hubId).stream().filter(id -> id.kind().equals(kind)).map(IdentifierRow::idValue).toList();
    }

    public List<IdentifierRow> identifiers(String hubId) {
        FoundCustomer read = foundBefore(hubId);
        if (read != null) {
            return read.identifiers();
        }
        return statements().createQuery("""
                        SELECT kind, id_value, channel, first_seen FROM identifier WHERE hub_id = :id ORDER BY kind, id_value""")
                .bind("id", hubId).mapTo(IdentifierRow.class).list();
    }

    /**
     * Customers sharing any of the blocking keys, at most limit of them. Only live customers hold blocking keys (a merge
     * moves the merged customer's to the survivor, erasure deletes them), so the keys' rows are all that is read: a
     * check of each row's customer cost more than the rest of the search once blocks grew to hundreds of rows (a JFR
     * profile at 1,000,000 customers: 83% of this query, a fifth of ingest).
     */
    public Set<String> findByBlockingKeys(Collection<String> keys, int limit) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        // those sharing the most keys first: past the limit, a namesake across the country gives way to a neighbour; among
        // those sharing as many, the random end of the id picks (its start is the time for ids of version 7)
        List<String> ids = statements().createQuery("""
                        SELECT hub_id FROM blocking_key WHERE block_key IN (<keys>)
                        GROUP BY hub_id ORDER BY COUNT(*) DESC, SUBSTRING(hub_id, 25), hub_id LIMIT :limit""")
                .bindList("keys", List.copyOf(keys)).bind("limit", limit).mapTo(String.class).list();
        return new LinkedHashSet<>(ids);
    }

    /**
     * What identity resolution reads first about a person, in one query: the holder of each identifier (kind and
     * value; following a merge to the live customer), and the customers sharing the most of the blocking keys, at
     * most limit of them, best first (as {@link #findByBlockingKeys}), each with the values scoring compares (as
     * {@link #identityValuesOf}).
     */
    public CandidateSearch searchCandidates(List<List<String>> identifiers, Collection<String> blockingKeys, int limit) {
        return searchCandidates(List.of(new CandidateQuery(identifiers, blockingKeys, limit))).get(0);
    }

    /**
     * The searches of several people in one statement, each answered as its own statement would answer it: the
     * threads that resolve a load's people ahead of its writer waited for a round trip a person more than they worked.
     */
    public List<CandidateSearch> searchCandidates(List<CandidateQuery> queries) {
        List<List<Found>> rowsByQuestion = new ArrayList<>();
        queries.forEach(asked -> rowsByQuestion.add(new ArrayList<>()));
        StoreKeys storeKeys = keptKeys == null || !keptKeys.answering() ? StoreKeys.ALL
                : keptKeys.boundary() == null ? StoreKeys.NONE : StoreKeys.UP_TO_BOUNDARY;
        if (queries.stream().anyMatch(asked -> !asked.identifiers().isEmpty()
                || !asked.blockingKeys().isEmpty() && storeKeys != StoreKeys.NONE)) {
            // the one statement that reads past a batch's kept new customers: they are answered beside the store's answer
            // the values of customers kept in memory are not read: those of the others are, after the search
            ValueParts valueParts = kept == null ? VALUES_JOINED : VALUES_AFTER;
            Query query = postgres ? searchByArrays(queries, valueParts, storeKeys) : searchByUnion(queries, valueParts, storeKeys);
            query.map((rs, ctx) -> Map.entry(rs.getInt("question"), new Found(rs.getInt("part") == 0,
                            rs.getString("hub_id"), rs.getString("merged_into"), rs.getString("kind"), rs.getString("id_value"),
                            rs.getInt("shared"), rs.getString("attribute"), rs.getString("value_json"))))
                    .forEach(row -> rowsByQuestion.get(row.getKey()).add(row.getValue()));
        }
        List<CandidateSearch> stored = new ArrayList<>(queries.size());
        boolean keysKept = storeKeys != StoreKeys.ALL;
        for (int q = 0; q < queries.size(); q++) {
            CandidateSearch fromStore = storeAnswer(queries.get(q), rowsByQuestion.get(q));
            stored.add(keysKept ? withKeptKeys(queries.get(q), fromStore) : fromStore);
        }
        if (kept != null) {
            withValues(stored);
        }
        List<CandidateSearch> answers = new ArrayList<>(queries.size());
        for (int q = 0; q < queries.size(); q++) {
            answers.add(answer(queries.get(q), stored.get(q)));
        }
        return answers;
    }

    /**
     * The store's answer, searched up to the boundary of the customers whose keys are kept in memory, with those
     * customers counted there: the most sharing of both at most the question's limit, in the order the store gives.
     */
    private CandidateSearch withKeptKeys(CandidateQuery asked, CandidateSearch store) {
        if (asked.blockingKeys().isEmpty()) {
            return store;
        }
        Map<String, Integer> keptSharing = keptKeys.sharing(asked.blockingKeys(), keysPending, asked.limit());
        if (keptSharing.isEmpty()) {
            return store;
        }
        Map<String, Integer> both = new HashMap<>(store.shared());
        both.putAll(keptSharing);
        Map<String, Integer> shared = NewCustomerRows.best(both, asked.limit());
        Map<String, List<IdentityValue>> sharing = new LinkedHashMap<>();
        shared.keySet().forEach(hubId -> sharing.put(hubId, store.sharing().getOrDefault(hubId, new ArrayList<>())));
        return new CandidateSearch(store.holders(), shared, sharing);
    }

    /**
     * Which customers' blocking keys the search reads from the store: all, none (a load's kept in memory, the store
     * held none before), or those up to the boundary of the ones kept in memory.
     */
    private enum StoreKeys {
        ALL, NONE, UP_TO_BOUNDARY
    }

    /** The candidates' values, from those kept in memory and, for the others, one statement. */
    private void withValues(List<CandidateSearch> stored) {
        Set<String> unknown = new LinkedHashSet<>();
        int known = 0;
        int fromStore = 0;
        for (CandidateSearch search : stored) {
            for (Map.Entry<String, List<IdentityValue>> candidate : search.sharing().entrySet()) {
                List<IdentityValue> values = kept.of(candidate.getKey());
                if (values == null) {
                    unknown.add(candidate.getKey());
                    fromStore++;
                } else {
                    candidate.setValue(values);
                    known++;
                }
            }
        }
        kept.counted(known, fromStore);
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, List<IdentityValue>> read = identityValuesOf(handle, unknown);
        for (CandidateSearch search : stored) {
            search.sharing().replaceAll((hubId, values) -> unknown.contains(hubId) ? List.copyOf(read.get(hubId)) : values);
        }
    }

    /**
     * The search as a UNION ALL of a part for each identifier and for each person's keys, each part with its
     * question's number: the statement H2 runs.
     */
    private Query searchByUnion(List<CandidateQuery> queries, ValueParts valueParts, StoreKeys storeKeys) {
        List<String> parts = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            CandidateQuery asked = queries.get(q);
            for (int i = 0; i < asked.identifiers().size(); i++) {
                parts.add("""
                        SELECT %1$d AS question, 0 AS part, 0 AS shared, i.hub_id, c.merged_into, i.kind, i.id_value,
                               CAST(NULL AS VARCHAR) AS attribute, CAST(NULL AS VARCHAR) AS value_json,
                               CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS effective_at, CAST(NULL AS BIGINT) AS id
                        FROM identifier i JOIN customer c ON c.hub_id = i.hub_id
                        WHERE i.kind = :kind%1$d_%2$d AND i.id_value = :value%1$d_%2$d
                        """.formatted(q, i));
            }
            if (!asked.blockingKeys().isEmpty() && storeKeys != StoreKeys.NONE) {
                // those sharing the most keys first: past the limit, a namesake across the country gives way to a neighbour
                parts.add("""
                        SELECT %1$d AS question, 1 AS part, b.shared, b.hub_id, NULL AS merged_into, NULL AS kind,
                               NULL AS id_value, %2$s
                        FROM (SELECT hub_id, COUNT(*) AS shared FROM blocking_key WHERE block_key IN (<keys%1$d>) %4$s
                              GROUP BY hub_id ORDER BY COUNT(*) DESC, SUBSTRING(hub_id, 25), hub_id LIMIT :limit%1$d) b
                        %3$s
                        """.formatted(q, valueParts.columns(), valueParts.join(),
                        storeKeys == StoreKeys.UP_TO_BOUNDARY ? "AND hub_id <= :boundary" : ""));
            }
        }
        Query query = handle.createQuery("SELECT * FROM (" + String.join(" UNION ALL ", parts)
                + ") found ORDER BY question, part, shared DESC, hub_id, attribute, effective_at, id");
        for (int q = 0; q < queries.size(); q++) {
            CandidateQuery asked = queries.get(q);
            for (int i = 0; i < asked.identifiers().size(); i++) {
                query.bind("kind" + q + "_" + i, asked.identifiers().get(i).get(0))
                        .bind("value" + q + "_" + i, asked.identifiers().get(i).get(1));
            }
            if (!asked.blockingKeys().isEmpty() && storeKeys != StoreKeys.NONE) {
                query.bindList("keys" + q, List.copyOf(asked.blockingKeys())).bind("limit" + q, asked.limit());
            }
        }
        if (storeKeys == StoreKeys.UP_TO_BOUNDARY && queries.stream().anyMatch(asked -> !asked.blockingKeys().isEmpty())) {
            query.bind("boundary", keptKeys.boundary());
        }
        return query;
    }

    /**
     * The search with every question's identifiers and keys as arrays: one text for any number of people and keys, so
     * that a connection keeps one prepared statement and PostgreSQL mostly reuses its plan (798 plans for 13,232 runs
     * in a load of 200,000 customers). The union's text changes with the number of keys and identifiers of each person
     * of a chunk, and such a text is planned anew: planning one person's search cost the server about as much as
     * running it. Each person's keys are still searched as the union searches them (an index scan of the keys, their
     * customers counted in a hash, the best cut at the person's limit), lateral to the person.
     */
    private Query searchByArrays(List<CandidateQuery> queries, ValueParts valueParts, StoreKeys storeKeys) {
        List<Integer> questions = new ArrayList<>();
        List<Integer> limits = new ArrayList<>();
        List<Integer> keyQuestions = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Integer> identifierQuestions = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            CandidateQuery asked = queries.get(q);
            if (!asked.blockingKeys().isEmpty() && storeKeys != StoreKeys.NONE) {
                questions.add(q);
                limits.add(asked.limit());
                for (String key : asked.blockingKeys()) {
                    keyQuestions.add(q);
                    keys.add(key);
                }
            }
            for (List<String> identifier : asked.identifiers()) {
                identifierQuestions.add(q);
                kinds.add(identifier.get(0));
                values.add(identifier.get(1));
            }
        }
        // those sharing the most keys first: past the limit, a namesake across the country gives way to a neighbour;
        // up to the boundary in the order Java compares ids in (KeptBlockingKeys.keeps), whatever the database's collation
        boolean upToBoundary = storeKeys == StoreKeys.UP_TO_BOUNDARY;
        String keysPart = storeKeys == StoreKeys.NONE ? "" : """
                SELECT p.question, 1 AS part, b.shared, b.hub_id, CAST(NULL AS VARCHAR) AS merged_into,
                       CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS VARCHAR) AS id_value, %1$s
                FROM unnest(:questions, :limits) AS p (question, max_candidates)
                CROSS JOIN LATERAL (
                    SELECT hub_id, COUNT(*) AS shared FROM blocking_key
                    WHERE block_key = ANY (ARRAY(SELECT k.block_key
                                                 FROM unnest(:keyQuestions, :keys) AS k (question, block_key)
                                                 WHERE k.question = p.question))
                    %3$s
                    GROUP BY hub_id ORDER BY COUNT(*) DESC, SUBSTRING(hub_id, 25), hub_id
                    LIMIT p.max_candidates) b
                %2$s
                UNION ALL
                """.formatted(valueParts.columns(), valueParts.join(),
                upToBoundary ? "AND hub_id COLLATE \"C\" <= :boundary" : "");
        // with no keys searched in the store the keys' part is left out rather than run for no one: its plan is kept
        // for the connection, and without the keys' index (BlockingKeyConstraints) it is a scan of the whole table,
        // costed high enough for PostgreSQL to compile it (JIT) at every run, 0.4 s a search at 500,000 customers
        Query query = handle.createQuery(keysPart + """
                        SELECT q.question, 0 AS part, 0 AS shared, i.hub_id, c.merged_into, i.kind, i.id_value, %s
                        FROM unnest(:identifierQuestions, :kinds, :values) AS q (question, kind, id_value)
                        JOIN identifier i ON i.kind = q.kind AND i.id_value = q.id_value
                        JOIN customer c ON c.hub_id = i.hub_id
                        ORDER BY question, part, shared DESC, hub_id, attribute, effective_at, id""".formatted(VALUES_AFTER.columns()))
                .bindArray("identifierQuestions", Integer.class, identifierQuestions)
                .bindArray("kinds", String.class, kinds).bindArray("values", String.class, values);
        if (storeKeys != StoreKeys.NONE) {
            query.bindArray("questions", Integer.class, questions).bindArray("limits", Integer.class, limits)
                    .bindArray("keyQuestions", Integer.class, keyQuestions).bindArray("keys", String.class, keys);
        }
        return upToBoundary ? query.bind("boundary", keptKeys.boundary()) : query;
    }

    /** One person's search from its rows, as the store answers it. */
    private CandidateSearch storeAnswer(CandidateQuery asked, List<Found> found) {
        Map<List<String>, Optional<String>> holders = new LinkedHashMap<>();
        asked.identifiers().forEach(identifier -> holders.put(identifier, Optional.empty()));
        Map<String, List<IdentityValue>> sharing = new LinkedHashMap<>();
        Map<String, Integer> shared = new LinkedHashMap<>();
        for (Found row : found) {
            if (row.holder()) {
                // read past a batch's kept new customers too: a merge writes them out first, so no chain leads to one
                holders.put(List.of(row.kind(), row.idValue()), row.mergedInto() == null ? Optional.of(row.hubId())
                        : survivingCustomer(handle, row.mergedInto()).map(CustomerRow::hubId));
            } else {
                shared.put(row.hubId(), row.shared());
                List<IdentityValue> values = sharing.computeIfAbsent(row.hubId(), id -> new ArrayList<>());
                if (row.attribute() != null) {
                    values.add(new IdentityValue(row.attribute(), row.valueJson()));
                }
            }
        }
        return new CandidateSearch(holders, shared, sharing);
    }

    /** The store's answer with a batch's kept new customers beside it. */
    private CandidateSearch answer(CandidateQuery asked, CandidateSearch store) {
        if (batched != null && (!asked.identifiers().isEmpty() || !asked.blockingKeys().isEmpty())) {
            return batched.newCustomers().besideStore(store.holders(), store.shared(), store.sharing(), asked.blockingKeys(),
                    asked.limit());
        }
        return store;
    }

    /** A row of the candidate search: an identifier's holder, or a value of a customer sharing blocking keys. */
    private record Found(boolean holder, String hubId, String mergedInto, String kind, String idValue, int shared,
                         String attribute, String valueJson) {
    }

    /** The values scoring compares (names, e-mails, phones, addresses) of several customers, each's by attribute, then oldest first. */
    public Map<String, List<IdentityValue>> identityValuesOf(Collection<String> hubIds) {
        return identityValuesOf(statements(), hubIds);
    }

    /**
     * As {@link #identityValuesOf(Collection)} on a handle: the statements' (a batch's kept rows written first), or the
     * bare one for the candidate search, which reads past them. On PostgreSQL the ids are an array, one text for any
     * number of them, as the search's (see searchByArrays).
     */
    private Map<String, List<IdentityValue>> identityValuesOf(Handle on, Collection<String> hubIds) {
        Map<String, List<IdentityValue>> byCustomer = new LinkedHashMap<>();
        hubIds.forEach(hubId -> byCustomer.put(hubId, new ArrayList<>()));
        if (hubIds.isEmpty()) {
            return byCustomer;
        }
        Query query = on.createQuery("SELECT hub_id, attribute, value_json FROM attribute_value WHERE "
                + (postgres ? "hub_id = ANY (:ids)" : "hub_id IN (<ids>)") + " AND attribute IN ("
                + IDENTITY_ATTRIBUTES + ") ORDER BY hub_id, attribute, effective_at, id");
        if (postgres) {
            query.bindArray("ids", String.class, List.copyOf(hubIds));
        } else {
            query.bindList("ids", List.copyOf(hubIds));
        }
        query.map((rs, ctx) -> Map.entry(rs.getString("hub_id"), new IdentityValue(rs.getString("attribute"), rs.getString("value_json"))))
                .forEach(value -> byCustomer.get(value.getKey()).add(value.getValue()));
        return byCustomer;
    }

    /**
     * The identity values (names, e-mails, phones, addresses) as the messages stated them, grouped by the message
     * that last stated each, of at most maxMessages messages: the records identity resolution saw, for estimating
     * match weights. A value two messages stated alike is one row, kept under the later message. Past the limit the
     * messages are a spread of the store's: ordered by the random last part of their ids (the first part of an id is
     * its time, see {@link TimeOrderedIds}).
     */
    public Map<String, List<AttributeRow>> identityValuesByMessage(int maxMessages) {
        Map<String, List<AttributeRow>> byMessage = new LinkedHashMap<>();
        statements().createQuery("""
                        SELECT id, attribute, qualifier, value_key, value_json, channel, message_id, effective_at, stated_by
                        FROM attribute_value WHERE attribute IN (%s)
                        AND message_id IN (SELECT message_id FROM attribute_value GROUP BY message_id
                                           ORDER BY SUBSTRING(message_id, 25), message_id LIMIT :limit)
                        ORDER BY message_id, id""".formatted(IDENTITY_ATTRIBUTES))
                .bind("limit", maxMessages).mapTo(AttributeRow.class)
                .forEach(row -> byMessage.computeIfAbsent(row.messageId(), id -> new ArrayList<>()).add(row));
        return byMessage;
    }

    /** The blocking keys of a customer created in this transaction, who has none yet: one insert, nothing to look up. */
    public void addBlockingKeysOfNew(String hubId, Collection<String> keys) {
        if (batched != null && batched.newCustomers().keeps(hubId)) {
            batched.newCustomers().blockingKeys(hubId, keys);
            return;
        }
        insertBlockingKeys(hubId, keys, "INSERT INTO blocking_key (block_key, hub_id) VALUES %s", "(:key%d, :id)");
        keysAre(hubId, keys);
    }

    /**
     * Adds the keys the customer does not have yet, in one statement (a JDBC batch is one statement a row on H2: a new
     * customer's five or so keys cost five inserts and five look-ups).
     */
    public void addBlockingKeys(String hubId, Collection<String> keys) {
        int added = insertBlockingKeys(hubId, keys, """
                INSERT INTO blocking_key (block_key, hub_id)
                SELECT given.block_key, :id FROM (VALUES %s) AS given (block_key)
                WHERE NOT EXISTS (SELECT 1 FROM blocking_key WHERE block_key = given.block_key AND hub_id = :id)""", "(:key%d)");
        if (added > 0 && keptKeys != null && keptKeys.keeps(hubId)) {
            keysAre(hubId, statements().createQuery("SELECT block_key FROM blocking_key WHERE hub_id = :id")
                    .bind("id", hubId).mapTo(String.class).list());
        }
    }

    /**
     * One insert of the keys: statement holds %s where the rows go, row one row with %d where the key's index goes.
     * Answers the rows inserted.
     */
    private int insertBlockingKeys(String hubId, Collection<String> keys, String statement, String row) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        String rows = IntStream.range(0, distinct.size()).mapToObj(row::formatted).collect(Collectors.joining(", "));
        Update insert = statements().createUpdate(statement.formatted(rows)).bind("id", hubId);
        for (int i = 0; i < distinct.size(); i++) {
            insert.bind("key" + i, distinct.get(i));
        }
        return insert.execute();
    }

    /** The attribute values of several customers in one query, each customer's by attribute, then oldest first. */
    public Map<String, List<AttributeRow>> attributesOf(Collection<String> hubIds) {
        Map<String, List<AttributeRow>> byCustomer = new LinkedHashMap<>();
        hubIds.forEach(hubId -> byCustomer.put(hubId, new ArrayList<>()));
        if (hubIds.isEmpty()) {
            return byCustomer;
        }
        statements().createQuery("""
                        SELECT hub_id, id, attribute, qualifier, value_key, value_json, channel, message_id, effective_at, stated_by
                        FROM attribute_value WHERE hub_id IN (<ids>) ORDER BY hub_id, attribute, effective_at, id""")
                .bindList("ids", List.copyOf(hubIds))
                .map((rows, context) -> Map.entry(rows.getString("hub_id"), StoreRows.ATTRIBUTE_ROW.map(rows, context)))
                .forEach(value -> byCustomer.get(value.getKey()).add(value.getValue()));
        return byCustomer;
    }

    public List<AttributeRow> attributes(String hubId) {
        FoundCustomer read = foundBefore(hubId);
        if (read != null) {
            return read.attributes();
        }
        return attributesOf(List.of(hubId)).get(hubId);
    }

    /**
     * Reads these customers' identifiers and values, two statements for those not read yet, and keeps them for this
     * transaction's later reads of them while it does not write them (a load's resolvers: the customers a chunk's
     * people are linked to); answers them as read.
     */
    public Map<String, FoundCustomer> readAhead(Collection<String> hubIds) {
        List<String> unread = hubIds.stream().filter(hubId -> !found.containsKey(hubId)).distinct().toList();
        if (!unread.isEmpty()) {
            Map<String, List<IdentifierRow>> identifiers = identifiersOf(unread);
            Map<String, List<AttributeRow>> attributes = attributesOf(unread);
            unread.forEach(hubId -> found.put(hubId, new FoundCustomer(identifiers.get(hubId), attributes.get(hubId))));
        }
        Map<String, FoundCustomer> read = new LinkedHashMap<>();
        hubIds.forEach(hubId -> read.put(hubId, found.get(hubId)));
        return read;
    }

    /**
     * Customers as another transaction read them for this one (see readAhead): a load's batch's resolvers, on the store
     * as the batch found it. Answered while this transaction has not written them.
     */
    public void sawBefore(Map<String, FoundCustomer> read) {
        read.forEach(found::putIfAbsent);
    }

    private FoundCustomer foundBefore(String hubId) {
        return keyMoved || writtenCustomers.contains(hubId) ? null : found.get(hubId);
    }

    private Map<String, List<IdentifierRow>> identifiersOf(List<String> hubIds) {
        Map<String, List<IdentifierRow>> byCustomer = new LinkedHashMap<>();
        hubIds.forEach(hubId -> byCustomer.put(hubId, new ArrayList<>()));
        Query query = statements().createQuery("SELECT hub_id, kind, id_value, channel, first_seen FROM identifier WHERE "
                + (postgres ? "hub_id = ANY (:ids)" : "hub_id IN (<ids>)") + " ORDER BY hub_id, kind, id_value");
        if (postgres) {
            query.bindArray("ids", String.class, hubIds);
        } else {
            query.bindList("ids", hubIds);
        }
        query.map((rows, context) -> Map.entry(rows.getString("hub_id"), StoreRows.IDENTIFIER_ROW.map(rows, context)))
                .forEach(row -> byCustomer.get(row.getKey()).add(row.getValue()));
        return byCustomer;
    }

    /**
     * Records that a channel stated a value. One row per value and channel: a restatement moves its time forward,
     * an older restatement (a late message) leaves the newer time in place.
     */
    public void stateAttribute(String hubId, StatedValue value, Provenance provenance) {
        writtenCustomers.add(hubId);
        valuesChange(hubId, List.of(value));
        Map<String, Object> row = new HashMap<>();
        row.put("hubId", hubId);
        row.put("attribute", value.attribute());
        row.put("qualifier", storedKey(value.qualifier()));
        row.put("valueKey", storedKey(value.valueKey()));
        row.put("valueJson", value.valueJson());
        row.put("channel", provenance.channel());
        row.put("messageId", provenance.messageId());
        row.put("at", provenance.effectiveAt());
        row.put("by", provenance.statedBy());
        // a new value is one statement; only a restated one takes the second
        int inserted = statements().createUpdate("""
                        INSERT INTO attribute_value (hub_id, attribute, qualifier, value_key, value_json, channel,
                                                     message_id, effective_at, stated_by)
                        SELECT :hubId, :attribute, :qualifier, :valueKey, :valueJson, :channel, :messageId, :at, :by
                        WHERE NOT EXISTS (SELECT 1 FROM attribute_value
                                          WHERE hub_id = :hubId AND attribute = :attribute AND qualifier = :qualifier
                                            AND value_key = :valueKey AND channel = :channel)""")
                .bindMap(row).execute();
        if (inserted == 0) {
            statements().createUpdate("""
                            UPDATE attribute_value SET value_json = :valueJson, message_id = :messageId, effective_at = :at,
                                                       stated_by = :by
                            WHERE hub_id = :hubId AND attribute = :attribute AND qualifier = :qualifier
                              AND value_key = :valueKey AND channel = :channel AND effective_at < :at""")
                    .bindMap(row).execute();
        }
    }

    /** A time as a read gives it back: PostgreSQL answers in UTC, H2 with the offset it was stored with. */
    private OffsetDateTime asStored(OffsetDateTime time) {
        return postgres ? time.withOffsetSameInstant(ZoneOffset.UTC) : time;
    }

    /**
     * Adds values the customer holds no row of yet (none with their key and channel: the caller knows its rows), a
     * statement per {@value #ROWS_PER_INSERT} of them (a message may state thousands of preferences; PostgreSQL takes
     * at most 65,535 parameters a statement); answers the rows added with their ids, in order. Should another writer
     * have added one meanwhile, the unique key refuses the statement and the unit of work is tried again.
     */
    public List<AttributeRow> addAttributes(String hubId, List<StatedValue> values, Provenance provenance) {
        if (values.isEmpty()) {
            // an order states nothing new: the customer read ahead still holds
            return List.of();
        }
        writtenCustomers.add(hubId);
        if (batched != null && batched.newCustomers().keeps(hubId)) {
            return batched.newCustomers().values(hubId, values, provenance, asStored(provenance.effectiveAt()));
        }
        List<AttributeRow> added = new ArrayList<>(values.size());
        for (int from = 0; from < values.size(); from += ROWS_PER_INSERT) {
            added.addAll(insertAttributes(hubId, values.subList(from, Math.min(values.size(), from + ROWS_PER_INSERT)), provenance));
        }
        return added;
    }

    private List<AttributeRow> insertAttributes(String hubId, List<StatedValue> values, Provenance provenance) {
        valuesChange(hubId, values);
        StringBuilder sql = new StringBuilder("""
                INSERT INTO attribute_value (hub_id, attribute, qualifier, value_key, value_json, channel, message_id,
                                             effective_at, stated_by) VALUES""");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? " " : ", ").append(
                    "(:hubId, :attribute%1$d, :qualifier%1$d, :valueKey%1$d, :valueJson%1$d, :channel, :messageId, :at, :by)"
                            .formatted(i));
        }
        Update insert = statements().createUpdate(sql.toString()).bind("hubId", hubId).bind("channel", provenance.channel())
                .bind("messageId", provenance.messageId()).bind("at", provenance.effectiveAt()).bind("by", provenance.statedBy());
        for (int i = 0; i < values.size(); i++) {
            StatedValue value = values.get(i);
            insert.bind("attribute" + i, value.attribute()).bind("qualifier" + i, storedKey(value.qualifier()))
                    .bind("valueKey" + i, storedKey(value.valueKey())).bind("valueJson" + i, value.valueJson());
        }
        // both databases give the generated ids in the order of the VALUES rows (ChangeEventsWrittenTest compares
        // the rows' order with a read-back on each, ties in time included)
        List<Long> ids = insert.executeAndReturnGeneratedKeys("id").mapTo(Long.class).list();
        if (ids.size() != values.size()) {
            throw new IllegalStateException("inserted " + values.size() + " values, the database named " + ids.size());
        }
        List<AttributeRow> added = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            added.add(storedRow(ids.get(i), values.get(i), provenance));
        }
        return added;
    }

    /** Restates a value of the customer's row id with a later time, as {@link #stateAttribute} does; answers the row now. */
    public AttributeRow restateAttribute(String hubId, long id, StatedValue value, Provenance provenance) {
        writtenCustomers.add(hubId);
        valuesChange(hubId, List.of(value));
        int restated = statements().createUpdate("""
                        UPDATE attribute_value SET value_json = :valueJson, message_id = :messageId, effective_at = :at,
                                                   stated_by = :by
                        WHERE id = :id AND hub_id = :hubId AND effective_at < :at""")
                .bind("id", id).bind("hubId", hubId).bind("valueJson", value.valueJson()).bind("messageId", provenance.messageId())
                .bind("at", provenance.effectiveAt()).bind("by", provenance.statedBy()).execute();
        if (restated != 1) {
            // the caller holds the customer's lock keys and knows its rows: another writer changed them all the same
            throw new WriteConflictException("value row " + id + " changed while its customer's lock keys were held", Set.of());
        }
        return storedRow(id, value, provenance);
    }

    private AttributeRow storedRow(long id, StatedValue value, Provenance provenance) {
        return new AttributeRow(id, value.attribute(), storedKey(value.qualifier()), storedKey(value.valueKey()),
                value.valueJson(), provenance.channel(), provenance.messageId(), asStored(provenance.effectiveAt()),
                provenance.statedBy());
    }

    /**
     * A qualifier or value key as stored: keys compare for equality only, so a long one is as good as its hash, and
     * fits a unique index.
     */
    public static String storedKey(String key) {
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        return "sha256:" + DigestUtils.sha256Hex(key);
    }

    /**
     * Live customers holding any value of an attribute with this qualifier (the contacts of an organisation, say).
     * EXISTS rather than a join: with a join H2 reads every live customer and probes their values.
     */
    public List<String> holdersOf(String attribute, String qualifier) {
        return statements().createQuery("""
                        SELECT DISTINCT a.hub_id FROM attribute_value a
                        WHERE a.attribute = :attribute AND a.qualifier = :qualifier
                          AND EXISTS (SELECT 1 FROM customer c WHERE c.hub_id = a.hub_id AND c.merged_into IS NULL)
                        ORDER BY a.hub_id""")
                .bind("attribute", attribute).bind("qualifier", storedKey(qualifier)).mapTo(String.class).list();
    }

    /**
     * Adds an interaction once; a redelivered or resent one (same channel, type and id) is ignored. The reminder check
     * finds a new one by its id, above the ids it has read (nothing more is written for it here).
     */
    public boolean addInteraction(InteractionRow row) {
        if (batched != null) {
            Optional<Boolean> added = batched.addInteraction(row);
            if (added.isPresent()) {
                return added.get();
            }
            writeBatchRows();
        }
        return statements().createUpdate("""
                        INSERT INTO interaction (hub_id, channel, type, source_id, reference, occurred_at, amount, currency, cost, margin,
                                                 incident, detail_xml, message_id)
                        SELECT :hubId, :channel, :type, :sourceId, :reference, :occurredAt, :amount, :currency, :cost, :margin,
                               :incident, :detailXml, :messageId
                        WHERE NOT EXISTS (SELECT 1 FROM interaction
                                          WHERE channel = :channel AND type = :type AND source_id = :sourceId)""")
                .bindMethods(row).execute() > 0;
    }

    /**
     * Replaces an interaction the channel restates (an order update or cancellation); false when there is none. A
     * restated purchase is marked for the next reminder check, under the customer who holds it now.
     */
    public boolean replaceInteraction(InteractionRow row) {
        writeBatchRows();
        boolean replaced = statements().createUpdate("""
                        UPDATE interaction SET amount = :amount, currency = :currency, cost = :cost, margin = :margin,
                               incident = :incident, detail_xml = :detailXml, message_id = :messageId
                        WHERE channel = :channel AND type = :type AND source_id = :sourceId""")
                .bindMethods(row).execute() > 0;
        if (replaced && ReminderRows.plannedFrom(row.type())) {
            reminders().restated(row.channel(), row.type(), row.sourceId());
        }
        return replaced;
    }

    public List<InteractionRow> interactions(String hubId) {
        writeBatchRows();
        return statements().createQuery("""
                        SELECT hub_id, channel, type, source_id, reference, occurred_at, amount, currency, cost, margin, incident,
                               detail_xml, message_id
                        FROM interaction WHERE hub_id = :id ORDER BY occurred_at, id""")
                .bind("id", hubId).mapTo(InteractionRow.class).list();
    }

    /** Offers two customers for review, unless an agent has already decided they are two people. */
    public void addPossibleMatch(String hubId, String otherHubId, double score, OffsetDateTime now) {
        if (batched != null && batched.newCustomers().keeps(hubId)) {
            batched.newCustomers().possibleMatch(hubId, otherHubId, score, now);
            return;
        }
        if (keptApart(hubId, otherHubId)) {
            return;
        }
        for (String[] pair : List.of(new String[] {hubId, otherHubId}, new String[] {otherHubId, hubId})) {
            int exists = statements().createQuery("SELECT COUNT(*) FROM possible_match WHERE hub_id = :a AND other_hub_id = :b")
                    .bind("a", pair[0]).bind("b", pair[1]).mapTo(Integer.class).one();
            if (exists == 0) {
                statements().createUpdate("INSERT INTO possible_match (hub_id, other_hub_id, score, since) VALUES (:a, :b, :score, :now)")
                        .bind("a", pair[0]).bind("b", pair[1]).bind("score", score).bind("now", now).execute();
            }
        }
    }

    /**
     * Whether two live customers were decided to be two people (an agent's keep-apart, or a split), also when either
     * decision named an id merged into them since.
     */
    public boolean keptApart(String hubId, String otherHubId) {
        return statements().createQuery("""
                        SELECT COUNT(*) FROM kept_apart k
                        JOIN customer a ON a.hub_id = k.hub_id JOIN customer b ON b.hub_id = k.other_hub_id
                        WHERE COALESCE(a.merged_into, a.hub_id) = :a AND COALESCE(b.merged_into, b.hub_id) = :b""")
                .bind("a", hubId).bind("b", otherHubId).mapTo(Integer.class).one() > 0;
    }

    /** The customers other than these that a keep-apart decision about any of these ids names. */
    public Set<String> keptApartFromOthers(Collection<String> hubIds) {
        return new LinkedHashSet<>(statements().createQuery("""
                        SELECT DISTINCT other_hub_id FROM kept_apart WHERE hub_id IN (<ids>) AND other_hub_id NOT IN (<ids>)""")
                .bindList("ids", List.copyOf(hubIds)).mapTo(String.class).list());
    }

    /** The customers an id was split into (following merges to the id that was split); empty when it never was. */
    public List<String> splitInto(String hubId) {
        String current = hubId;
        for (int hop = 0; hop < MAX_MERGE_HOPS; hop++) {
            Optional<CustomerRow> row = customer(current);
            if (row.isEmpty()) {
                return List.of();
            }
            if (row.get().splitAt() != null) {
                return statements().createQuery("SELECT split_into FROM customer_split WHERE hub_id = :id ORDER BY split_into")
                        .bind("id", current).mapTo(String.class).list();
            }
            if (row.get().mergedInto() == null) {
                return List.of();
            }
            current = row.get().mergedInto();
        }
        throw new IllegalStateException("merge chain too long from " + hubId);
    }

    /** The live customer and every id merged into it, however long ago. */
    public Set<String> idsOf(String survivor) {
        Set<String> ids = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(survivor));
        while (!next.isEmpty()) {
            String id = next.pop();
            if (ids.add(id)) {
                next.addAll(mergedIds(id));
            }
        }
        return ids;
    }

    /**
     * The archived messages that concern any of these ids (linked at ingest, or named by what they stored), oldest
     * first, without the one given (the split itself).
     */
    public List<ArchivedContent> messagesConcerning(Collection<String> hubIds, String except) {
        writeBatchRows();
        return statements().createQuery("""
                        SELECT message_id, channel, document_type, received_at, text_body, content FROM raw_message
                        WHERE message_id <> :except AND message_id IN (
                            SELECT message_id FROM message_customer WHERE hub_id IN (<ids>)
                            UNION SELECT message_id FROM attribute_value WHERE hub_id IN (<ids>)
                            UNION SELECT message_id FROM interaction WHERE hub_id IN (<ids>)
                            UNION SELECT message_id FROM merge_log WHERE survivor IN (<ids>) OR merged IN (<ids>))
                        ORDER BY received_at, message_id""")
                .bindList("ids", List.copyOf(hubIds)).bind("except", except)
                .map((rs, ctx) -> new ArchivedContent(rs.getString("message_id"), rs.getString("channel"),
                        rs.getString("document_type"), rs.getObject("received_at", OffsetDateTime.class),
                        rs.getBoolean("text_body"), rs.getBytes("content")))
                .list();
    }

    /** The ids an archived message concerned when it was applied. */
    public List<String> concernedBy(String messageId) {
        writeBatchRows();
        return statements().createQuery("SELECT hub_id FROM message_customer WHERE message_id = :id ORDER BY hub_id")
                .bind("id", messageId).mapTo(String.class).list();
    }

    /**
     * Empties a customer about to be split: its identifiers other than channel keys, blocking keys, values, history,
     * possible matches, value figures and reminders go (the split rebuilds them from the archive), and every id it
     * had is marked split. Its channel keys stay until {@link #moveKey} hands each to the customer of its group.
     */
    public void emptyForSplit(Collection<String> hubIds, OffsetDateTime now) {
        writeBatchRows();
        if (batched != null) {
            // the interactions it deletes are added again by the split's replay: the store is asked about them now
            batched.forgetStoredInteractions();
        }
        List<String> ids = List.copyOf(hubIds);
        writtenCustomers.addAll(ids);
        ids.forEach(this::valuesChange);
        statements().createUpdate("DELETE FROM identifier WHERE hub_id IN (<ids>) AND kind <> 'key'").bindList("ids", ids).execute();
        statements().createUpdate("DELETE FROM blocking_key WHERE hub_id IN (<ids>)").bindList("ids", ids).execute();
        keysDeleted(ids);
        statements().createUpdate("DELETE FROM attribute_value WHERE hub_id IN (<ids>)").bindList("ids", ids).execute();
        statements().createUpdate("DELETE FROM interaction WHERE hub_id IN (<ids>)").bindList("ids", ids).execute();
        statements().createUpdate("DELETE FROM possible_match WHERE hub_id IN (<ids>) OR other_hub_id IN (<ids>)")
                .bindList("ids", ids).execute();
        statements().createUpdate("DELETE FROM customer_value WHERE hub_id IN (<ids>)").bindList("ids", ids).execute();
        statements().createUpdate("DELETE FROM reminder WHERE hub_id IN (<ids>)").bindList("ids", ids).execute();
        ids.forEach(reminders()::changed);
        statements().createUpdate("UPDATE customer SET split_at = :now, updated_at = :now WHERE hub_id IN (<ids>)")
                .bindList("ids", ids).bind("now", now).execute();
    }

    /** Hands a channel key of a customer being split to the customer of its group, keeping when it was first seen. */
    public void moveKey(String key, String hubId) {
        keyMoved = true;
        statements().createUpdate("UPDATE identifier SET hub_id = :hubId WHERE kind = 'key' AND id_value = :key")
                .bind("hubId", hubId).bind("key", key).execute();
    }

    /** Records what an id was split into. */
    public void recordSplit(String hubId, String into, String messageId) {
        statements().createUpdate("INSERT INTO customer_split (hub_id, split_into, message_id) VALUES (:id, :into, :msg)")
                .bind("id", hubId).bind("into", into).bind("msg", messageId).execute();
    }

    /**
     * Possible matches as pairs, each once, best score first, with each side's lifetime value where known, at most
     * limit of them: the agents' review queue.
     */
    public List<StoreRows.ReviewPair> reviewQueue(int limit) {
        return statements().createQuery("""
                        SELECT p.hub_id, p.other_hub_id, p.score, p.since, va.lifetime_value AS value_a,
                               vb.lifetime_value AS value_b
                        FROM possible_match p
                        LEFT JOIN customer_value va ON va.hub_id = p.hub_id
                        LEFT JOIN customer_value vb ON vb.hub_id = p.other_hub_id
                        WHERE p.hub_id < p.other_hub_id
                        ORDER BY p.score DESC, COALESCE(va.lifetime_value, 0) + COALESCE(vb.lifetime_value, 0) DESC,
                                 p.hub_id, p.other_hub_id
                        LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new StoreRows.ReviewPair(rs.getString("hub_id"), rs.getString("other_hub_id"),
                        rs.getDouble("score"), rs.getObject("since", OffsetDateTime.class),
                        (Double) rs.getObject("value_a", Double.class), (Double) rs.getObject("value_b", Double.class)))
                .list();
    }

    /** An agent's decision that two customers are two people: no longer a possible match, now or later. */
    public void keepApart(String hubId, String otherHubId, String decidedBy, OffsetDateTime now) {
        statements().createUpdate("DELETE FROM possible_match WHERE hub_id = :a AND other_hub_id = :b OR hub_id = :b AND other_hub_id = :a")
                .bind("a", hubId).bind("b", otherHubId).execute();
        for (String[] pair : List.of(new String[] {hubId, otherHubId}, new String[] {otherHubId, hubId})) {
            if (!keptApart(pair[0], pair[1])) {
                statements().createUpdate("""
                                INSERT INTO kept_apart (hub_id, other_hub_id, decided_by, decided_at) VALUES (:a, :b, :by, :now)""")
                        .bind("a", pair[0]).bind("b", pair[1]).bind("by", decidedBy).bind("now", now).execute();
            }
        }
    }

    public List<PossibleMatchRow> possibleMatches(String hubId) {
        return statements().createQuery("SELECT other_hub_id, score, since FROM possible_match WHERE hub_id = :id ORDER BY score DESC")
                .bind("id", hubId).mapTo(PossibleMatchRow.class).list();
    }

    public List<String> mergedIds(String hubId) {
        return statements().createQuery("SELECT hub_id FROM customer WHERE merged_into = :id ORDER BY updated_at, hub_id")
                .bind("id", hubId).mapTo(String.class).list();
    }

    /**
     * Folds one customer into another: identifiers, blocking keys, values, history and reminders move to the survivor,
     * and the merged-away id keeps answering through merged_into.
     */
    public void merge(String survivor, String merged, String messageId, OffsetDateTime now) {
        writtenCustomers.add(survivor);
        writtenCustomers.add(merged);
        writeBatchRows();
        statements().createUpdate("UPDATE identifier SET hub_id = :survivor WHERE hub_id = :merged")
                .bind("survivor", survivor).bind("merged", merged).execute();
        addBlockingKeys(survivor, statements().createQuery("SELECT block_key FROM blocking_key WHERE hub_id = :merged")
                .bind("merged", merged).mapTo(String.class).list());
        statements().createUpdate("DELETE FROM blocking_key WHERE hub_id = :merged").bind("merged", merged).execute();
        keysDeleted(List.of(merged));
        for (AttributeRow row : attributes(merged)) {
            stateAttribute(survivor, new StatedValue(row.attribute(), row.qualifier(), row.valueKey(), row.valueJson()),
                    new Provenance(row.channel(), row.messageId(), row.effectiveAt(), row.statedBy()));
        }
        valuesChange(merged);
        statements().createUpdate("DELETE FROM attribute_value WHERE hub_id = :merged").bind("merged", merged).execute();
        statements().createUpdate("UPDATE interaction SET hub_id = :survivor WHERE hub_id = :merged")
                .bind("survivor", survivor).bind("merged", merged).execute();
        reminders().merge(survivor, merged, now);
        for (PossibleMatchRow row : possibleMatches(merged)) {
            if (!row.otherHubId().equals(survivor)) {
                addPossibleMatch(survivor, row.otherHubId(), row.score(), row.since());
            }
        }
        statements().createUpdate("DELETE FROM possible_match WHERE hub_id = :merged OR other_hub_id = :merged")
                .bind("merged", merged).execute();
        // ids merged earlier into the merged customer now point straight at the survivor: lookups stay one hop
        statements().createUpdate("UPDATE customer SET merged_into = :survivor WHERE merged_into = :merged")
                .bind("survivor", survivor).bind("merged", merged).execute();
        statements().createUpdate("INSERT INTO merge_log (survivor, merged, message_id, merged_at) VALUES (:s, :m, :msg, :now)")
                .bind("s", survivor).bind("m", merged).bind("msg", messageId).bind("now", now).execute();
        statements().createUpdate("UPDATE customer SET merged_into = :survivor, updated_at = :now WHERE hub_id = :merged")
                .bind("survivor", survivor).bind("merged", merged).bind("now", now).execute();
        touch(survivor, now);
    }
}
