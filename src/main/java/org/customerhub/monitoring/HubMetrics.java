package org.customerhub.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The hub's own series, all named hub_...: what each channel accepted and rejected, how long a message took from
 * the broker taking it to its commit, identity decisions, lookups, cXML requests and broker queues. Every figure also
 * feeds the {@link ChannelMonitor}, which watches each channel and partner against its thresholds.
 */
public final class HubMetrics {
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final ChannelMonitor monitor;
    private final MultiGauge queueDepths;
    private final MultiGauge queueAges;
    private final MultiGauge feedLags;

    /** One broker queue's figures at the moment of a scrape; oldestAgeSeconds is 0 for an empty queue. */
    public record QueueFigure(String queue, long depth, double oldestAgeSeconds) {
    }

    public HubMetrics(MeterRegistry registry, ChannelMonitor monitor) {
        this.registry = registry;
        this.monitor = monitor;
        queueDepths = MultiGauge.builder("hub.queue.depth").description("Messages waiting on a hub queue").register(registry);
        queueAges = MultiGauge.builder("hub.queue.oldest.message.age").description("Age of the oldest message waiting on a hub queue")
                .baseUnit("seconds").register(registry);
        feedLags = MultiGauge.builder("hub.feed.lag").description("Age of the oldest change event a channel's feed has not yet delivered")
                .baseUnit("seconds").register(registry);
        monitor.registerGauges(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A channel message stored: latency runs from the broker taking it on its channel's queue to the commit. */
    public void accepted(String channel, Duration latency) {
        Counter.builder("hub.messages.accepted").description("Channel messages whose changes the hub committed")
                .tag("channel", channel).register(registry).increment();
        Timer.builder("hub.ingest.latency").description("From the broker taking a message on its channel's queue to the commit of its changes")
                .tag("channel", channel).serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(latency);
        monitor.record(ChannelMonitor.channel(channel), false, latency);
    }

    /** A channel message dead-lettered, with its reason code (the HubErrorCode of its dead letter). */
    public void rejected(String channel, String reason) {
        Counter.builder("hub.messages.rejected").description("Channel messages dead-lettered, by reason code")
                .tags("channel", channel, "reason", reason).register(registry).increment();
        monitor.record(ChannelMonitor.channel(channel), true, null);
    }

    /** What identity resolution decided for one message: new customers, matched ones, merges and possible matches. */
    public void identity(int created, int matched, int merged, int possible) {
        decisions("new", created);
        decisions("matched", matched);
        decisions("merged", merged);
        decisions("possible", possible);
    }

    private void decisions(String decision, int count) {
        if (count > 0) {
            Counter.builder("hub.identity.decisions").description("Identity resolution decisions")
                    .tag("decision", decision).register(registry).increment(count);
        }
    }

    /** A customer lookup answered, by the door it came through (rest, jms, soap). */
    public void lookup(String door, Duration took) {
        Timer.builder("hub.lookup.latency").description("Customer lookups, from request to answer")
                .tag("door", door).serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(took);
    }

    /** A cXML request answered: the partner (or "unknown" before authentication) and the cXML status code. */
    public void cxml(String partner, int status, Duration took) {
        Counter.builder("hub.cxml.requests").description("cXML requests answered, by partner and cXML status code")
                .tags("partner", partner, "status", String.valueOf(status)).register(registry).increment();
        if (!"unknown".equals(partner)) {
            monitor.record(ChannelMonitor.partner(partner), status >= 400, took);
        }
    }

    /** The broker's queues as they are now; the feed lag of channel c is the oldest message age on feed.c. */
    public void queues(List<QueueFigure> figures) {
        queueDepths.register(figures.stream().map(f -> MultiGauge.Row.of(Tags.of("queue", f.queue()), f.depth())).toList(), true);
        queueAges.register(figures.stream().map(f -> MultiGauge.Row.of(Tags.of("queue", f.queue()), f.oldestAgeSeconds())).toList(), true);
        feedLags.register(figures.stream().filter(f -> f.queue().startsWith("feed."))
                .map(f -> MultiGauge.Row.of(Tags.of("channel", f.queue().substring("feed.".length())), f.oldestAgeSeconds()))
                .toList(), true);
        monitor.deadLetters(figures.stream().filter(f -> f.queue().startsWith("hub.dlq."))
                .collect(Collectors.toMap(f -> ChannelMonitor.channel(f.queue().substring("hub.dlq.".length())),
                        QueueFigure::depth, (a, b) -> a + b)));
    }
}
