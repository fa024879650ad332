package org.customerhub.bench;

/**
 * One timed request or message: when it was due or sent and when its answer or effect arrived, in System.nanoTime;
 * what: what was sent (a message's kind, a lookup's door).
 */
record RoundTrip(long startNanos, long endNanos, String what) {
    double millis() {
        return (endNanos - startNanos) / 1e6;
    }
}
