package org.customerhub.store;

/**
 * A commit was sent and no answer came back (the connection broke during it): the work may or may not be stored, and
 * only the database, once it answers again, can tell.
 */
public final class CommitOutcomeUnknownException extends RuntimeException {
    CommitOutcomeUnknownException(Throwable cause) {
        super("the commit's outcome is unknown: " + cause, cause);
    }
}
