package org.customerhub.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids of rows the write path adds (customers, messages, change events) as UUIDs of version 7 (RFC 9562): the first 48
 * bits are the time in milliseconds, the other 74 are random as in a version 4. Their text sorts by time, so each
 * index keyed by one takes new keys at its right edge: a batch dirties a few B-tree pages instead of one page in every
 * part of the index, and H2 writes out those few (random ids had a load's page writes grow with the store's size).
 */
public final class TimeOrderedIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_IETF = 0x8000_0000_0000_0000L;

    private TimeOrderedIds() {
    }

    public static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        long random = RANDOM.nextLong();
        long high = epochMillis << 16 | VERSION_7 | random >>> 52;
        long low = RANDOM.nextLong() >>> 2 | VARIANT_IETF;
        return new UUID(high, low).toString();
    }
}
