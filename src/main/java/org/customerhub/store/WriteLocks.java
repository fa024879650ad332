package org.customerhub.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;

import com.google.common.hash.Hashing;
import com.google.common.util.concurrent.Striped;

/**
 * The lock keys that keep two writers apart only when they can touch the same person. In this process a key is one of
 * a fixed set of striped locks; on PostgreSQL it is also a transaction-level advisory lock on the key's 64-bit hash,
 * which keeps writers of other hub nodes out. Keys are taken in one order (stripes by index, advisory locks by hash):
 * whoever waits holds only keys before the one it waits for, so no two writers wait for each other. A writer that
 * already holds keys of other work never waits: it tries, and on failure gives the work back (see {@link GroupCommit}).
 */
final class WriteLocks {
    /** Many more stripes than keys in flight, so that unrelated messages rarely share one. */
    private static final int STRIPES = 4096;

    private final Striped<Lock> stripes = Striped.lock(STRIPES);
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();

    /** A key's advisory lock id: the same on every node, so that nodes lock the same key alike. */
    static long hash(String key) {
        return Hashing.farmHashFingerprint64().hashString(key, StandardCharsets.UTF_8).asLong();
    }

    long waits() {
        return waits.sum();
    }

    long waitNanos() {
        return waitNanos.sum();
    }

    /** The keys one transaction holds, released together once it has committed or rolled back. */
    Held holdIn(StoreTransaction tx) {
        return new Held(tx);
    }

    final class Held {
        private final StoreTransaction tx;
        private final List<Lock> locks = new ArrayList<>();
        private final Set<String> keys = new HashSet<>();
        private final List<String> keyOrder = new ArrayList<>();
        /** The savepoint set before the current piece of work, which took nothing else since. */
        private String pieceSavepoint;

        private Held(StoreTransaction tx) {
            this.tx = tx;
        }

        /** A piece of work begins after this savepoint; answers how much was held before it (see {@link #releaseTo}). */
        Mark startPiece(String savepoint) {
            pieceSavepoint = savepoint;
            return mark();
        }

        private Mark mark() {
            return new Mark(locks.size(), keyOrder.size());
        }

        /**
         * Takes the keys not held yet; waiting for them when mayWait (the piece's first step in a transaction that holds
         * nothing else), else only if free at once. Answers whether all are held now; when not, none of them was taken
         * (the caller rolls back to the piece's savepoint, which releases advisory locks taken in a failed try).
         */
        boolean acquire(Collection<String> wanted, boolean mayWait) {
            List<String> missing = wanted.stream().filter(key -> !keys.contains(key)).distinct().sorted().toList();
            if (missing.isEmpty()) {
                return true;
            }
            Mark before = mark();
            for (Lock stripe : stripes.bulkGet(missing)) {
                if (!stripe.tryLock()) {
                    if (!mayWait) {
                        releaseTo(before);
                        return false;
                    }
                    long start = System.nanoTime();
                    stripe.lock();
                    waited(start);
                }
                locks.add(stripe);
            }
            if (tx.advisoryLocks()) {
                long[] hashes = missing.stream().mapToLong(WriteLocks::hash).distinct().sorted().toArray();
                if (!tx.tryAdvisoryLocks(hashes)) {
                    if (!mayWait) {
                        releaseTo(before);
                        return false;
                    }
                    // those the try took are held out of order: given back, then all taken waiting, in order
                    tx.rollbackToSavepoint(pieceSavepoint);
                    tx.savepoint(pieceSavepoint);
                    long start = System.nanoTime();
                    tx.advisoryLocks(hashes);
                    waited(start);
                }
            }
            keys.addAll(missing);
            keyOrder.addAll(missing);
            return true;
        }

        /**
         * Gives back the stripes and keys taken since the mark; the caller rolls the transaction back to the savepoint
         * set at the mark, which releases their advisory locks.
         */
        void releaseTo(Mark mark) {
            while (locks.size() > mark.locks()) {
                locks.remove(locks.size() - 1).unlock();
            }
            while (keyOrder.size() > mark.keys()) {
                keys.remove(keyOrder.remove(keyOrder.size() - 1));
            }
        }

        /** After the transaction ended: the database released its advisory locks, these are the stripes. */
        void releaseAll() {
            releaseTo(new Mark(0, 0));
        }
    }

    record Mark(int locks, int keys) {
    }

    private void waited(long start) {
        waits.increment();
        waitNanos.add(System.nanoTime() - start);
    }
}
