package org.customerhub.admin;

import static org.customerhub.json.Json.MAPPER;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.customerhub.broker.EmbeddedBroker;
import org.customerhub.http.JsonAnswer;
import org.customerhub.monitoring.ChannelMonitor;
import org.customerhub.monitoring.HubMetrics;
import org.customerhub.store.MonitoringStore;

/**
 * GET /metrics (Prometheus text, for the monitoring role), GET /admin/api/monitoring (the console's Monitoring page)
 * and the periodic check that turns breaches into alerts on hub.alerts.
 */
public final class MonitoringApi {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HubMetrics metrics;
    private final PrometheusMeterRegistry registry;
    private final ChannelMonitor monitor;
    private final Optional<EmbeddedBroker> broker;
    private final Duration historyShown;

    public MonitoringApi(HubMetrics metrics, PrometheusMeterRegistry registry, ChannelMonitor monitor,
                         Optional<EmbeddedBroker> broker, Duration historyShown) {
        this.metrics = metrics;
        this.registry = registry;
        this.monitor = monitor;
        this.broker = broker;
        this.historyShown = historyShown;
    }

    public void metrics(Exchange exchange) {
        refreshQueues();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, PROMETHEUS_TEXT);
        exchange.getMessage().setBody(registry.scrape());
    }

    /** Evaluates every threshold; the body becomes the alerts raised or cleared, one JSON text each, for hub.alerts. */
    public void check(Exchange exchange) {
        refreshQueues();
        exchange.getMessage().setBody(monitor.check().stream().map(alert -> json(alert).toString()).toList());
    }

    public void monitoring(Exchange exchange) {
        ObjectNode answer = MAPPER.createObjectNode().put("at", Instant.now().toString())
                .put("windowMinutes", ChannelMonitor.WINDOW.toMinutes()).put("historyHours", historyShown.toHours());
        ArrayNode sources = answer.putArray("sources");
        for (ChannelMonitor.Figures figures : monitor.figures()) {
            ObjectNode node = sources.addObject().put("source", figures.source())
                    .put("lastMessage", figures.lastMessage() == null ? null : figures.lastMessage().toString())
                    .put("messagesPerMinute", figures.messagesPerMinute()).put("errorPercent", figures.errorPercent())
                    .put("deadLetters", figures.deadLetters()).put("silenceThreshold", figures.silence())
                    .put("schedule", figures.schedule()).put("scheduleOpen", figures.scheduleOpen());
            if (figures.p95Millis() == null) {
                node.putNull("p95Millis");
            } else {
                node.put("p95Millis", figures.p95Millis());
            }
        }
        ArrayNode alerts = answer.putArray("alerts");
        monitor.activeAlerts().forEach(alert -> alerts.add(json(alert)));
        ObjectNode history = answer.putObject("history");
        for (Map.Entry<String, List<MonitoringStore.Minute>> entry : monitor.history(historyShown).entrySet()) {
            ArrayNode minutes = history.putArray(entry.getKey());
            for (MonitoringStore.Minute minute : entry.getValue()) {
                ObjectNode node = minutes.addObject().put("minute", minute.minute().toString())
                        .put("messages", minute.messages()).put("errors", minute.errors());
                if (minute.p95Millis() != null) {
                    node.put("p95Millis", minute.p95Millis());
                }
            }
        }
        JsonAnswer.respond(exchange.getMessage(), 200, answer.toString());
    }

    private static ObjectNode json(ChannelMonitor.Alert alert) {
        return MAPPER.createObjectNode().put("source", alert.source()).put("kind", alert.kind().name())
                .put("state", alert.active() ? "RAISED" : "CLEARED").put("at", alert.at().toString())
                .put("detail", alert.detail());
    }

    /** Queue figures come from the embedded broker; an external broker's are read from that broker's own metrics. */
    private void refreshQueues() {
        broker.filter(EmbeddedBroker::isStarted).ifPresent(embedded -> metrics.queues(embedded.queues().stream()
                .map(queue -> new HubMetrics.QueueFigure(queue.queue(), queue.depth(), queue.oldestAgeMillis() / 1000.0))
                .toList()));
    }
}
