package org.customerhub.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.ObjectIntHashMap;
import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

/**
 * The blocking keys of the customers a load created, kept in memory while the load has the store to itself, so that
 * the candidate search counts their shared keys here and reads from the store only the keys of customers it held
 * before the load: the search was three fifths of the server's time in a load, and grew with the store's blocks.
 * <p>
 * The customers kept are exactly those whose ids sort after the boundary, the greatest id the store held when the
 * load began (all, when it held none): the load's own, as ids are ordered by time and nothing else writes meanwhile.
 * So the store is asked only up to the boundary, and each customer's keys are counted in one place. A transaction's
 * changes to kept customers' keys (Pending) count for its own searches at once and here once it commits. Past capacity
 * customers nothing is kept any more and the store answers the whole search again.
 * <p>
 * Keys are held as 64-bit fingerprints, a few bytes a key rather than a string: two of ten million keys share one with
 * a chance of a few in a million, which would make their customers candidates of each other's searches (scoring then
 * weighs them as any candidate).
 */
public final class KeptBlockingKeys {
    private static final HashFunction FINGERPRINT = Hashing.farmHashFingerprint64();
    private static final int NONE = -1;
    /**
     * Fuller than the maps' default (0.75): a million customers' six million or so distinct keys fit in 2^23 slots (100
     * MB) rather than 2^24; the look-ups probe a few more slots, next to each other.
     */
    private static final double KEY_LOAD_FACTOR = 0.9;

    /** Ids after this are kept here; null when the store held no customer. */
    private final String boundary;
    private final int capacity;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** A key's fingerprint to its newest posting; each posting names a customer and the key's posting before it. */
    private final LongIntHashMap newestPosting = new LongIntHashMap(1 << 12, KEY_LOAD_FACTOR);
    private int[] postingCustomer = new int[1 << 12];
    private int[] postingBefore = new int[1 << 12];
    private int postings;
    /** Each kept customer's id by number; null where a customer was dropped (its postings are passed over). */
    private final List<String> customers = new ArrayList<>();
    private final ObjectIntHashMap<String> numbers = new ObjectIntHashMap<>();
    private volatile boolean answering = true;
    private final LongAdder searches = new LongAdder();

    KeptBlockingKeys(String boundary, int capacity) {
        this.boundary = boundary;
        this.capacity = capacity;
    }

    /** Whether the customer's keys are kept here (while it answers) rather than in the store alone. */
    boolean keeps(String hubId) {
        return boundary == null || hubId.compareTo(boundary) > 0;
    }

    /** The greatest id the store held when the load began, up to which the store is searched; null: none. */
    String boundary() {
        return boundary;
    }

    /** Whether searches count kept customers here: until more than capacity customers were kept. */
    boolean answering() {
        return answering;
    }

    /**
     * Whether every customer's keys are kept here, so that no search reads a key from the store: it held no customer
     * when the load began, and no more than capacity were kept since.
     */
    public boolean holdsAll() {
        return boundary == null && answering;
    }

    /** Searches that counted kept customers' keys here. */
    public long searches() {
        return searches.sum();
    }

    /**
     * The kept customers sharing the most of these keys, at most limit of them ranked as the store ranks them, with
     * how many keys each shares: those committed, less those the transaction dropped, with those it added.
     */
    Map<String, Integer> sharing(Collection<String> keys, Pending pending, int limit) {
        searches.increment();
        Set<String> distinct = new LinkedHashSet<>(keys);
        Map<String, Integer> shared = new HashMap<>();
        lock.readLock().lock();
        try {
            for (String key : distinct) {
                for (int posting = newestPosting.getOrDefault(fingerprint(key), NONE); posting != NONE;
                     posting = postingBefore[posting]) {
                    String hubId = customers.get(postingCustomer[posting]);
                    if (hubId != null && !pending.dropped.contains(hubId)) {
                        shared.merge(hubId, 1, Integer::sum);
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        for (String key : distinct) {
            pending.byKey.getOrDefault(key, Set.of()).forEach(hubId -> shared.merge(hubId, 1, Integer::sum));
        }
        return NewCustomerRows.best(shared, limit);
    }

    /** Once the transaction committed: its changes are kept; past capacity nothing is kept any more. */
    void apply(Pending pending) {
        if (!answering || pending.dropped.isEmpty() && pending.added.isEmpty()) {
            return;
        }
        lock.writeLock().lock();
        try {
            pending.dropped.forEach(this::drop);
            pending.added.forEach(this::add);
            if (numbers.size() > capacity) {
                answering = false;
                newestPosting.clear();
                customers.clear();
                numbers.clear();
                postingCustomer = new int[0];
                postingBefore = new int[0];
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void drop(String hubId) {
        int number = numbers.getOrDefault(hubId, NONE);
        if (number != NONE) {
            customers.set(number, null);
            numbers.remove(hubId);
        }
    }

    private void add(String hubId, Set<String> keys) {
        drop(hubId);
        int number = customers.size();
        customers.add(hubId);
        numbers.put(hubId, number);
        for (String key : keys) {
            if (postings == postingCustomer.length) {
                // by half: doubling left up to half the arrays unused, 67 MB at a million customers
                postingCustomer = Arrays.copyOf(postingCustomer, postings + postings / 2);
                postingBefore = Arrays.copyOf(postingBefore, postings + postings / 2);
            }
            long fingerprint = fingerprint(key);
            postingCustomer[postings] = number;
            postingBefore[postings] = newestPosting.getOrDefault(fingerprint, NONE);
            newestPosting.put(fingerprint, postings);
            postings++;
        }
    }

    private static long fingerprint(String key) {
        return FINGERPRINT.hashUnencodedChars(key).asLong();
    }

    int size() {
        lock.readLock().lock();
        try {
            return numbers.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A transaction's changes to kept customers' keys: customers whose committed keys no longer count, and each
     * customer's keys as they now are. Copied at a savepoint, so that undoing to it undoes them too.
     */
    static final class Pending {
        private final Set<String> dropped = new HashSet<>();
        private final Map<String, Set<String>> added = new LinkedHashMap<>();
        private final Map<String, Set<String>> byKey = new HashMap<>();

        Pending() {
        }

        Pending(Pending from) {
            dropped.addAll(from.dropped);
            from.added.forEach((hubId, keys) -> added.put(hubId, new LinkedHashSet<>(keys)));
            from.byKey.forEach((key, hubIds) -> byKey.put(key, new HashSet<>(hubIds)));
        }

        /** The customer's keys are these now (none before, or those it had and more). */
        void keys(String hubId, Collection<String> keys) {
            drop(hubId);
            Set<String> distinct = new LinkedHashSet<>(keys);
            if (distinct.isEmpty()) {
                return;
            }
            added.put(hubId, distinct);
            distinct.forEach(key -> byKey.computeIfAbsent(key, k -> new HashSet<>()).add(hubId));
        }

        /** The customer holds no keys any more. */
        void drop(String hubId) {
            dropped.add(hubId);
            Set<String> keys = added.remove(hubId);
            if (keys != null) {
                keys.forEach(key -> byKey.get(key).remove(hubId));
            }
        }
    }
}
