package org.customerhub.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.customerhub.store.CustomerStore.Work;

/**
 * Writers that wait for each other only when their work shares a lock key, with one commit for the work that queued
 * meanwhile (group commit). A caller queues its work with the keys it can touch; up to {@code writers} threads at a
 * time each take queued work into a transaction of their own, in queue order, each piece under a savepoint, so that a
 * piece that fails undoes only its own writes and fails only its caller. A transaction's first piece waits for its keys
 * ({@link WriteLocks}); a later piece whose keys another writer holds goes back to the head of the queue and the
 * transaction commits without it, so no writer waits while holding keys of other work. A piece rolled back for a
 * reason that is not its own (a lock conflict found after reading, a unique key another writer took meanwhile
 * (SQL state 23505), a serialisation failure (40001), a deadlock (40P01) or, on H2, a row lock's timeout (HYT00)) is
 * queued again, at most maxAttempts times.
 * Nobody's call returns before the commit that holds its writes: a caller that acknowledges its message afterwards
 * still acknowledges only what is stored. A commit of its own per message was a third of the time spent writing.
 */
public final class GroupCommit {
    /** The key every writer holds shared and {@link #exclusively} alone, on every hub node. */
    static final long HUB_WIDE = WriteLocks.hash("hub:writers");
    /** A unique key taken meanwhile, a serialisation failure, a deadlock, H2's row lock timeout (it has no 40P01). */
    private static final Set<String> RETRIED_STATES = Set.of("23505", "40001", "40P01", "HYT00");

    private final CustomerStore store;
    private final int maxBatch;
    private final int maxAttempts;
    private final Semaphore writers;
    private final WriteLocks locks = new WriteLocks();
    /** Writers hold it shared for a transaction, {@link #exclusively} alone. */
    private final ReadWriteLock hub = new ReentrantReadWriteLock();
    private final LinkedBlockingDeque<Queued<?>> queued = new LinkedBlockingDeque<>();
    private final LongAdder messages = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder retries = new LongAdder();

