package org.customerhub.store;

/**
 * The write path's figures since the hub started, for the capacity model: messages applied, the commits that held
 * them (messages per commit tell how many share a commit's cost), how often and how long
 * a writer waited for another's lock keys (in this process or, on PostgreSQL, an advisory lock of another node), and
 * how many attempts were rolled back and tried again (a lock conflict, a unique key taken meanwhile, a serialisation
 * failure or deadlock).
 */
public record WriteStats(long messages, long commits, long lockWaits, double lockWaitMillis, long retries) {
}
