package org.customerhub.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ObjIntConsumer;

import org.customerhub.store.CustomerStore.Work;
import org.customerhub.store.GroupCommit;
import org.customerhub.store.StoreRows.CandidateSearch;
import org.customerhub.store.StoreRows.FoundCustomer;
import org.customerhub.store.StoreTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity resolution of a load's batch run ahead of its writer, on other threads and connections, each record against
 * the store as the batch found it: no other writer commits while a batch is open ({@link GroupCommit#runAlone}).
 * Searching, decoding and scoring the candidates is a third of the writer's CPU for a new customer, and the search a
 * round trip it waits for.
 * <p>
 * The writer takes a record's resolution only when nothing the batch wrote before that record can change it: none of
 * the record's identifiers or blocking keys was written to anyone since, none of the customers the resolution read
 * about was written, and no merge or agent's decision moved keys between customers (those end taking resolutions for
 * the rest of the batch). Otherwise, and for a record no thread has reached yet, the writer resolves it itself; while
 * its transaction has run no statement, a record whose resolution it could not take is resolved again from the store's
 * answer to the search made ahead, with the batch's kept new customers beside it, rather than a search of its own.
 */
final class ResolvedAhead {
    private static final Logger LOG = LoggerFactory.getLogger(ResolvedAhead.class);
    /** Records a thread resolves in one go, on one connection. */
    private static final int CHUNK = 16;
    private static final int FREE = 0;
    private static final int AHEAD = 1;
    private static final int WRITER = 2;
    private static final CompletableFuture<Resolved> DONE = CompletableFuture.completedFuture(null);

    /**
     * A party resolved: its identifiers by kind, what resolution read, what it decided, the store's answer to its
     * candidate search (null when it searched nothing), and the identifiers and values of the customer it is, where
     * they were read ahead (else none).
     */
    record Resolved(Map<String, List<String>> identifiers, StoreCandidates candidates,
                    IdentityResolver.Resolution resolution, CandidateSearch searched, Map<String, FoundCustomer> found) {
        Resolved withFound(Map<String, FoundCustomer> read) {
            return new Resolved(identifiers, candidates, resolution, searched, read);
        }
    }

    /**
     * Resolves the one party of each of these records (indexes in the batch, in order) against the store, giving each
     * to done as soon as it is resolved: null for a record the writer resolves itself.
     */
    interface Resolver {
        void resolve(StoreTransaction tx, List<Integer> indexes, ObjIntConsumer<Resolved> done);
    }

    private final AtomicIntegerArray claims;
    /** Each record's resolution; one the writer has taken is let go (its search's answer is the bulk of a batch's). */
    private final AtomicReferenceArray<CompletableFuture<Resolved>> results;
    /** Chunks not yet ended: the batch ends after the last, so that no connection opens past its end (H2 compacts). */
    private final CountDownLatch chunks;
    private final Set<List<String>> writtenIdentifiers = new HashSet<>();
    private final Set<String> writtenKeys = new HashSet<>();
    private final Set<String> writtenCustomers = new HashSet<>();
    private final StoreTransaction writing;
    private final long statementsAtStart;
    private boolean moved;
    private int taken;
    private int searchedAheadUsed;
    /** The store's answer to the search made ahead for a record whose resolution the writer could not take. */
    private CandidateSearch untaken;
    private int untakenIndex = -1;

    private ResolvedAhead(int records, StoreTransaction writing) {
        this.writing = writing;
        statementsAtStart = writing.statementsRun();
        claims = new AtomicIntegerArray(records);
        chunks = new CountDownLatch((records + CHUNK - 1) / CHUNK);
        results = new AtomicReferenceArray<>(records);
        for (int i = 0; i < records; i++) {
            results.set(i, new CompletableFuture<>());
        }
    }

    /**
     * Starts resolving the batch's records, in order, on the pool's threads, CHUNK records a connection and search,
     * as the store is before the writer's transaction (writing) writes anything.
     */
    static ResolvedAhead start(int records, Executor pool, GroupCommit reads, StoreTransaction writing, Resolver resolver) {
        ResolvedAhead ahead = new ResolvedAhead(records, writing);
        for (int start = 0; start < records; start += CHUNK) {
            int from = start;
            int to = Math.min(records, start + CHUNK);
            try {
                pool.execute(() -> ahead.resolveChunk(from, to, reads, resolver));
            } catch (RejectedExecutionException shutDown) {
                // the writer resolves these itself
                ahead.chunks.countDown();
            }
        }
        return ahead;
    }

    private void resolveChunk(int from, int to, GroupCommit reads, Resolver resolver) {
        try {
            if (!anyFree(from, to)) {
                return;
            }
            reads.reading((Work<Void>) tx -> {
                // the chunk at once: its searches are one round trip
                List<Integer> claimed = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    if (claims.compareAndSet(i, FREE, AHEAD)) {
                        claimed.add(i);
                    }
                }
                if (!claimed.isEmpty()) {
                    resolver.resolve(tx, claimed, (resolved, i) -> results.get(i).complete(resolved));
                }
                return null;
            });
        } catch (RuntimeException failure) {
            // the writer resolves these itself, as it would have without a thread ahead
            LOG.warn("Resolving records {} to {} of a load's batch ahead of its writer failed, the writer resolves them: {}",
                    from, to - 1, failure.toString());
        } finally {
            for (int i = from; i < to; i++) {
                results.get(i).complete(null);
            }
            chunks.countDown();
        }
    }

    private boolean anyFree(int from, int to) {
        for (int i = from; i < to; i++) {
            if (claims.get(i) == FREE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The record's resolution made ahead, when it still holds; null when the writer resolves the record itself. Asked
     * before the writer touches the record, so that no two threads read it at once. The writer also takes the holders
     * of the record's identifiers that resolution saw, and gives a new customer those nobody held without asking the
     * store again (StoreTransaction.sawHolders): so anything that gives, moves or deletes an identifier in a batch must
     * be heard here (wrote, or moved for the rest of the batch).
     */
    Resolved take(int index) {
        if (claims.compareAndSet(index, FREE, WRITER) || claims.get(index) == WRITER) {
            return null;
        }
        if (moved) {
            results.set(index, DONE);
            return null;
        }
        Resolved resolved = results.get(index).join();
        results.set(index, DONE);
        // each of the record's few against the batch's many (Collections.disjoint would walk the batch's)
        if (resolved == null || resolved.resolution().blockingKeys().stream().anyMatch(writtenKeys::contains)
                || resolved.candidates().customersRead().stream().anyMatch(writtenCustomers::contains)
                || resolved.identifiers().entrySet().stream().anyMatch(kind -> kind.getValue().stream()
                        .anyMatch(value -> writtenIdentifiers.contains(List.of(kind.getKey(), value))))) {
            if (resolved != null && resolved.searched() != null) {
                untaken = resolved.searched();
                untakenIndex = index;
            }
            return null;
        }
        return resolved;
    }

    /**
     * For a record whose resolution made ahead the writer could not take: the store's answer to its search, while
     * the writer's transaction has run no statement since the batch began (so its store is the one searched ahead,
     * what it wrote being the kept new customers the search answers beside it, see StoreTransaction.searchedBefore);
     * otherwise null, and the writer searches again.
     */
    CandidateSearch searchedAhead(int index) {
        if (index != untakenIndex || moved || writing.statementsRun() != statementsAtStart) {
            return null;
        }
        searchedAheadUsed++;
        return untaken;
    }

    /** How many records the writer resolved again from the search made ahead, without a search of its own. */
    int searchedAheadUsed() {
        return searchedAheadUsed;
    }

    /** The writer applied a resolution it took (a record loaded before takes one it does not use). */
    void used() {
        taken++;
    }

    /** The writer wrote these identifiers and blocking keys to these customers (created, merged into or changed). */
    void wrote(Map<String, List<String>> identifiers, Collection<String> blockingKeys, Collection<String> customers) {
        identifiers.forEach((kind, values) -> values.forEach(value -> writtenIdentifiers.add(List.of(kind, value))));
        writtenKeys.addAll(blockingKeys);
        writtenCustomers.addAll(customers);
    }

    /**
     * A merge or an agent's decision moved keys and identifiers between customers: no resolution made ahead holds
     * any more, so no thread starts another.
     */
    void moved() {
        moved = true;
        claimRest();
    }

    private void claimRest() {
        for (int i = 0; i < claims.length(); i++) {
            claims.compareAndSet(i, FREE, WRITER);
        }
    }

    /** How many records' resolutions the writer took. */
    int taken() {
        return taken;
    }

    /** Claims every record no thread has reached and waits for the chunks in hand: nothing reads past the batch's end. */
    void finish() {
        claimRest();
        boolean interrupted = false;
        while (true) {
            try {
                chunks.await();
                break;
            } catch (InterruptedException e) {
                // the batch's connections must all be back before it ends, whatever else stops it
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
