package org.customerhub.store;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.customerhub.store.StoreRows.AttributeRow;
import org.customerhub.store.StoreRows.CustomerRow;
import org.customerhub.store.StoreRows.IdentifierRow;
import org.customerhub.store.StoreRows.InteractionRow;
import org.customerhub.store.StoreRows.PossibleMatchRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.transaction.TransactionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point to the customer store: writes happen in one transaction each, reads see committed data. */
public final class CustomerStore {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerStore.class);
    private final Jdbi jdbi;
    /** PostgreSQL rather than H2: the one with advisory locks, for writers on several hub nodes. */
    private final boolean postgres;
    private volatile KeptIdentityValues kept;
    private volatile KeptBlockingKeys keptKeys;
    private volatile Integer aloneSession;

    public CustomerStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
        // a failed statement's message would otherwise carry its arguments: names, e-mails, addresses
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        StoreRows.mappers().forEach(jdbi::registerRowMapper);
        this.postgres = jdbi.withHandle(handle -> {
            try {
                return handle.getConnection().getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new IllegalStateException("the store's database did not say what it is", e);
            }
        }).equalsIgnoreCase("PostgreSQL");
    }

    /** Whether the database says it is PostgreSQL (rather than H2). */
    public boolean postgres() {
        return postgres;
    }

    /** A unit of work's operations on a handle of this store. */
    StoreTransaction on(Handle handle) {
        return new StoreTransaction(handle, postgres, kept, keptKeys);
    }

    /** What a load keeps in memory of the customers it creates: their identity values and their blocking keys. */
    public record Kept(KeptIdentityValues values, KeptBlockingKeys keys) {
    }

    /**
     * From now on keeps the identity values of the customers each transaction creates in a load's batch (see
     * KeptIdentityValues), and the blocking keys of every customer created from now on (see KeptBlockingKeys), at most
     * capacity customers: only while nothing but this process writes to the store, a load on H2 or one holding the
     * writers' key ({@link GroupCommit#exclusively}).
     */
    public Kept keepLoadedCustomers(int capacity) {
        // the greatest id as Java compares them, whatever the database's collation
        String boundary = jdbi.withHandle(handle -> handle.createQuery(postgres
                        ? "SELECT hub_id FROM customer ORDER BY hub_id COLLATE \"C\" DESC LIMIT 1"
                        : "SELECT hub_id FROM customer ORDER BY hub_id DESC LIMIT 1")
                .mapTo(String.class).findOne().orElse(null));
        kept = new KeptIdentityValues(capacity);
        keptKeys = new KeptBlockingKeys(boundary, capacity);
        return new Kept(kept, keptKeys);
    }

    /**
     * Runs work while this process holds the advisory lock alone, on a session of its own, so that no writer of any
     * hub node (each takes it shared in its transaction) runs meanwhile; on H2, which serves one node, just runs it.
     */
    <T> T holdingAlone(long lockHash, Supplier<T> work) {
        if (!postgres) {
            return work.get();
        }
        try (Handle session = jdbi.open()) {
            session.createQuery("SELECT count(*) FROM (SELECT pg_advisory_lock(:key)) AS taken").bind("key", lockHash)
                    .mapTo(Long.class).one();
            try {
                aloneSession = session.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
                return work.get();
            } finally {
                aloneSession = null;
                try {
                    session.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", lockHash).mapTo(Boolean.class).one();
                } catch (RuntimeException ended) {
                    // a session that ended holds nothing: what failed for it is the work's to report
                    LOG.warn("The session holding the hub-wide key alone had ended: {}", ended.toString());
                }
            }
        }
    }

    /** The server process of the session holding a key alone ({@link #holdingAlone}) while it does; null otherwise. */
    Integer aloneSession() {
        return aloneSession;
    }

    /** For other whole-store work of this package (an erasure), with the same mappers and settings. */
    Jdbi jdbi() {
        return jdbi;
    }

    public interface Work<T> {
        T run(StoreTransaction tx);
    }

    /**
     * Runs reads in a transaction of their own, each statement seeing what is committed when it runs: for
     * reads beside a transaction that keeps every other writer out meanwhile (see {@link GroupCommit#runAlone}), so
     * that what they see cannot change between their statements. One transaction for many statements: PostgreSQL
     * takes a statement's relation locks and snapshot per transaction otherwise.
     */
    public <T> T reading(Work<T> work) {
        return jdbi.inTransaction(handle -> work.run(on(handle)));
    }

    /**
     * Runs work in one transaction and returns its result once the transaction committed. The commit is the point of
     * no return: what fails after it (Jdbi restoring the connection's autocommit, the pool resetting and taking the
     * connection back) is logged and the result returned all the same. A database that went away right after a commit
     * (57P01 on restoring the connection's settings) otherwise failed work that was stored, and its
     * message was retried and dead-lettered while its change events were never published. A commit whose answer was lost
     * throws {@link CommitOutcomeUnknownException}: the work may be stored or not.
     */
    public <T> T inTransaction(Work<T> work) {
        Commit<T> commit = new Commit<>();
        try {
            return jdbi.inTransaction(handle -> {
                StoreTransaction tx = on(handle);
                T result = work.run(tx);
                // committed here rather than by Jdbi, whose commit also restores autocommit and so cannot tell a
                // failed commit from a failure after it; Jdbi's commit then has nothing left to commit
                try {
                    handle.getConnection().commit();
                } catch (SQLException e) {
                    if (!answerLost(e)) {
                        throw new TransactionException("Failed to commit transaction", e);
                    }
                    commit.unknown = new CommitOutcomeUnknownException(e);
                    throw commit.unknown;
                }
                commit.result = result;
                commit.done = true;
                tx.committed();
                return result;
            });
        } catch (RuntimeException failure) {
            if (commit.done) {
                LOG.warn("A transaction committed, then releasing its connection failed: {}", failure.toString());
                return commit.result;
            }
            // Jdbi's restoring autocommit, failing on the same broken connection, hides the commit's failure
            if (commit.unknown != null && commit.unknown != failure) {
                commit.unknown.addSuppressed(failure);
                throw commit.unknown;
            }
            throw failure;
        }
    }

    /**
     * Whether a failed commit left its outcome open: the connection broke (SQL states 08..., PostgreSQL's shutdown states
     * 57P0x, H2's broken connection 90067) or the driver could not say. A database that answered with an error rolled
     * the transaction back.
     */
    private static boolean answerLost(SQLException failure) {
        String state = failure.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("90067");
    }

    private static final class Commit<T> {
        private T result;
        private boolean done;
        private CommitOutcomeUnknownException unknown;
    }

    /** Everything stored about the customer the id now lives under (merges followed), or empty when never issued. */
    public Optional<CustomerView> read(String hubId) {
        return readAll(List.of(hubId)).stream().findFirst();
    }

    /**
     * The customers the ids now live under, each once, in the order first reached: one connection for all of them,
     * and each survivor's row read once on the way (a lookup's cost is its statements).
     */
    public List<CustomerView> readAll(List<String> hubIds) {
        if (hubIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> {
            StoreTransaction tx = on(handle);
            Map<String, CustomerView> views = new LinkedHashMap<>();
            for (String hubId : hubIds) {
                tx.survivingCustomer(hubId).filter(customer -> !views.containsKey(customer.hubId()))
                        .ifPresent(customer -> views.put(customer.hubId(), view(tx, customer)));
            }
            return List.copyOf(views.values());
        });
    }

    private static CustomerView view(StoreTransaction tx, CustomerRow customer) {
        String hubId = customer.hubId();
        return new CustomerView(customer, tx.identifiers(hubId), tx.mergedIds(hubId), tx.attributes(hubId),
                tx.interactions(hubId), tx.possibleMatches(hubId));
    }

    /** The customers an id was split into (see StoreTransaction.splitInto); empty when it never was. */
    public List<String> splitInto(String hubId) {
        return jdbi.withHandle(handle -> on(handle).splitInto(hubId));
    }

    /** Possible matches as pairs, best first: the agents' review queue. */
    public List<StoreRows.ReviewPair> reviewQueue(int limit) {
        return jdbi.withHandle(handle -> on(handle).reviewQueue(limit));
    }

    public List<String> findByIdentifier(String kind, String value) {
        return jdbi.withHandle(handle -> on(handle).findByIdentifier(kind, value).stream().toList());
    }

    public List<String> findByAttribute(String attribute, String valueKey) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT hub_id FROM attribute_value WHERE attribute = :attribute AND value_key = :key""")
                .bind("attribute", attribute).bind("key", valueKey).mapTo(String.class).list());
    }

    /**
     * Live customers with a blocking key that starts with the prefix; at most limit of them. EXISTS rather than a join:
     * with a join H2 reads every live customer and probes their keys; this reads only the matching keys' rows.
     */
    public List<String> findByBlockingKeyPrefix(String prefix, int limit) {
        String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT b.hub_id FROM blocking_key b
                        WHERE b.block_key LIKE :prefix ESCAPE '\\'
                          AND EXISTS (SELECT 1 FROM customer c WHERE c.hub_id = b.hub_id AND c.merged_into IS NULL)
                        ORDER BY b.hub_id LIMIT :limit""")
                .bind("prefix", escaped + "%").bind("limit", limit).mapTo(String.class).list());
    }

    /** Each customer's stated values of one attribute, as value JSON, for the given customers. */
    public Map<String, List<String>> values(Collection<String> hubIds, String attribute) {
        if (hubIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT hub_id, value_json FROM attribute_value WHERE hub_id IN (<ids>) AND attribute = :attribute""")
                .bindList("ids", List.copyOf(hubIds)).bind("attribute", attribute)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(row -> values.computeIfAbsent(row.getKey(), id -> new ArrayList<>()).add(row.getValue())));
        return values;
    }

    public List<String> findByInteraction(String channel, String sourceId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT hub_id FROM interaction
                        WHERE channel = :channel AND (source_id = :sourceId OR reference = :sourceId) AND hub_id IS NOT NULL""")
                .bind("channel", channel).bind("sourceId", sourceId).mapTo(String.class).list());
    }

    /**
     * Notes that a broker message was dead-lettered and is being replayed: it was acknowledged without publishing change
     * events, so a message whose work it had stored hands them to its next copy (see channel.BrokerRedeliveries).
     */
    public void recordDeadLettered(String brokerMessageId, OffsetDateTime replayedAt) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO dead_lettered_delivery (broker_message_id, replayed_at) SELECT :id, :at
                        WHERE NOT EXISTS (SELECT 1 FROM dead_lettered_delivery WHERE broker_message_id = :id)""")
                .bind("id", brokerMessageId).bind("at", replayedAt).execute());
    }

    /** For the health check: a round trip to the database. */
    public boolean isReachable() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Everything stored about one customer, as the query layer turns it into the canonical record. */
    public record CustomerView(CustomerRow customer, List<IdentifierRow> identifiers, List<String> mergedIds,
                               List<AttributeRow> attributes, List<InteractionRow> interactions,
                               List<PossibleMatchRow> possibleMatches) {
    }
}
