package org.customerhub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Hub nodes on a shared-store broker pair and one PostgreSQL, each a process of its own (see ClusterRun), under mixed
 * traffic of every channel. The bounded version of bench/cluster: a hub node killed with SIGKILL under load, then the
 * live broker killed with SIGKILL, in one run, then the same traffic through one node, whose store must hold the same
 * customers (keys and values, so what every merge made), interactions and possible matches; two nodes racing on one
 * person must not leave two customers, which takes the keyed lock of the write path across nodes. And PostgreSQL
 * stopped (fast: every session ended) and started again under load. After each, every message sent is in the store
 * once and every change event stored was published once.
 */
class ClusterTest {
    private static final int NODES = 2;
    private static final int MESSAGES = 600;
    /** Fewer people than messages: most people recur, in several channels. */
    private static final int PEOPLE = 150;

    @Test
    void boundedClusterBenchEndsAsOneNodeWithNothingLostOrDoubled() throws Exception {
        ClusterRun.Report report = run(new ClusterRun.Settings(NODES, MESSAGES, PEOPLE, true, true, false, true, System.nanoTime()));
        nothingLostOrDoubled(report);
        assertThat(report.differences()).as(report.line()).isEmpty();
        assertThat(report.sameAsOneNode()).as(report.line()).isTrue();
    }

    @Test
    void theNodesRetryThroughAPostgresRestartUnderLoad() throws Exception {
        nothingLostOrDoubled(run(new ClusterRun.Settings(NODES, MESSAGES, PEOPLE, false, false, true, false, System.nanoTime())));
    }

    private static void nothingLostOrDoubled(ClusterRun.Report report) {
        assertThat(report.lost()).as(report.line()).isZero();
        assertThat(report.doubled()).as(report.line()).isZero();
        assertThat(report.stored()).as(report.line()).isEqualTo(MESSAGES);
    }

    private static ClusterRun.Report run(ClusterRun.Settings settings) throws Exception {
        Path folder = Path.of("target", "cluster", UUID.randomUUID().toString());
        ClusterRun.Report report = ClusterRun.run(folder, settings, System.out);
        System.out.println(report.line() + ", seed " + settings.seed() + ", logs in " + folder);
        return report;
    }
}
