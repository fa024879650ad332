package org.customerhub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing doubled: about 2,000 channel messages (catalogue, web and store) to a hub in its own process,
 * which is killed with SIGKILL twice at random points, each right after it stored a message and before the broker had
 * its acknowledgement, and started again each time. Afterwards every message has left exactly one customer, one
 * interaction, one change event seen once by a subscriber that existed before the first message, and that event once on
 * each feed that takes it; and the hub recognised a message it had stored before a kill, and got again after it, as a
 * redelivery. bench/crash runs the same, longer.
 */
class CrashTest {
    private static final int MESSAGES = 2000;
    private static final int KILLS = 2;
    /** About what the hub takes on two shared cores: sending goes on across both kills. */
    private static final double SEND_RATE = 40;

    @Test
    void everyMessageTakesEffectExactlyOnceAcrossTwoKills() throws Exception {
        long seed = System.nanoTime();
        Path folder = Path.of("target", "crash", UUID.randomUUID().toString());
        CrashReport report = CrashRun.run(folder, new CrashRun.Settings(MESSAGES, KILLS, SEND_RATE, seed), System.out);
        String details = report.table() + report.summary() + "\nseed " + seed + ", hub log " + folder.resolve("hub.log")
                + (report.lost() + report.doubled() > 0 ? "\n" + CrashRun.warnings(folder.resolve("hub.log")) : "");
        System.out.println(details);
        assertThat(report.lost()).as(details).isZero();
        assertThat(report.doubled()).as(details).isZero();
        assertThat(report.redeliveries()).as("a message stored before a kill and delivered again recognised: " + details)
                .isPositive();
    }
}
