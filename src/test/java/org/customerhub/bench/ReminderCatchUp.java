package org.customerhub.bench;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.customerhub.faults.HubProcess;

/**
 * A store seeded in bulk has every purchase above the reminders' watermark: the hub's first reminder check after its
 * start reads all of them once (about 30 s at a million customers). A benchmark waits for it, or it measures that
 * catch-up rather than the hub at work.
 */
final class ReminderCatchUp {
    private ReminderCatchUp() {
    }

    /** Waits until the hub's first reminder check has run to the end; prints how long that took. */
    static void await(HubProcess hub, Duration patience) {
        long started = System.nanoTime();
        Awaitility.await().atMost(patience).pollInterval(Duration.ofSeconds(1)).until(() -> hub.reminderChecks() > 0);
        System.out.printf("reminders' first check after the start (the seeded purchases read once): %.0f s%n",
                (System.nanoTime() - started) / 1e9);
    }
}
