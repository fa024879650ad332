package org.customerhub.store;

import java.util.Set;

/**
 * Another writer holds what this piece of work found it must also lock (a customer its resolution linked), or wrote
 * what this one read meanwhile: the piece is rolled back and tried again, then waiting for the keys named here too.
 */
public final class WriteConflictException extends RuntimeException {
    private final Set<String> lockKeys;

    public WriteConflictException(String reason, Set<String> lockKeys) {
        super(reason, null, false, false);
        this.lockKeys = Set.copyOf(lockKeys);
    }

    /** The keys to take, waiting in order, before the next attempt. */
    public Set<String> lockKeys() {
        return lockKeys;
    }
}
