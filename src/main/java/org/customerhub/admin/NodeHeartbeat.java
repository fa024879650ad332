package org.customerhub.admin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.customerhub.store.HubNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's entry in the store's list of hub nodes (see {@link HubNodes}), written at start and then every
 * heartbeat: its routes, the channel messages its ingest routes completed and at what rate, and the broker it is
 * connected to. A beat the store does not take is skipped; the next one catches up.
 */
public final class NodeHeartbeat extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final String nodeId;
    private final String host;
    private final HubNodes nodes;
    private final CamelContext context;
    private final Supplier<Optional<String>> broker;
    private final long intervalSeconds;
    private final IngestCount taken = new IngestCount();
    private final OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
    private ScheduledExecutorService clock;
    private long takenAtLastBeat;
    private long lastBeatNanos = System.nanoTime();

    public NodeHeartbeat(String nodeId, String host, HubNodes nodes, CamelContext context, Supplier<Optional<String>> broker,
                         long intervalSeconds) {
        this.nodeId = nodeId;
        this.host = host;
        this.nodes = nodes;
        this.context = context;
        this.broker = broker;
        this.intervalSeconds = intervalSeconds;
        context.getManagementStrategy().addEventNotifier(taken);
    }

    @Override
    protected void doStart() {
        clock = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "hub-node-heartbeat");
        clock.scheduleWithFixedDelay(this::beat, 0, intervalSeconds, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (clock != null) {
            context.getExecutorServiceManager().shutdownNow(clock);
        }
    }

    private void beat() {
        try {
            long now = System.nanoTime();
            long count = taken.count.get();
            double seconds = Math.max(1e-3, (now - lastBeatNanos) / 1e9);
            double rate = (count - takenAtLastBeat) / seconds;
            List<Route> routes = context.getRoutes();
            int routesStarted = (int) routes.stream()
                    .filter(route -> context.getRouteController().getRouteStatus(route.getId()) == ServiceStatus.Started).count();
            nodes.beat(new HubNodes.Node(nodeId, host, started, OffsetDateTime.now(ZoneOffset.UTC), broker.get().orElse(null),
                    routesStarted, routes.size(), count, Math.round(rate * 10) / 10.0));
            takenAtLastBeat = count;
            lastBeatNanos = now;
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not write its heartbeat: {}", nodeId, e.toString());
        }
    }

    /** Exchanges the channels' ingest routes completed, each one channel message taken into the store. */
    private static final class IngestCount extends EventNotifierSupport {
        private final AtomicLong count = new AtomicLong();

        IngestCount() {
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeFailedEvents(true);
            setIgnoreExchangeRedeliveryEvents(true);
            setIgnoreExchangeSendingEvents(true);
            setIgnoreExchangeSentEvents(true);
            setIgnoreStepEvents(true);
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeCompletedEvent completed
                    && completed.getExchange().getFromRouteId() != null
                    && completed.getExchange().getFromRouteId().startsWith("ingest-");
        }

        @Override
        public void notify(CamelEvent event) {
            count.incrementAndGet();
        }
    }
}
