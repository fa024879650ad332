package org.customerhub.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.customerhub.bench.TrafficGenerator.Message;
import org.customerhub.faults.HubProcess;

/**
 * bench/tails: where the slowest lookups and ingest-to-queryable messages lose their time. Runs the probes of
 * bench/run (the raw broker's latency, ingest-to-queryable, lookups by REST and JMS, GET /health) on a warm hub of
 * seeded customers whose JVM logs every stop-the-world pause, and for each probe sets its slowest 1% against those
 * pauses, the hub's own timer of the lookup route (request to answer inside the hub) and the CPU of the hub's threads
 * meanwhile. The driver's own pauses are read too when its JVM logs them (bench/tails sets that up).
 */
public final class TailProfile {
    private static final Duration PATIENCE = Duration.ofMinutes(20);
    /** A bucket of the hub's lookup timer (by door) or ingest timer (by channel, added up here). */
    private static final Pattern TIMER_BUCKET = Pattern.compile(
            "^hub_(lookup|ingest)_latency_seconds_bucket\\{(?:door|channel)=\"(\\w+)\",le=\"([^\"]+)\",?\\} ([0-9.E+]+)",
            Pattern.MULTILINE);

    private TailProfile() {
    }

    /** bench/tails [--customers N] [--seeded DIR] [--rate 200] [--seconds 30] [--latency-rate N] [--warm-up 15000]
     *  [--lookup-warm-up SECONDS] [--hub-jvm "-XX:..."] [--jfr] */
    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        int customers = IngestProfile.option(options, "--customers", 10_000);
        int rate = IngestProfile.option(options, "--rate", 200);
        int seconds = IngestProfile.option(options, "--seconds", 30);
        int latencyRateGiven = IngestProfile.option(options, "--latency-rate", 0);
        int warmUp = IngestProfile.option(options, "--warm-up", 15_000);
        int lookupWarmUp = IngestProfile.option(options, "--lookup-warm-up", 4);
        boolean record = options.contains("--jfr");
        List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC"));
        int extra = options.indexOf("--hub-jvm");
        if (extra >= 0 && extra + 1 < options.size()) {
            List<String> given = List.of(options.get(extra + 1).trim().split("\\s+"));
            // a collector given replaces G1, as the JVM refuses two
            if (given.stream().anyMatch(option -> option.matches("-XX:\\+Use\\w+GC"))) {
                jvm.remove("-XX:+UseG1GC");
            }
            jvm.addAll(given);
        }
        Path folder = Path.of("target", "bench",
                "tails-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        Path hubPauses = folder.resolve("hub-safepoints.log");
        Optional<Path> driverPauses = Optional.ofNullable(System.getProperty("bench.driver.safepoints")).map(Path::of);
        TrafficGenerator traffic = new TrafficGenerator(1, Math.max(200, warmUp / 3));
        ChannelSchemas schemas = new ChannelSchemas();
        jvm.add(Pauses.jvmOption(hubPauses));
        HubProcess hub = new HubProcess(folder, Map.of(), jvm);
        int status = 1;
        try {
            SeededStores.seed(new CustomerSeeder(hub.storeUrl()), folder, IngestProfile.seededStores(options), 0, customers);
            hub.start();
            ReminderCatchUp.await(hub, Duration.ofMinutes(30));
            IngestRun.Result warm = IngestRun.run(hub, schemas.checked(traffic.messages(warmUp)), new Timeline(), PATIENCE);
            System.out.printf("warm-up: %d messages, %.1f msg/s%n", warm.messages(), warm.perSecond());
            QueueCounters.awaitQuiet(hub, PATIENCE);
            Timeline scratch = new Timeline();
            // as bench/run: half the rate the hub ingests at when sent as fast as the broker takes them
            int latencyRate = latencyRateGiven > 0 ? latencyRateGiven : (int) Math.round(warm.perSecond() / 2);

            List<Message> latencyTraffic = schemas.checked(traffic.messages(latencyRate * seconds));
            Percentiles broker = BrokerBaseline.latency(hub.brokerUrl(), latencyTraffic, latencyRate);
            System.out.printf("raw broker send-to-receive at %d msg/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", latencyRate,
                    broker.p50(), broker.p99(), broker.max());
            JsonNode writesBefore = hub.writes();
            Measured ingest = measure(hub, () -> LatencyProbe.run(hub, schemas.checked(traffic.messages(latencyRate * seconds)),
                    latencyRate, scratch).roundTrips());
            report("ingest-to-queryable at " + latencyRate + " msg/s", ingest, hubPauses, driverPauses, "ingest");
            HubBench.printWrites(writesBefore, hub.writes());
            QueueCounters.awaitQuiet(hub, PATIENCE);

            Random random = new Random(1);
            for (String door : List.of("rest", "jms", "health")) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < rate * (seconds + lookupWarmUp); i++) {
                    keys.add(CustomerSeeder.key(People.person(random.nextInt(customers), People.SEEDED_KEY_BASE)));
                }
                List<String> warmKeys = keys.subList(0, rate * lookupWarmUp);
                List<String> timedKeys = keys.subList(rate * lookupWarmUp, keys.size());
                lookups(hub, door, warmKeys, rate, scratch);
                if (record) {
                    IngestProfile.jcmd(hub.pid(), "JFR.start", "name=" + door, "settings=profile");
                }
                Measured lookups = measure(hub, () -> lookups(hub, door, timedKeys, rate, scratch));
                if (record) {
                    Path recording = folder.resolve(door + ".jfr").toAbsolutePath();
                    IngestProfile.jcmd(hub.pid(), "JFR.stop", "name=" + door, "filename=" + recording);
                    System.out.println("recording: " + recording);
                }
                report(door + " lookups at " + rate + "/s", lookups, hubPauses, driverPauses, door);
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

    private interface Probe {
        List<RoundTrip> run() throws Exception;
    }

    /** A probe's round trips, and the hub's thread CPU and lookup timer before and after it. */
    private record Measured(List<RoundTrip> trips, long fromNanos, long toNanos, Map<String, Double> threadSeconds,
                            Map<String, Long> bucketsBefore, Map<String, Long> bucketsAfter, double loadAverage) {
    }

    private static Measured measure(HubProcess hub, Probe probe) throws Exception {
        Map<String, Long> bucketsBefore = buckets(hub.metrics());
        ThreadCpu cpuBefore = ThreadCpu.of(hub.pid());
        long from = System.nanoTime();
        List<RoundTrip> trips = probe.run();
        long to = System.nanoTime();
        ThreadCpu cpuAfter = ThreadCpu.of(hub.pid());
        return new Measured(trips, from, to, byThreadName(cpuBefore, cpuAfter), bucketsBefore, buckets(hub.metrics()),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static List<RoundTrip> lookups(HubProcess hub, String door, List<String> keys, int rate, Timeline timeline)
            throws Exception {
        LookupProbe.Result result = switch (door) {
            case "rest" -> LookupProbe.rest(hub, keys, rate, timeline);
            case "jms" -> LookupProbe.jms(hub, keys, rate, timeline);
            default -> LookupProbe.health(hub, keys.size(), rate, timeline);
        };
        if (result.failed() > 0) {
            throw new IllegalStateException(result.failed() + " " + door + " lookups failed, the first: " + result.firstFailure());
        }
        return result.timed();
    }

    private static void report(String what, Measured measured, Path hubLog, Optional<Path> driverLog, String door)
            throws Exception {
        List<RoundTrip> trips = measured.trips();
        Percentiles all = Percentiles.of(trips.stream().mapToDouble(RoundTrip::millis).toArray());
        Pauses hub = Pauses.read(hubLog).between(measured.fromNanos(), measured.toNanos() + 1_000_000_000L);
        Pauses driver = driverLog.isPresent() && Files.exists(driverLog.get())
                ? Pauses.read(driverLog.get()).between(measured.fromNanos(), measured.toNanos() + 1_000_000_000L)
                : new Pauses(List.of());
        System.out.printf("%n%s: %d timed, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (load average %.1f)%n", what,
                all.count(), all.p50(), all.p95(), all.p99(), all.max(), measured.loadAverage());
        System.out.printf("  hub pauses meanwhile: %d, %.0f ms in all (%s); driver pauses: %d, %.0f ms%n", hub.pauses().size(),
                hub.totalMillis(), byOperation(hub), driver.pauses().size(), driver.totalMillis());
        List<RoundTrip> slowest = trips.stream().filter(t -> t.millis() >= all.p99())
                .sorted(Comparator.comparingDouble(RoundTrip::millis).reversed()).toList();
        long inHubPause = slowest.stream().filter(t -> hub.longestDuring(t) != null).count();
        long inDriverPause = slowest.stream().filter(t -> driver.longestDuring(t) != null).count();
        double pausedShare = slowest.stream().mapToDouble(t -> (hub.overlapNanos(t) + driver.overlapNanos(t)) / 1e6).sum()
                / Math.max(1e-9, slowest.stream().mapToDouble(RoundTrip::millis).sum());
        System.out.printf("  the slowest 1%% (%d at or above %.1f ms): %d overlap a hub pause, %d a driver pause; pauses"
                + " are %.0f%% of their time%n", slowest.size(), all.p99(), inHubPause, inDriverPause, pausedShare * 100);
        Percentiles unpaused = Percentiles.of(trips.stream()
                .mapToDouble(t -> t.millis() - (hub.overlapNanos(t) + driver.overlapNanos(t)) / 1e6).toArray());
        System.out.printf("  with the pauses' time taken out: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", unpaused.p50(),
                unpaused.p99(), unpaused.max());
        System.out.printf("  the slowest 1%% by kind: %s%n", slowest.stream()
                .collect(Collectors.groupingBy(RoundTrip::what, TreeMap::new, Collectors.counting())));
        System.out.printf("  the five slowest: %s%n", slowest.stream().limit(5).map(t -> {
            Pauses.Pause pause = hub.longestDuring(t);
            return String.format("%.1f ms %s%s", t.millis(), t.what(), pause == null ? "" : String.format(" (hub %s %.1f ms)",
                    pause.operation(), (pause.endNanos() - pause.startNanos()) / 1e6));
        }).collect(Collectors.joining(", ")));
        if (door != null && measured.bucketsAfter().containsKey(door + " +Inf")) {
            long count = measured.bucketsAfter().get(door + " +Inf") - measured.bucketsBefore().getOrDefault(door + " +Inf", 0L);
            StringBuilder line = new StringBuilder();
            for (String bound : door.equals("ingest") ? List.of("0.025", "0.05", "0.1") : List.of("0.005", "0.01", "0.025")) {
                long within = measured.bucketsAfter().getOrDefault(door + " " + bound, 0L)
                        - measured.bucketsBefore().getOrDefault(door + " " + bound, 0L);
                long over = trips.stream().filter(t -> t.millis() > Double.parseDouble(bound) * 1000).count();
                line.append(String.format("; over %.0f ms: inside %d, round trip %d", Double.parseDouble(bound) * 1000,
                        count - within, over));
            }
            System.out.printf("  the hub's %s (inside the hub), %d timed%s%n", door.equals("ingest")
                    ? "ingest timer (from the broker taking a message to its commit)" : "lookup timer (the lookup's route)",
                    count, line);
        }
        System.out.printf("  hub threads' CPU meanwhile (s): %s%n", measured.threadSeconds().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", ")));
    }

    private static String byOperation(Pauses pauses) {
        Map<String, double[]> byOperation = new TreeMap<>();
        for (Pauses.Pause pause : pauses.pauses()) {
            double[] figures = byOperation.computeIfAbsent(pause.operation(), o -> new double[3]);
            double millis = (pause.endNanos() - pause.startNanos()) / 1e6;
            figures[0]++;
            figures[1] += millis;
            figures[2] = Math.max(figures[2], millis);
        }
        return byOperation.entrySet().stream().map(e -> String.format("%s %d, %.0f ms, longest %.1f ms", e.getKey(),
                (int) e.getValue()[0], e.getValue()[1], e.getValue()[2])).collect(Collectors.joining("; "));
    }

    /** Thread CPU seconds by thread name (numbers taken out, so a pool's threads add up). */
    private static Map<String, Double> byThreadName(ThreadCpu before, ThreadCpu after) {
        Map<String, Double> seconds = new HashMap<>();
        after.threads().forEach((id, thread) -> {
            ThreadCpu.Thread earlier = before.threads().get(id);
            long ticks = thread.ticks() - (earlier == null ? 0 : earlier.ticks());
            if (ticks > 0) {
                seconds.merge(thread.name().replaceAll("[0-9]+", "#"), ticks / 100.0, Double::sum);
            }
        });
        return seconds;
    }

    /** The cumulative counts of hub_lookup_latency_seconds by "door bound". */
    private static Map<String, Long> buckets(String metrics) {
        Map<String, Long> buckets = new HashMap<>();
        Matcher matcher = TIMER_BUCKET.matcher(metrics);
        while (matcher.find()) {
            String timer = matcher.group(1).equals("lookup") ? matcher.group(2) : "ingest";
            buckets.merge(timer + " " + matcher.group(3), (long) Double.parseDouble(matcher.group(4)), Long::sum);
        }
        return buckets;
    }

}
