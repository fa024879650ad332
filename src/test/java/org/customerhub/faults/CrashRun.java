package org.customerhub.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A crash run: a hub in its own process takes channel messages sent at a steady rate, is killed with SIGKILL at random
 * points while it works and started again each time, is left to finish and stopped cleanly; then its store and its
 * outputs are compared with what was sent. Used by CrashTest (bounded) and bench/crash (long).
 */
public final class CrashRun {
    /** What the hub logs once it has stored a message, before the broker's commit acknowledges it. */
    private static final String STORED = "Accepted ";
    private static final Pattern WATCHED_ADDRESS = Pattern.compile("(<address name=\"hub.customer.events\">\\s*<multicast>)");

    /**
     * messages to send, kills to make, the producer's rate (about the hub's own, so that sending goes on across the
     * kills) and the seed of the traffic and of the kill points.
     */
    public record Settings(int messages, int kills, double sendRate, long seed) {
    }

    private CrashRun() {
    }

    public static CrashReport run(Path folder, Settings settings, PrintStream progress) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(folder);
        List<CrashTraffic.Sent> traffic = new CrashTraffic(settings.seed()).messages(settings.messages());
        HubProcess hub = new HubProcess(folder, Map.of("hub.broker.config", watchedBrokerXml(folder).toString()));
        hub.start();
        Random killPoints = new Random(settings.seed());
        // kill points spread over the run: each after a random number of messages taken since the hub last started
        int spread = Math.max(20, settings.messages() / (settings.kills() + 1));
        int sentAgain;
        try (SteadyProducer producer = new SteadyProducer(hub.brokerUrl(), traffic, settings.sendRate())) {
            producer.start();
            for (int kill = 1; kill <= settings.kills(); kill++) {
                long after = 1 + killPoints.nextInt(spread);
                await().atMost(processing(settings.messages())).pollInterval(Duration.ofMillis(50))
                        .until(() -> hub.takenSinceStart() >= after || producer.allSent() && hub.idle());
                // right after the hub has stored a message: its acknowledgement is still ahead (SlowEventPublishing)
                long logged = hub.logLength();
                await().atMost(processing(settings.messages())).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                        .until(() -> hub.loggedSince(logged, STORED) || producer.allSent() && hub.idle());
                hub.kill();
                progress.printf("kill %d of %d: SIGKILL after %d or more messages taken since the hub started, %s%n", kill,
                        settings.kills(), after, hub.loggedSince(logged, STORED) ? "right after one was stored" : "idle");
                hub.start();
            }
            producer.awaitAllSent(processing(settings.messages()));
            sentAgain = producer.sentAgain();
        }
        await().atMost(processing(settings.messages())).pollInterval(Duration.ofMillis(500)).until(hub::idle);
        BrokerOutputs outputs = BrokerOutputs.drain(hub.brokerUrl());
        hub.stop();
        StoreContents store = StoreContents.read(hub.databaseUrl());
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        return CrashReport.of(traffic, store, outputs, new CrashReport.Run(settings.kills(),
                linesOfLog(hub.log(), "redelivery, its"), linesOfLog(hub.log(), "resend of a message taken before"), sentAgain,
                seconds));
    }

    /** Generous: a hub that is merely slow on a busy machine finishes, a stuck one fails the run. */
    private static Duration processing(int messages) {
        return Duration.ofSeconds(180 + messages / 5);
    }

    /**
     * The run's copy of config/broker.xml, with a queue of its own on the events address to count events on and the
     * plugin that holds the hub's event publishing (SlowEventPublishing).
     */
    private static Path watchedBrokerXml(Path folder) throws IOException {
        String shipped = Files.readString(Path.of("config/broker.xml"));
        Matcher address = WATCHED_ADDRESS.matcher(shipped);
        if (!address.find() || !shipped.contains("</core>")) {
            throw new IllegalStateException("config/broker.xml has no core or no multicast address hub.customer.events");
        }
        Path copy = folder.resolve("broker.xml");
        Files.writeString(copy, address.replaceFirst("$1<queue name=\"" + BrokerOutputs.WATCH_QUEUE + "\"/>")
                .replace("</core>", "<broker-plugins><broker-plugin class-name=\"" + SlowEventPublishing.class.getName()
                        + "\"/></broker-plugins></core>"));
        return copy.toAbsolutePath();
    }

    /** The hub's warnings and errors of a run, the first of each kind: what a failed run's report shows of its log. */
    public static String warnings(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                    .collect(java.util.stream.Collectors.toMap(line -> line.replaceAll("^\\S+ \\S+ ", "").replaceAll("[0-9a-f-]{36}|\\d+", "#"),
                            line -> line, (first, later) -> first, java.util.LinkedHashMap::new))
                    .values().stream().limit(40).collect(java.util.stream.Collectors.joining("\n"));
        }
    }

    private static long linesOfLog(Path log, String text) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
