package org.customerhub.bench;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.bench.BenchReport.IdentityQuality;
import org.customerhub.bench.BenchReport.Scale;
import org.customerhub.bench.TrafficGenerator.Message;
import org.customerhub.faults.HubProcess;
import org.customerhub.store.PostgresServer;

/**
 * bench/run: the hub's figures in one run, against a hub in a JVM of its own with a fresh data folder under
 * target/bench/. Per store size (customers seeded in bulk while the hub is stopped): the hub is started, and at the
 * first size the raw broker baseline, the end-to-end ingest rate, the ingest-to-queryable latency at half that rate;
 * at every size the ingest cost per message and lookup round trips over REST and JMS. Last the hub's heap after a
 * full collection. Prints the table, then the summary line; writes target/bench/bench.json and bench.png.
 */
public final class HubBench {
    private static final Path OUTPUT = Path.of("target", "bench");
    /** Messages about seeded people in each ingest batch, to check the seeded store is read as the hub's own. */
    private static final int SEEDED_CHECKS = 40;
    /** The base the value models are fitted over (ValueFitRun): the million customers. */
    private static final int FIT_CUSTOMERS = 1_000_000;
    private static final Duration INGEST_PATIENCE = Duration.ofMinutes(20);
    private static final Duration CATCH_UP_PATIENCE = Duration.ofMinutes(30);
    /** Lookups before the timed ones, long enough for the JIT to compile the lookup path of a freshly started hub. */
    private static final int LOOKUP_WARM_UP_SECONDS = 4;

