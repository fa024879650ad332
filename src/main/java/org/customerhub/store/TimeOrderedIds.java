package org.customerhub.store;

import java.security.SecureRandom;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Ids of rows the write path adds (customers, messages, change events) as UUIDs of version 7 (RFC 9562): the first 48
 * bits are the time in milliseconds, the rest random. Their text sorts by time, so each index keyed by one takes new
 * keys at its right edge: a batch dirties a few B-tree pages instead of one page in every part of the index, and H2
 * writes out those few (random ids had a load's page writes grow with the store's size).
 */
public final class TimeOrderedIds {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator(new SecureRandom());

    private TimeOrderedIds() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }

    static String next(long epochMillis) {
        return GENERATOR.construct(epochMillis).toString();
    }
}
