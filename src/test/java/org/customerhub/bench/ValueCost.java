package org.customerhub.bench;

import java.time.Duration;
import java.util.List;

import org.customerhub.bench.TrafficGenerator.Message;
import org.customerhub.faults.HubProcess;

/**
 * What the live value figures (hub.value.live) add to ingest: the hub's CPU time per message over the same kind of
 * traffic with them off and on, in alternating rounds (off, on, off, on) so that a store that grows and a machine
 * whose other load drifts weigh on both alike. Each round restarts the hub with the setting, warms it up uncounted,
 * then counts the hub JVM's CPU over a batch until its queues are quiet.
 */
final class ValueCost {
    private static final int ROUNDS = 4;

    /** Milliseconds of the hub's CPU per message with the figures off and on, over so many messages each. */
    record Result(double offMs, double onMs, int messagesEach) {
        double extraPercent() {
            return (onMs - offMs) / offMs * 100;
        }
    }

    interface Ingest {
        void run(List<Message> messages, String what) throws Exception;
    }

    private ValueCost() {
    }

    static Result run(HubProcess hub, TrafficGenerator traffic, int warmUp, int batch, Ingest ingest,
                      Duration patience) throws Exception {
        double[] cpuMs = new double[2];
        for (int round = 0; round < ROUNDS; round++) {
            boolean live = round % 2 == 1;
            hub.set("hub.value.live", Boolean.toString(live));
            hub.start();
            try {
                ingest.run(traffic.messages(warmUp), "value " + (live ? "on" : "off") + " warm-up");
                List<Message> counted = traffic.messages(batch);
                double before = hubCpuSeconds(hub);
                ingest.run(counted, "value " + (live ? "on" : "off"));
                QueueCounters.awaitQuiet(hub, patience);
                cpuMs[live ? 1 : 0] += (hubCpuSeconds(hub) - before) * 1000 / batch;
            } finally {
                hub.stop();
            }
        }
        return new Result(cpuMs[0] / (ROUNDS / 2.0), cpuMs[1] / (ROUNDS / 2.0), batch * ROUNDS / 2);
    }

    private static double hubCpuSeconds(HubProcess hub) {
        return ProcessHandle.of(hub.pid()).flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos).orElseThrow(() -> new IllegalStateException("no CPU figure of the hub"))
                / 1e9;
    }
}
