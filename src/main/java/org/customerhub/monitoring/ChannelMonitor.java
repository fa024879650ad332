package org.customerhub.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.customerhub.store.MonitoringStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every channel and procurement partner: last message, rate, error rate and p95 latency over the last
 * {@link #WINDOW}, dead letters, and the breaches of their {@link Thresholds}. Closed minutes go to the store for the
 * Monitoring page's charts; a breach raised or cleared is returned by {@link #check()} for the hub to publish. The
 * clock is injected so that silence can be tested without waiting.
 */
public final class ChannelMonitor {
    /** Rate, error rate and p95 are taken over this many last minutes. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** Latencies kept per source and minute for the p95; a busier minute keeps its first ones. */
    private static final int MAX_SAMPLES_PER_MINUTE = 5000;
    /** How often minutes older than the history kept are deleted when no new minute is stored. */
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(ChannelMonitor.class);

    public enum Kind { SILENCE, ERROR_RATE, DEAD_LETTERS }

    /** A breach raised (active) or cleared, as published on hub.alerts and shown on the console. */
    public record Alert(String source, Kind kind, boolean active, Instant at, String detail) {
    }

    /** One source's figures now; lastMessage is null before its first message since the hub started. */
    public record Figures(String source, Instant lastMessage, double messagesPerMinute, double errorPercent,
                          Long p95Millis, long deadLetters, String silence, String schedule, boolean scheduleOpen) {
    }

    private final MonitoringStore history;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration keep;
    private final Instant started;
    private volatile Thresholds thresholds;
    private final Map<String, Activity> activities = new ConcurrentHashMap<>();
    private final Map<String, Long> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Alert> active = new ConcurrentHashMap<>();
    private Instant lastPurge;
    private MeterRegistry registry;
    private MultiGauge silences;
    private MultiGauge alertGauge;

    /** sources: the channels and partners to watch from the start, whether or not they send anything. */
    public ChannelMonitor(Thresholds thresholds, MonitoringStore history, Clock clock, ZoneId zone, Duration keep,
                          Collection<String> sources) {
        this.thresholds = thresholds;
        this.history = history;
        this.clock = clock;
        this.zone = zone;
        this.keep = keep;
        this.started = clock.instant();
        this.lastPurge = started;
        sources.forEach(source -> activities.put(source, new Activity()));
        thresholds.sources().forEach(source -> activities.putIfAbsent(source, new Activity()));
    }

    public static String channel(String name) {
        return "channel." + name;
    }

    public static String partner(String name) {
        return "partner." + name;
    }

    /** New thresholds (config/monitoring.properties changed), from the next check on. */
    public void useThresholds(Thresholds newThresholds) {
        newThresholds.sources().forEach(source -> activities.putIfAbsent(source, new Activity()));
        thresholds = newThresholds;
    }

    void registerGauges(MeterRegistry meters) {
        this.registry = meters;
        silences = MultiGauge.builder("hub.source.silence").description("Seconds since a channel's or partner's last message (or since the hub started)")
                .baseUnit("seconds").register(meters);
        alertGauge = MultiGauge.builder("hub.alert.active").description("1 while a channel's or partner's breach is active")
                .register(meters);
        updateGauges(clock.instant());
    }

    /** One message of a source: failed (dead-lettered, refused) or not; latency null when not timed. */
    public void record(String source, boolean failed, Duration latency) {
        Instant now = clock.instant();
        activities.computeIfAbsent(source, s -> new Activity()).record(now, failed, latency);
    }

    /** Dead letters waiting per source, as the broker counts them now. */
    public void deadLetters(Map<String, Long> depths) {
        deadLetters.putAll(depths);
    }

    /**
     * Stores the minutes that ended, forgets those older than the history kept, and evaluates every threshold.
     * Answers the alerts raised or cleared since the previous check.
     */
    public synchronized List<Alert> check() {
        Instant now = clock.instant();
        storeClosedMinutes(now);
        List<Alert> changes = new ArrayList<>();
        for (String source : new TreeSet<>(activities.keySet())) {
            Thresholds.Limits limits = thresholds.of(source);
            evaluate(changes, source, Kind.SILENCE, silence(source, limits, now), now);
            evaluate(changes, source, Kind.ERROR_RATE, errorRate(source, limits, now), now);
            evaluate(changes, source, Kind.DEAD_LETTERS, limits.maxDeadLetters()
                    .filter(max -> deadLetters.getOrDefault(source, 0L) > max)
                    .map(max -> deadLetters.get(source) + " dead letters waiting, more than " + max), now);
        }
        updateGauges(now);
        return changes;
    }

    /**
     * Stores the minutes that ended and deletes what is older than the history kept; a hub without traffic writes
     * nothing but that deletion, once every {@link #PURGE_EVERY}. A store that does not answer (an outage) leaves them for the next check; the thresholds are
     * checked all the same.
     */
    private void storeClosedMinutes(Instant now) {
        Map<Activity, List<MonitoringStore.Minute>> closed = new LinkedHashMap<>();
        activities.forEach((source, activity) -> {
            List<MonitoringStore.Minute> minutes = activity.closedMinutes(source, now);
            if (!minutes.isEmpty()) {
                closed.put(activity, minutes);
            }
        });
        boolean purgeDue = lastPurge.plus(PURGE_EVERY).isBefore(now);
        if (closed.isEmpty() && !purgeDue) {
            return;
        }
        try {
            history.save(closed.values().stream().flatMap(List::stream).toList());
            closed.forEach(Activity::stored);
            history.deleteBefore(now.minus(keep));
            lastPurge = now;
        } catch (RuntimeException e) {
            LOG.warn("Monitoring history not stored now, kept for the next check: {}", e.toString());
        }
    }

    private Optional<String> silence(String source, Thresholds.Limits limits, Instant now) {
        if (limits.silence().isEmpty()) {
            return Optional.empty();
        }
        return limits.schedule().openedAt(now.atZone(zone)).flatMap(opened -> {
            Instant since = latest(latest(opened.toInstant(), started), activities.get(source).lastMessage());
            Duration quiet = Duration.between(since, now);
            return quiet.compareTo(limits.silence().get()) > 0
                    ? Optional.of("no message for " + quiet.toSeconds() + " s, threshold " + limits.silence().get().toSeconds()
                            + " s (schedule " + limits.schedule() + ")")
                    : Optional.empty();
        });
    }

    private Optional<String> errorRate(String source, Thresholds.Limits limits, Instant now) {
        return limits.maxErrorPercent().flatMap(max -> {
            Figures figures = figures(source, now);
            return figures.messagesPerMinute() > 0 && figures.errorPercent() > max
                    ? Optional.of(String.format("%.1f %% of the last %d minutes' messages failed, more than %s %%",
                            figures.errorPercent(), WINDOW.toMinutes(), max))
                    : Optional.empty();
        });
    }

    private void evaluate(List<Alert> changes, String source, Kind kind, Optional<String> breach, Instant now) {
        String key = source + "|" + kind;
        Alert current = active.get(key);
        if (breach.isPresent() && current == null) {
            Alert raised = new Alert(source, kind, true, now, breach.get());
            active.put(key, raised);
            changes.add(raised);
            if (registry != null) {
                Counter.builder("hub.alerts.raised").description("Breaches raised").tags("source", source, "kind", kind.name())
                        .register(registry).increment();
            }
            LOG.warn("Alert raised: {} {}: {}", source, kind, breach.get());
        } else if (breach.isEmpty() && current != null) {
            active.remove(key);
            changes.add(new Alert(source, kind, false, now, "back within its threshold"));
            LOG.info("Alert cleared: {} {}", source, kind);
        }
    }

    private void updateGauges(Instant now) {
        if (silences == null) {
            return;
        }
        silences.register(activities.entrySet().stream().map(entry -> MultiGauge.Row.of(Tags.of("source", entry.getKey()),
                Duration.between(latest(started, entry.getValue().lastMessage()), now).toMillis() / 1000.0)).toList(), true);
        List<MultiGauge.Row<?>> alertRows = new ArrayList<>();
        for (String source : activities.keySet()) {
            for (Kind kind : Kind.values()) {
                if (watched(thresholds.of(source), kind)) {
                    alertRows.add(MultiGauge.Row.of(Tags.of("source", source, "kind", kind.name()),
                            active.containsKey(source + "|" + kind) ? 1 : 0));
                }
            }
        }
        alertGauge.register(alertRows, true);
    }

    private static boolean watched(Thresholds.Limits limits, Kind kind) {
        return switch (kind) {
            case SILENCE -> limits.silence().isPresent();
            case ERROR_RATE -> limits.maxErrorPercent().isPresent();
            case DEAD_LETTERS -> limits.maxDeadLetters().isPresent();
        };
    }

    /** The alerts active now, oldest first. */
    public List<Alert> activeAlerts() {
        return active.values().stream().sorted((a, b) -> a.at().compareTo(b.at())).toList();
    }

    /** Every watched source's figures now, by name. */
    public List<Figures> figures() {
        Instant now = clock.instant();
        return new TreeSet<>(activities.keySet()).stream().map(source -> figures(source, now)).toList();
    }

    private Figures figures(String source, Instant now) {
        Activity activity = activities.get(source);
        Thresholds.Limits limits = thresholds.of(source);
        Activity.Window window = activity.window(now);
        return new Figures(source, activity.lastMessage(), window.messages() / (double) WINDOW.toMinutes(),
                window.messages() == 0 ? 0 : 100.0 * window.errors() / window.messages(), window.p95Millis(),
                deadLetters.getOrDefault(source, 0L),
                limits.silence().map(ChannelMonitor::readable).orElse(null), limits.schedule().toString(),
                limits.schedule().openedAt(now.atZone(zone)).isPresent());
    }

    /** The minutes of the last hours per source, oldest first: those stored, then those not stored yet (the current one). */
    public Map<String, List<MonitoringStore.Minute>> history(Duration span) {
        Map<String, List<MonitoringStore.Minute>> bySource = new LinkedHashMap<>();
        for (MonitoringStore.Minute minute : history.since(clock.instant().minus(span))) {
            bySource.computeIfAbsent(minute.source(), s -> new ArrayList<>()).add(minute);
        }
        activities.forEach((source, activity) -> {
            List<MonitoringStore.Minute> pending = activity.pendingMinutes(source);
            if (!pending.isEmpty()) {
                bySource.computeIfAbsent(source, s -> new ArrayList<>()).addAll(pending);
            }
        });
        return bySource;
    }

    /** 10 min, 2 h, 45 s. */
    private static String readable(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static Instant latest(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    /** One source's traffic: the minutes of the last window, the current one last. */
    private static final class Activity {
        private final Deque<Bucket> minutes = new ArrayDeque<>();
        private volatile Instant lastMessage;

        record Window(int messages, int errors, Long p95Millis) {
        }

        private static final class Bucket {
            final Instant minute;
            int messages;
            int errors;
            long[] latencies = new long[16];
            int timed;
            boolean stored;

            Bucket(Instant minute) {
                this.minute = minute;
            }

            MonitoringStore.Minute asMinute(String source) {
                return new MonitoringStore.Minute(source, minute, messages, errors, p95(List.of(this)));
            }

            void add(boolean failed, Duration latency) {
                messages++;
                if (failed) {
                    errors++;
                }
                if (latency != null && timed < MAX_SAMPLES_PER_MINUTE) {
                    if (timed == latencies.length) {
                        latencies = Arrays.copyOf(latencies, latencies.length * 2);
                    }
                    latencies[timed++] = latency.toMillis();
                }
            }
        }

        Instant lastMessage() {
            return lastMessage;
        }

        synchronized void record(Instant now, boolean failed, Duration latency) {
            Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
            if (minutes.isEmpty() || minutes.peekLast().minute.isBefore(minute)) {
                minutes.addLast(new Bucket(minute));
            }
            minutes.peekLast().add(failed, latency);
            lastMessage = now;
        }

        /** The minutes before the current one not stored yet. */
        synchronized List<MonitoringStore.Minute> closedMinutes(String source, Instant now) {
            Instant current = now.truncatedTo(ChronoUnit.MINUTES);
            return minutes.stream().filter(bucket -> !bucket.stored && bucket.minute.isBefore(current))
                    .map(bucket -> bucket.asMinute(source)).toList();
        }

        /** Those minutes are in the store now; minutes older than the window are let go. */
        synchronized void stored(List<MonitoringStore.Minute> stored) {
            Set<Instant> starts = stored.stream().map(MonitoringStore.Minute::minute).collect(Collectors.toSet());
            minutes.forEach(bucket -> bucket.stored |= starts.contains(bucket.minute));
            Instant oldest = stored.stream().map(MonitoringStore.Minute::minute).max(Instant::compareTo).orElseThrow().minus(WINDOW);
            while (!minutes.isEmpty() && minutes.peekFirst().stored && minutes.peekFirst().minute.isBefore(oldest)) {
                minutes.removeFirst();
            }
        }

        synchronized List<MonitoringStore.Minute> pendingMinutes(String source) {
            return minutes.stream().filter(bucket -> !bucket.stored)
                    .map(bucket -> bucket.asMinute(source))
                    .toList();
        }

        synchronized Window window(Instant now) {
            Instant from = now.minus(WINDOW);
            List<Bucket> recent = minutes.stream().filter(b -> !b.minute.isBefore(from.truncatedTo(ChronoUnit.MINUTES))).toList();
            return new Window(recent.stream().mapToInt(b -> b.messages).sum(), recent.stream().mapToInt(b -> b.errors).sum(),
                    p95(recent));
        }

        private static Long p95(List<Bucket> buckets) {
            long[] all = buckets.stream().flatMapToLong(b -> Arrays.stream(b.latencies, 0, b.timed)).sorted().toArray();
            return all.length == 0 ? null : all[(int) Math.ceil(all.length * 0.95) - 1];
        }
    }
}
