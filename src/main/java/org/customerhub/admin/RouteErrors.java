package org.customerhub.admin;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The last error of each route, for the admin API: failures Camel gave up on and failures an error handler took care
 * of (a message dead-lettered with its reason), when and what.
 */
public final class RouteErrors extends EventNotifierSupport {
    private static final int MAX_DETAIL = 300;

    private final Map<String, LastError> last = new ConcurrentHashMap<>();

    public record LastError(Instant at, String error) {
    }

    public RouteErrors() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeFailedEvent || event instanceof CamelEvent.ExchangeFailureHandledEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getFromRouteId() != null && failure != null) {
            String detail = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            last.put(exchange.getFromRouteId(), new LastError(Instant.now(),
                    detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail));
        }
    }

    public Optional<LastError> of(String routeId) {
        return Optional.ofNullable(last.get(routeId));
    }
}
