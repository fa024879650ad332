package org.customerhub.store;

import java.security.SecureRandom;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;

/**
 * Ids of rows the hub adds (customers, messages, change events) as UUIDs of version 7 (RFC 9562): the first 48 bits
 * are the time in milliseconds, the other 74 random (a version 4 has 122). Their text sorts by the millisecond, so each
 * index keyed by one takes new keys at its right edge: a batch dirties a few B-tree pages instead of one page in every
 * part of the index, and H2 writes out those few (random ids had a load's page writes grow with the store's size).
 * The tail is drawn afresh for every id, not counted up within a millisecond, so a sample ordered by it is a spread.
 */
public final class TimeOrderedIds {
    private static final TimeBasedEpochRandomGenerator GENERATOR =
            Generators.timeBasedEpochRandomGenerator(new SecureRandom());

    private TimeOrderedIds() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }
}
