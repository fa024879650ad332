package org.customerhub.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.customerhub.faults.ClusterRun;

/**
 * The cluster run behind bench/cluster: arguments [nodes, default 3] [messages, default 3000] [people, default 600]
 * [seed]. Starts PostgreSQL, the broker pair and the hub nodes on this machine, sends the mixed traffic, kills a hub
 * node and the live broker while it is taken, then sends the same traffic through one node and compares the stores.
 * Prints the cost figures of the capacity model and, last, the "cluster:" line; exits 1 when anything was lost or
 * doubled or the stores differ.
 */
public final class ClusterBench {
    private static final int DEFAULT_NODES = 3;
    private static final int DEFAULT_MESSAGES = 3000;
    private static final int DEFAULT_PEOPLE = 600;

    private ClusterBench() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_NODES;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_MESSAGES;
        int people = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_PEOPLE;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Path.of("target", "cluster", "bench-" + started);
        System.out.printf("cluster run: %d nodes, %d messages about %d people, seed %d, logs in %s%n", nodes, messages,
                people, seed, folder);
        int status = 1;
        try {
            ClusterRun.Report report = ClusterRun.run(folder, new ClusterRun.Settings(nodes, messages, people, true, true,
                    false, true, seed), System.out);
            report.differences().forEach(difference -> System.out.println("differs: " + difference));
            ClusterRun.Writes writes = report.writes();
            double perMessage = Math.max(1, writes.messages());
            System.out.printf(Locale.ROOT, "cost: CPU %.1f ms per message over all nodes, %.2f database commits per message,"
                            + " %.3f lock waits (%.2f ms waited) and %.3f retries per message written (%d written since"
                            + " the nodes last started), %d redeliveries recognised; customers merged away: cluster %d, one node"
                    + " %d%n", report.cpuMillisPerMessage(), report.commitsPerMessage(), writes.lockWaits() / perMessage,
                    writes.lockWaitMillis() / perMessage, writes.retries() / perMessage, writes.messages(),
                    report.redeliveries(), report.mergedAway(), report.oneNodeMergedAway());
            System.out.println(report.line());
            status = report.lost() == 0 && report.doubled() == 0 && Boolean.TRUE.equals(report.sameAsOneNode()) ? 0 : 1;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        }
        // broker client threads may outlive the run; the figures are printed, so end here
        System.exit(status);
    }
}
