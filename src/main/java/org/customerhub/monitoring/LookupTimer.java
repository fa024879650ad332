package org.customerhub.monitoring;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Times every customer lookup as the routes that answer them complete: REST (the customer API), JMS
 * (hub.customer.query) and SOAP (CustomerService), without the lookup code knowing about metrics.
 */
public final class LookupTimer extends EventNotifierSupport {
    private final Map<String, String> doorOfRoute;
    private final HubMetrics metrics;

    /** doorOfRoute: route id to the door it serves, e.g. customer-query to jms. */
    public LookupTimer(Map<String, String> doorOfRoute, HubMetrics metrics) {
        this.doorOfRoute = Map.copyOf(doorOfRoute);
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String door = exchange.getFromRouteId() == null ? null : doorOfRoute.get(exchange.getFromRouteId());
        if (door != null) {
            metrics.lookup(door, Duration.ofMillis(exchange.getClock().elapsed()));
        }
    }
}