    /** What to run; see usage(). */
    record Options(Mode mode, boolean quick, List<Integer> scales, int messages, int batch, int warmUp,
                   int latencySeconds, double lookupRate, int lookupSeconds, List<String> hubJvm, Optional<Path> febrl,
                   long seed, Optional<Path> seededStores, Optional<Path> cdnow, OptionalInt master,
                   boolean postgres) {

        /** The whole run, or only the value figures (--value), or only the load figure (--load). */
        enum Mode { ALL, VALUE, LOAD }

        static Options parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            Mode mode = Mode.ALL;
            List<Integer> scales = quick ? List.of(10_000) : List.of(10_000, 100_000, 1_000_000);
            int messages = quick ? 1_000 : 6_000;
            int batch = quick ? 500 : 2_000;
            List<String> hubJvm = defaultJvm();
            Optional<Path> febrl = Optional.empty();
            long seed = 1;
            Optional<Path> seededStores = Optional.empty();
            Optional<Path> cdnow = Optional.empty();
            OptionalInt master = OptionalInt.empty();
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--quick" -> {
                        continue;
                    }
                    case "--value" -> {
                        mode = Mode.VALUE;
                        continue;
                    }
                    case "--load" -> {
                        mode = Mode.LOAD;
                        continue;
                    }
                    case "--postgres" -> {
                        continue;
                    }
                    default -> {
                    }
                }
                String value = require(i + 1 < args.length ? args[++i] : null, option);
                switch (option) {
                    case "--scales" -> scales = Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf)
                            .sorted().toList();
                    case "--messages" -> messages = Integer.parseInt(value);
                    case "--batch" -> batch = Integer.parseInt(value);
                    case "--hub-jvm" -> hubJvm = List.of(value.trim().split("\\s+"));
                    case "--febrl" -> febrl = Optional.of(Path.of(value));
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--seeded" -> seededStores = Optional.of(Path.of(value).toAbsolutePath());
                    // the real CDNOW order log for the load figure instead of a generated one of its size
                    case "--cdnow" -> cdnow = Optional.of(Path.of(value).toAbsolutePath());
                    // the load figure's generated customer master holds N customers instead of the run's size
                    case "--master" -> master = OptionalInt.of(Integer.parseInt(value));
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + usage());
                }
            }
            boolean postgres = Arrays.asList(args).contains("--postgres");
            if (postgres && mode != Mode.LOAD) {
                throw new IllegalArgumentException("--postgres is for the load figure: bench/run --load --postgres\n" + usage());
            }
            return new Options(mode, quick, scales, messages, batch, quick ? 8_000 : 15_000, quick ? 15 : 60, 200,
                    quick ? 10 : 30, hubJvm, febrl, seed, seededStores, cdnow, master,
                    postgres);
        }

        private static String require(String value, String option) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value\n" + usage());
            }
            return value;
        }

        private static List<String> defaultJvm() {
            return List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");
        }

        static String usage() {
            return """
                    bench/run [--quick] [--value | --load] [--scales 10000,100000,1000000] [--messages N] [--batch N] [--febrl DIR]
                              [--hub-jvm "-Xmx512m ..."] [--seed N] [--seeded DIR] [--cdnow CDNOW_master.txt] [--master N]
                              [--postgres (with --load)]""";
        }
    }

    private final Options options;
    private final Timeline timeline = new Timeline();
    private final TrafficGenerator traffic;
    private final ChannelSchemas schemas;
    private final Random random;
    private HubBench(Options options) throws Exception {
        this.options = options;
        // about three messages per person of the traffic, spread over the channels
        this.traffic = new TrafficGenerator(options.seed(), Math.max(200, options.messages() / 3));
        this.schemas = new ChannelSchemas();
        this.random = new Random(options.seed());
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            Options options = Options.parse(args);
            HubBench bench = new HubBench(options);
            switch (options.mode()) {
                case VALUE -> bench.measureValue();
                case LOAD -> bench.measureLoad();
                case ALL -> bench.run();
            }
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        }
        // broker client threads may outlive the run; the figures are printed, so end here
        System.exit(status);
    }

    private void run() throws Exception {
        double loadAtStart = loadAverage();
        Path folder = OUTPUT.resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        int consumers = Integer.parseInt(hubSetting("hub.ingest.consumers"));
        System.out.printf("bench %s: scales %s, %d messages, hub JVM %s; hub log %s%n", options.quick() ? "--quick" : "full",
                options.scales(), options.messages(), String.join(" ", options.hubJvm()), folder.resolve("hub.log"));
        HubProcess hub = new HubProcess(folder, Map.of(), options.hubJvm());
        try {
            measure(hub, consumers, loadAtStart, folder);
        } finally {
            // a failed run leaves no hub behind
            if (hub.running()) {
                hub.stop();
            }
        }
    }

    private void measure(HubProcess hub, int consumers, double loadAtStart, Path folder) throws Exception {
        CustomerSeeder seeder = new CustomerSeeder(hub.storeUrl());
        List<Scale> scales = new ArrayList<>();
        double brokerPerSecond = 0;
        double brokerPathPerSecond = 0;
        BenchReport.CpuPerMessage cpu = null;
        IngestRun.Result headline = null;
        LatencyProbe.Result latency = null;
        Percentiles brokerLatency = null;
        int seeded = 0;
        for (int scale : options.scales()) {
            timeline.phase("seed " + scale);
            SeededStores.seed(seeder, folder, options.seededStores(), seeded, scale);
            int alreadySeeded = seeded;
            seeded = scale;
            timeline.phase("start");
            long starting = System.nanoTime();
            hub.start();
            System.out.printf("hub started on %,d customers in %.0f s%n", scale, (System.nanoTime() - starting) / 1e9);
            timeline.phase("reminders");
            ReminderCatchUp.await(hub, CATCH_UP_PATIENCE);
            timeline.phase("warm-up");
            // every store size on a JVM as warm as the first one's, or the first would look cheapest
            ingest(hub, traffic.messages(options.warmUp()), "warm-up");
            // the feeds' backlog of the warm-up would otherwise be worked off, and counted, in the next step
            QueueCounters.awaitQuiet(hub, INGEST_PATIENCE);
            List<Person> checked = new ArrayList<>();
            List<Message> batch = withSeededPeople(traffic.messages(scales.isEmpty() ? options.messages() : options.batch()),
                    alreadySeeded, scale, checked);
            IngestRun.Result ingest;
            if (scales.isEmpty()) {
                timeline.phase("broker baseline");
                CpuUse start = CpuUse.now(hub.pid());
                brokerPerSecond = BrokerBaseline.run(hub.brokerUrl(), batch, consumers);
                double rawCpu = CpuUse.now(hub.pid()).msPerMessageSince(start, batch.size());
                System.out.printf("raw broker: %.1f msg/s (%d consumers per channel), %.2f ms CPU/msg%n", brokerPerSecond,
                        consumers, rawCpu);
                timeline.phase("broker path");
                start = CpuUse.now(hub.pid());
                brokerPathPerSecond = BrokerBaseline.hubPath(hub.brokerUrl(), batch, consumers);
                double pathCpu = CpuUse.now(hub.pid()).msPerMessageSince(start, batch.size());
                System.out.printf("the hub's broker path alone: %.1f msg/s, ceiling of the ratio %.3f, %.2f ms CPU/msg%n",
                        brokerPathPerSecond, brokerPathPerSecond / brokerPerSecond, pathCpu);
                timeline.phase("e2e ingest");
                start = CpuUse.now(hub.pid());
                JsonNode writesBefore = hub.writes();
                ingest = ingest(hub, batch, "end to end");
                QueueCounters.awaitQuiet(hub, INGEST_PATIENCE);
                CpuUse end = CpuUse.now(hub.pid());
                double hubCpu = end.msPerMessageSince(start, batch.size());
                System.out.printf("hub end to end, feeds included: %.2f ms CPU/msg (hub JVM %.2f, this driver sending,"
                        + " checking and timing %.2f)%n", hubCpu, end.hubMsPerMessageSince(start, batch.size()),
                        hubCpu - end.hubMsPerMessageSince(start, batch.size()));
                printWrites(writesBefore, hub.writes());
                cpu = new BenchReport.CpuPerMessage(rawCpu, pathCpu, hubCpu);
                headline = ingest;
                double rate = ingest.perSecond() / 2;
                timeline.phase("broker latency");
                List<Message> latencyTraffic = schemas.checked(traffic.messages((int) (rate * options.latencySeconds())));
                brokerLatency = BrokerBaseline.latency(hub.brokerUrl(), latencyTraffic, rate);
                System.out.printf("raw broker send-to-receive at %.1f msg/s: p50 %.1f ms, p99 %.1f ms%n", rate,
                        brokerLatency.p50(), brokerLatency.p99());
                timeline.phase("latency");
                latency = LatencyProbe.run(hub, schemas.checked(traffic.messages((int) (rate * options.latencySeconds()))), rate,
                        timeline);
                System.out.printf("ingest-to-queryable at %.1f msg/s: p50 %.1f ms, p99 %.1f ms (%d timed)%n", rate,
                        latency.latency().p50(), latency.latency().p99(), latency.latency().count());
            } else {
                timeline.phase("ingest " + scale);
                ingest = ingest(hub, batch, "ingest at " + scale);
            }
            int recognised = SeededCheck.recognised(hub, checked);
            QueueCounters.awaitQuiet(hub, INGEST_PATIENCE);
            timeline.phase("lookups " + scale);
            LookupProbe.Result rest = lookups(hub, scale, true);
            LookupProbe.Result jms = lookups(hub, scale, false);
            LookupProbe.Result health = health(hub);
            scales.add(new Scale(scale, ingest, rest, jms, health, checked.size(), recognised));
            if (scale != options.scales().get(options.scales().size() - 1)) {
                hub.stop();
            }
        }
        timeline.phase("heap");
        HeapProbe.Heap heap = HeapProbe.afterFullGc(hub.pid());
        hub.stop();
        BenchReport.Figures figures = new BenchReport.Figures(new BenchReport.Settings(options.quick() ? "quick" : "full",
                String.join(" ", options.hubJvm()), consumers, Runtime.getRuntime().availableProcessors(),
                Runtime.version().toString(), InetAddress.getLocalHost().getHostName()), brokerPerSecond, brokerPathPerSecond, cpu, headline,
                latency, brokerLatency,
                scales, heap, identityQuality(options.febrl()), timeline.now(), loadAtStart, loadAverage());
        BenchReport.print(figures, System.out);
        timeline.phase("load");
        LoadBench.Result load = LoadBench.run(folder, options.quick(), options.cdnow(), options.master(), options.seed());
        System.out.printf("load: %.1f records/s, message path %.1f msg/s, ratio %.1f (%,d records in %.0f s, %,d customers"
                        + " created; load average %.1f)%n", load.perSecond(), headline.perSecond(),
                load.perSecond() / headline.perSecond(), load.records(), load.seconds(), load.customers(), loadAverage());
        System.out.println(load.cpu());
        measureValue();
        BenchReport.writeJson(figures, OUTPUT.resolve("bench.json"));
        BenchChart.write(timeline, BenchReport.summary(figures), OUTPUT.resolve("bench.png"));
        System.out.println("written: " + OUTPUT.resolve("bench.json") + ", " + OUTPUT.resolve("bench.png") + "; hub heap:\n"
                + heap.heapInfo());
        System.out.println(BenchReport.summary(figures));
    }

    /**
     * The load figure alone (bench/run --load [--quick] [--cdnow PATH] [--master N]): no hub and no message path, so no ratio; the
     * rate and the CPU per record of this JVM, which runs the load, for comparing two builds of the load side by side.
     */
    private void measureLoad() throws Exception {
        double loadAtStart = loadAverage();
        Path folder = OUTPUT.resolve("load-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (options.postgres()) {
            measureLoadOnPostgres(folder, loadAtStart);
            return;
        }
        LoadBench.Result load = LoadBench.run(folder, options.quick(), options.cdnow(), options.master(), options.seed());
        System.out.printf("load: %.1f records/s (%,d records in %.0f s, %,d customers created; load average %.1f at the"
                        + " start, %.1f at the end)%n", load.perSecond(), load.records(), load.seconds(), load.customers(),
                loadAtStart, loadAverage());
        System.out.println(load.cpu());
    }

    /**
     * The load and the message path on the same private PostgreSQL server (bench/run --load --postgres), each into a
     * fresh database: the message path as the full run measures it (a warm hub, then the run's messages end to end),
     * on the customers its warm-up made; then the load.
     */
    private void measureLoadOnPostgres(Path folder, double loadAtStart) throws Exception {
        Files.createDirectories(folder.resolve("hub"));
        try (PostgresServer server = PostgresServer.start()) {
            HubProcess hub = new HubProcess(folder.resolve("hub"), Map.of("hub.db.url", server.createDatabase("messages"),
                    "hub.db.user", PostgresServer.USER, "hub.db.password", ""), options.hubJvm());
            IngestRun.Result messagePath;
            hub.start();
            try {
                ingest(hub, traffic.messages(options.warmUp()), "warm-up");
                QueueCounters.awaitQuiet(hub, INGEST_PATIENCE);
                messagePath = ingest(hub, traffic.messages(options.messages()), "message path on PostgreSQL");
            } finally {
                hub.stop();
            }
            LoadBench.Result load = LoadBench.run(folder, options.quick(), options.cdnow(), options.master(), options.seed(),
                    server);
            System.out.printf("load on PostgreSQL: %.1f records/s, message path %.1f msg/s, ratio %.1f (%,d records in %.0f s,"
                            + " %,d customers created; load average %.1f at the start, %.1f at the end)%n", load.perSecond(),
                    messagePath.perSecond(), load.perSecond() / messagePath.perSecond(), load.records(), load.seconds(),
                    load.customers(), loadAtStart, loadAverage());
            System.out.println(load.cpu());
        }
    }

    /**
     * What customer value costs (README: Scale and cost): the hub's CPU per message with the live figures on and off
     * (two hubs of their own on the first size's seeded customers), the write path's alone, and the fit over a million
     * customers in a JVM with the hub's options.
     */
    private void measureValue() throws Exception {
        timeline.phase("value cost");
        Path folder = OUTPUT.resolve("value-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        int customers = options.scales().get(0);
        // blocks of a few seconds: the hub's own timers and broker housekeeping weigh on short ones
        int block = 2_000;
        int blocks = options.quick() ? 4 : 8;
        ValueCost.Result value = ValueCost.run(folder, options.hubJvm(),
                hub -> new CustomerSeeder(hub.storeUrl()).seed(0, customers), traffic, blocks, block, this::ingest,
                INGEST_PATIENCE);
        System.out.printf("value: live figures %+.1f%% cpu/msg (hub JVM %.2f ms/msg with them, %.2f ms/msg without,"
                        + " %d messages each in blocks of %d, two warm hubs on %,d seeded customers: %s; load average %.1f)%n",
                value.extraPercent(), value.onMs(), value.offMs(), value.messagesEach(), block, customers,
                String.join(", ", value.blocks()), loadAverage());
        ValueWritePath.Result writePath = ValueWritePath.run(folder.resolve("write-path"));
        System.out.printf("value: write path +%.3f ms/order with live figures (%.3f without, %.3f with, writing thread's"
                        + " CPU, %d orders each in paired blocks), %+.1f%% of the hub's cpu/msg without them; load average"
                        + " %.1f%n", writePath.extraMs(), writePath.offMs(), writePath.onMs(), writePath.ordersEach(),
                writePath.extraMs() / value.offMs() * 100, loadAverage());
        timeline.phase("value fit");
        System.out.printf("%s; load average %.1f%n", ValueFitRun.run(options.hubJvm(), FIT_CUSTOMERS), loadAverage());
    }

    /** The write path's lock waits and retries per message applied between the two readings of the hub's figures. */
    static void printWrites(JsonNode before, JsonNode after) {
        long messages = after.get("messages").asLong() - before.get("messages").asLong();
        double per = Math.max(1, messages);
        long commits = after.get("commits").asLong() - before.get("commits").asLong();
        System.out.printf("write path: %d messages applied, %.2f messages per commit, %.4f lock waits per message"
                        + " (%.3f ms waiting per message), %.4f retries per message%n", messages,
                messages / (double) Math.max(1, commits),
                (after.get("lockWaits").asLong() - before.get("lockWaits").asLong()) / per,
                (after.get("lockWaitMillis").asDouble() - before.get("lockWaitMillis").asDouble()) / per,
                (after.get("retries").asLong() - before.get("retries").asLong()) / per);
    }

    /**
     * Identity resolution's precision, recall and F1 on the FEBRL data set in the folder given with --febrl, each
     * dataset fed to a fresh hub of its own (FebrlQuality); empty (printed n/a) without one.
     */
    private static Optional<IdentityQuality> identityQuality(Optional<Path> febrlFolder) throws Exception {
        if (febrlFolder.isEmpty()) {
            return Optional.empty();
        }
        FebrlQuality.Quality combined = FebrlQuality.measureAll(febrlFolder.get());
        return Optional.of(new IdentityQuality(combined.precision(), combined.recall(), combined.f1()));
    }

    private IngestRun.Result ingest(HubProcess hub, List<Message> messages, String what) throws Exception {
        IngestRun.Result result = IngestRun.run(hub, schemas.checked(messages), timeline, INGEST_PATIENCE);
        System.out.printf("%s: %d messages in %.1f s, %.1f msg/s, %.2f ms/msg, %d dead letters%n", what, result.messages(),
                result.seconds(), result.perSecond(), result.msPerMessage(), result.deadLetters());
        return result;
    }

    /** The batch with a till sale under a new card by a seeded person (of those seeded last) after every so many. */
    private List<Message> withSeededPeople(List<Message> batch, int from, int to, List<Person> people) {
        List<Message> mixed = new ArrayList<>(batch);
        int every = Math.max(1, batch.size() / SEEDED_CHECKS);
        for (int i = SEEDED_CHECKS - 1; i >= 0; i--) {
            Person person = People.person(from + random.nextInt(to - from), People.SEEDED_KEY_BASE);
            people.add(person);
            mixed.add(Math.min(mixed.size(), i * every), traffic.storeSaleWithNewCard(person));
        }
        return mixed;
    }

    /** Open-loop lookups of random seeded customers by key, after a short warm-up that is not counted. */
    private LookupProbe.Result lookups(HubProcess hub, int customers, boolean rest) throws Exception {
        int warmUp = (int) options.lookupRate() * LOOKUP_WARM_UP_SECONDS;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < warmUp + (int) (options.lookupRate() * options.lookupSeconds()); i++) {
            keys.add(CustomerSeeder.key(People.person(random.nextInt(customers), People.SEEDED_KEY_BASE)));
        }
        List<String> warm = keys.subList(0, warmUp);
        List<String> timed = keys.subList(warmUp, keys.size());
        Timeline scratch = new Timeline();
        LookupProbe.Result result;
        if (rest) {
            LookupProbe.rest(hub, warm, options.lookupRate(), scratch);
            result = LookupProbe.rest(hub, timed, options.lookupRate(), timeline);
        } else {
            LookupProbe.jms(hub, warm, options.lookupRate(), scratch);
            result = LookupProbe.jms(hub, timed, options.lookupRate(), timeline);
        }
        System.out.printf("%s, %,d customers, %.0f/s: p50 %.1f ms, p99 %.1f ms, %d failed%s%n", result.door(), customers,
                result.ratePerSecond(), result.roundTrip().p50(), result.roundTrip().p99(), result.failed(),
                result.firstFailure() == null ? "" : " (the first: " + result.firstFailure() + ")");
        return result;
    }

    /** GET /health at the lookups' rate and count, after the same warm-up: the baseline of the lookups' p99. */
    private LookupProbe.Result health(HubProcess hub) throws Exception {
        int warmUp = (int) options.lookupRate() * LOOKUP_WARM_UP_SECONDS;
        LookupProbe.health(hub, warmUp, options.lookupRate(), new Timeline());
        LookupProbe.Result result = LookupProbe.health(hub, (int) (options.lookupRate() * options.lookupSeconds()),
                options.lookupRate(), timeline);
        System.out.printf("%s, %.0f/s: p50 %.1f ms, p99 %.1f ms, %d failed%s%n", result.door(), result.ratePerSecond(),
                result.roundTrip().p50(), result.roundTrip().p99(), result.failed(),
                result.firstFailure() == null ? "" : " (the first: " + result.firstFailure() + ")");
        return result;
    }

    private static String hubSetting(String name) throws IOException {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            settings.load(reader);
        }
        return settings.getProperty(name).trim();
    }

    /** Other work on the machine skews every figure; the 1-minute load average (this run included) hints at it. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
