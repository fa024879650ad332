package org.customerhub.broker;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;

/**
 * Artemis's metrics plugin, pointed at the hub's own registry: the embedded broker's figures (artemis_* series per
 * address and queue) are served on /metrics next to the hub's.
 */
final class BrokerMetrics implements ActiveMQMetricsPlugin {
    private static final long serialVersionUID = 1L;
    private final transient MeterRegistry registry;

    BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ActiveMQMetricsPlugin init(Map<String, String> options) {
        return this;
    }

    @Override
    public MeterRegistry getRegistry() {
        return registry;
    }
}
