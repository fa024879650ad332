package org.customerhub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.customerhub.bench.TrafficGenerator.Message;
import org.customerhub.faults.HubProcess;

/**
 * bench/profile: the end-to-end ingest alone, for measuring one change to the write path: seeds a store, starts a hub
 * in a JVM of its own, warms it up, then ingests the timed messages while a Java Flight Recorder records the hub's JVM
 * (started and stopped with jcmd, so start-up and warm-up stay out of it). Prints CPU per message (hub and driver; their
 * sum is bench/run's cpu/msg) and the load average per run, then the hub's CPU by step of the write path
 * ({@link ProfileSteps}); the recording is target/bench/profile-&lt;time&gt;/ingest.jfr.
 */
public final class IngestProfile {
    private static final Duration PATIENCE = Duration.ofMinutes(20);

    private IngestProfile() {
    }

    /** bench/profile [--customers N] [--messages N] [--warm-up N] [--runs N] [--no-jfr] [--seeded DIR] [--set hub.key=value]... */
    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        int customers = option(options, "--customers", 10_000);
        int count = option(options, "--messages", 1_000);
        int warmUp = option(options, "--warm-up", 500);
        int runs = option(options, "--runs", 1);
        boolean record = !options.contains("--no-jfr");
        Path folder = Path.of("target", "bench",
                "profile-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        TrafficGenerator traffic = new TrafficGenerator(1, Math.max(200, count / 3));
        ChannelSchemas schemas = new ChannelSchemas();
        Path pauseLog = folder.resolve("hub-safepoints.log");
        HubProcess hub = new HubProcess(folder, settings(options), List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC",
                // Camel's stacks are deeper than the default 64 frames: a cut stack hides which step a sample is in
                "-XX:FlightRecorderOptions=stackdepth=512", Pauses.jvmOption(pauseLog)));
        int status = 1;
        try {
            SeededStores.seed(new CustomerSeeder(hub.storeUrl()), folder, seededStores(options), 0, customers);
            hub.start();
            ReminderCatchUp.await(hub, Duration.ofMinutes(30));
            run(hub, schemas.checked(traffic.messages(warmUp)), "warm-up");
            // the feeds' backlog of the warm-up would otherwise be worked off, and counted, in the first run
            QueueCounters.awaitQuiet(hub, PATIENCE);
            Path recording = folder.resolve("ingest.jfr").toAbsolutePath();
            if (record) {
                jcmd(hub.pid(), "JFR.start", "name=ingest", "settings=profile");
            }
            // starting a recording makes the JIT compiler work again for a while: with several runs, the first one is
            // not counted in the profile
            int firstCounted = runs >= 2 ? 2 : 1;
            Instant countFrom = Instant.now();
            ThreadCpu counted = ThreadCpu.of(hub.pid());
            List<ProfileSteps.Window> windows = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                if (i == firstCounted) {
                    countFrom = Instant.now();
                    counted = ThreadCpu.of(hub.pid());
                }
                double loadBefore = loadAverage();
                List<Message> batch = schemas.checked(traffic.messages(count));
                CpuUse start = CpuUse.now(hub.pid());
                JsonNode writesBefore = hub.writes();
                ThreadCpu threadsBefore = ThreadCpu.of(hub.pid());
                long checksBefore = hub.reminderChecks();
                long runFrom = System.nanoTime();
                Instant runStart = Instant.now();
                IngestRun.Result result = run(hub, batch, "run " + i);
                QueueCounters.awaitQuiet(hub, PATIENCE);
                CpuUse end = CpuUse.now(hub.pid());
                JsonNode writesAfter = hub.writes();
                System.out.printf("profile run %d: %.1f msg/s, cpu/msg %.2f ms (hub %.2f, driver %.2f), %.2f messages per"
                                + " commit, load average %.1f before, %.1f after%n", i, result.perSecond(),
                        end.msPerMessageSince(start, batch.size()),
                        end.hubMsPerMessageSince(start, batch.size()),
                        (end.driverSeconds() - start.driverSeconds()) * 1000 / batch.size(),
                        (writesAfter.get("messages").asLong() - writesBefore.get("messages").asLong())
                                / (double) Math.max(1, writesAfter.get("commits").asLong() - writesBefore.get("commits").asLong()),
                        loadBefore, loadAverage());
                double javaMs = printRunParts(hub, batch.size(), threadsBefore,
                        Pauses.read(pauseLog).between(runFrom, System.nanoTime()), hub.reminderChecks() - checksBefore);
                if (i >= firstCounted) {
                    windows.add(new ProfileSteps.Window("run " + i, runStart, Instant.now(), javaMs));
                }
            }
            Map<String, Double> threadSeconds = ThreadCpu.of(hub.pid()).secondsSince(counted);
            System.out.printf("profile of run%s %d to %d:%n", runs > firstCounted ? "s" : "", firstCounted, runs);
            int messages = (runs - firstCounted + 1) * count;
            ProfileSteps.printThreads(messages, threadSeconds);
            if (record) {
                jcmd(hub.pid(), "JFR.stop", "name=ingest", "filename=" + recording);
                System.out.println("recording: " + recording);
                ProfileSteps.printSteps(recording, countFrom, threadSeconds.getOrDefault(ThreadCpu.JAVA, 0.0) * 1000 / messages);
                if (windows.size() > 1) {
                    ProfileSteps.printStepsByWindow(recording, windows);
                }
            }
            hub.stop();
            status = 0;
        } finally {
            if (hub.running()) {
                hub.stop();
            }
        }
        System.exit(status);
    }

    /** What a run's CPU went to by thread group, the JVM's pauses meanwhile and reminder checks run in it, per run,
     *  so that a slow run says whether its JVM or its Java code spent more; answers the Java threads' ms/msg. */
    private static double printRunParts(HubProcess hub, int messages, ThreadCpu before, Pauses pauses, long reminderChecks)
            throws IOException {
        Map<String, Double> groups = ThreadCpu.of(hub.pid()).secondsSince(before);
        StringBuilder parts = new StringBuilder();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(e ->
                parts.append(String.format("%s%s %.2f", parts.length() == 0 ? "" : ", ",
                        e.getKey().replace(" (shared out by the samples)", ""), e.getValue() * 1000 / messages)));
        Map<String, Long> byOperation = new TreeMap<>();
        pauses.pauses().forEach(p -> byOperation.merge(p.operation(), 1L, Long::sum));
        System.out.printf("  ms/msg by thread group: %s; pauses %d, %.0f ms in all %s; reminder checks %d%n", parts,
                pauses.pauses().size(), pauses.totalMillis(), byOperation, reminderChecks);
        return groups.getOrDefault(ThreadCpu.JAVA, 0.0) * 1000 / messages;
    }

    private static IngestRun.Result run(HubProcess hub, List<Message> messages, String what) throws Exception {
        IngestRun.Result result = IngestRun.run(hub, messages, new Timeline(), PATIENCE);
        System.out.printf("%s: %d messages in %.1f s, %d dead letters%n", what, result.messages(), result.seconds(),
                result.deadLetters());
        return result;
    }


    static void jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed");
        }
    }

    /** --seeded DIR: the store of --customers seeded customers a run saved there, or one saved there once seeded. */
    static Optional<Path> seededStores(List<String> options) {
        int at = options.indexOf("--seeded");
        return at >= 0 && at + 1 < options.size() ? Optional.of(Path.of(options.get(at + 1)).toAbsolutePath()) : Optional.empty();
    }

    /** Each --set hub.key=value: a setting of the hub under measurement, to compare configurations. */
    private static Map<String, String> settings(List<String> options) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int at = options.indexOf("--set"); at >= 0 && at + 1 < options.size(); ) {
            String[] setting = options.get(at + 1).split("=", 2);
            if (setting.length != 2) {
                throw new IllegalArgumentException("--set takes key=value, not " + options.get(at + 1));
            }
            settings.put(setting[0], setting[1]);
            int next = options.subList(at + 1, options.size()).indexOf("--set");
            at = next < 0 ? -1 : at + 1 + next;
        }
        return settings;
    }

    static int option(List<String> options, String name, int otherwise) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? Integer.parseInt(options.get(at + 1)) : otherwise;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