    public GroupCommit(CustomerStore store, int maxBatch, int writers, int maxAttempts) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one piece of work, not " + maxBatch);
        }
        if (writers < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("at least one writer and one attempt, not " + writers + " and " + maxAttempts);
        }
        this.store = store;
        this.maxBatch = maxBatch;
        this.maxAttempts = maxAttempts;
        this.writers = new Semaphore(writers, true);
    }

    /**
     * Runs work, holding the lock keys, in a transaction that may hold other callers' work too; answers once that
     * transaction committed. Work that finds more keys it must hold takes them with {@link StoreTransaction#lock}.
     */
    public <T> T run(Collection<String> lockKeys, Work<T> work) {
        Queued<T> mine = new Queued<>(lockKeys, work);
        queued.add(mine);
        while (mine.awaitQueuedOrEnded()) {
            writers.acquireUninterruptibly();
            try {
                commitNextBatch();
            } finally {
                writers.release();
            }
        }
        return mine.outcome();
    }

    /**
     * Runs work while nothing is written by any writer of this hub node or, on PostgreSQL, of any other (new matching
     * settings, an erasure); it opens its own transactions.
     */
    public <T> T exclusively(Supplier<T> work) {
        hub.writeLock().lock();
        try {
            return store.holdingAlone(HUB_WIDE, work);
        } finally {
            hub.writeLock().unlock();
        }
    }

    /** Pieces waiting for a writer now. */
    public int queuedPieces() {
        return queued.size();
    }

    public WriteStats stats() {
        return new WriteStats(messages.sum(), commits.sum(), locks.waits(), locks.waitNanos() / 1e6, retries.sum());
    }

    /**
     * Runs work in a transaction of its own while no other writer of this hub node or, on PostgreSQL, of any other
     * writes: a load's batch. Its records' lock keys as advisory locks (about 10,000 for 2,000 records) overflow
     * PostgreSQL's lock table, which holds max_locks_per_transaction (64) times max_connections for every session
     * together; one lock on the key every writer holds shared takes a single entry. On H2 the load has the store
     * alone (a running hub keeps other processes out of its file). Nothing is retried here: a caller that wants
     * another try makes it.
     */
    public <T> T runAlone(Work<T> work) {
        hub.writeLock().lock();
        try {
            T result = store.inTransaction(tx -> {
                if (tx.advisoryLocks()) {
                    // inside exclusively its session holds the key: taking it here again would wait for that session
                    Integer aloneSession = store.aloneSession();
                    if (aloneSession == null) {
                        tx.exclusiveAdvisoryLock(HUB_WIDE);
                    } else {
                        tx.stillHeldAlone(aloneSession, HUB_WIDE);
                    }
                }
                return work.run(tx);
            });
            commits.increment();
            return result;
        } finally {
            hub.writeLock().unlock();
        }
    }

    /** Reads on a connection of their own, beside the writers and outside their locks (see CustomerStore.reading). */
    public <T> T reading(Work<T> work) {
        return store.reading(work);
    }

    private void commitNextBatch() {
        hub.readLock().lock();
        Queued<?> head = queued.pollFirst();
        if (head == null) {
            hub.readLock().unlock();
            return;
        }
        head.running();
        // in the batch before the transaction opens: a store that cannot be reached fails it, as any failure no
        // savepoint contains fails every piece in the batch
        List<Queued<?>> batch = new ArrayList<>(List.of(head));
        List<WriteLocks.Held> held = new ArrayList<>(1);
        try {
            store.inTransaction(tx -> {
                WriteLocks.Held keys = locks.holdIn(tx);
                held.add(keys);
                tx.holdLocks(keys);
                if (tx.advisoryLocks()) {
                    tx.sharedAdvisoryLock(HUB_WIDE);
                }
                batch.clear();
                for (Queued<?> next = head; next != null; next = batch.size() < maxBatch ? queued.pollFirst() : null) {
                    next.running();
                    boolean first = batch.isEmpty();
                    batch.add(next);
                    Outcome outcome = next.runIn(tx, keys, "piece" + batch.size(), first);
                    if (outcome == Outcome.DONE) {
                        continue;
                    }
                    batch.remove(batch.size() - 1);
                    if (outcome == Outcome.FAILED) {
                        // its writes are undone and it holds no keys: its caller may learn now
                        next.end();
                        continue;
                    }
                    if (outcome == Outcome.RETRY) {
                        retries.increment();
                    }
                    // at the head again, where the next transaction takes it first and may wait for its keys
                    requeue(next);
                    break;
                }
                return null;
            });
        } catch (RuntimeException | Error failure) {
            for (Queued<?> piece : batch) {
                if (retriable(failure) && piece.anotherAttempt()) {
                    retries.increment();
                    requeue(piece);
                } else {
                    piece.failed(failure);
                }
            }
            return;
        } finally {
            held.forEach(WriteLocks.Held::releaseAll);
            hub.readLock().unlock();
        }
        messages.add(batch.size());
        if (!batch.isEmpty()) {
            commits.increment();
        }
        batch.forEach(Queued::end);
    }

    /** Marked queued before it is queued: a writer that takes it at once marks it running after this. */
    private void requeue(Queued<?> piece) {
        piece.requeued();
        queued.addFirst(piece);
    }

    /** Whether a failure is another writer's doing, so that the same work may well succeed when tried again. */
    static boolean retriable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WriteConflictException) {
                return true;
            }
            // a driver may leave the state out (a connection the pool closed), and Set.of refuses to look up null
            if (cause instanceof SQLException sql && sql.getSQLState() != null && RETRIED_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private enum Outcome { DONE, DEFERRED, RETRY, FAILED }

    private enum State { QUEUED, RUNNING, ENDED }

    private final class Queued<T> {
        private final Work<T> work;
        private final Set<String> lockKeys;
        private T result;
        private Throwable failure;
        private int attempts;
        /** Guarded by this; the caller waits on it while another thread runs its work. */
        private State state = State.QUEUED;

        Queued(Collection<String> lockKeys, Work<T> work) {
            this.lockKeys = new TreeSet<>(lockKeys);
            this.work = work;
        }

        /** Answers true when the work is queued (its caller should lead a transaction), false once it ended. */
        synchronized boolean awaitQueuedOrEnded() {
            boolean interrupted = false;
            while (state == State.RUNNING) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // the work is in a transaction already; its outcome is what the caller must learn
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return state == State.QUEUED;
        }

        synchronized void running() {
            state = State.RUNNING;
        }

        synchronized void requeued() {
            state = State.QUEUED;
            notifyAll();
        }

        synchronized void end() {
            state = State.ENDED;
            notifyAll();
        }

        boolean anotherAttempt() {
            return ++attempts < maxAttempts;
        }

        Outcome runIn(StoreTransaction tx, WriteLocks.Held keys, String savepoint, boolean first) {
            tx.savepoint(savepoint);
            WriteLocks.Mark before = keys.startPiece(savepoint);
            try {
                if (!keys.acquire(lockKeys, first)) {
                    tx.rollbackToSavepoint(savepoint);
                    return Outcome.DEFERRED;
                }
                result = work.run(tx);
                failure = null;
                tx.releaseSavepoint(savepoint);
                return Outcome.DONE;
            } catch (RuntimeException pieceFailure) {
                tx.rollbackToSavepoint(savepoint);
                keys.releaseTo(before);
                result = null;
                if (pieceFailure instanceof WriteConflictException conflict) {
                    lockKeys.addAll(conflict.lockKeys());
                }
                if (retriable(pieceFailure) && anotherAttempt()) {
                    return Outcome.RETRY;
                }
                failure = pieceFailure;
                return Outcome.FAILED;
            }
        }

        void failed(Throwable batchFailure) {
            result = null;
            failure = batchFailure;
            end();
        }

        T outcome() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return result;
        }
    }
}
