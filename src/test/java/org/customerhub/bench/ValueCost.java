package org.customerhub.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.customerhub.bench.TrafficGenerator.Message;
import org.customerhub.faults.HubProcess;

/**
 * What the live value figures (hub.value.live) add to ingest: two hubs on identical seeded stores, one keeping the
 * figures and one not, both started once and warmed up, then fed the same blocks of traffic one after the other, which
 * hub goes first alternating; each hub's JVM CPU is counted over its own block until its queues are quiet. Restarting
 * one hub between settings measured mostly the noise of a fresh JVM and of a machine whose load moved between rounds
 * (two rounds with the same setting differed by up to 20%); adjacent blocks on two warm hubs see the same machine.
 */
final class ValueCost {
    private static final int WARM_UP = 4_000;
    /** Milliseconds of the hub's CPU per message with the figures off and on, over so many messages each. */
    record Result(double offMs, double onMs, int messagesEach, List<String> blocks) {
        double extraPercent() {
            return (onMs - offMs) / offMs * 100;
        }
    }

    interface Ingest {
        void run(HubProcess hub, List<Message> messages, String what) throws Exception;
    }

    interface Seed {
        void into(HubProcess hub) throws Exception;
    }

    private ValueCost() {
    }

    static Result run(Path folder, List<String> hubJvm, Seed seed, TrafficGenerator traffic, int blocks, int block,
                      Ingest ingest, Duration patience) throws Exception {
        HubProcess off = new HubProcess(folder.resolve("off"), Map.of("hub.value.live", "false"), hubJvm);
        HubProcess on = new HubProcess(folder.resolve("on"), Map.of("hub.value.live", "true"), hubJvm);
        List<HubProcess> started = new ArrayList<>();
        try {
            for (HubProcess hub : List.of(off, on)) {
                seed.into(hub);
                hub.start();
                started.add(hub);
            }
            // a freshly started hub's CPU per message still falls for its first few thousand messages (the compiler)
            List<Message> warmUp = traffic.messages(WARM_UP);
            ingest.run(off, warmUp, "value off warm-up");
            ingest.run(on, warmUp, "value on warm-up");
            double[] cpuMs = new double[2];
            List<String> figures = new ArrayList<>();
            for (int n = 0; n < blocks; n++) {
                List<Message> messages = traffic.messages(block);
                for (HubProcess hub : n % 2 == 0 ? List.of(off, on) : List.of(on, off)) {
                    boolean live = hub == on;
                    CpuUse before = CpuUse.now(hub.pid());
                    ingest.run(hub, messages, "value " + (live ? "on" : "off") + " block " + (n + 1));
                    QueueCounters.awaitQuiet(hub, patience);
                    double ms = CpuUse.now(hub.pid()).hubMsPerMessageSince(before, block);
                    cpuMs[live ? 1 : 0] += ms;
                    figures.add(String.format("%s %.2f", live ? "on" : "off", ms));
                }
            }
            return new Result(cpuMs[0] / blocks, cpuMs[1] / blocks, block * blocks, figures);
        } finally {
            for (HubProcess hub : started) {
                hub.stop();
            }
        }
    }
}
