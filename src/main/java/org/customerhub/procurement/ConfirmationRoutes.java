package org.customerhub.procurement;

import org.apache.camel.builder.RouteBuilder;

/**
 * Delivers the queued ConfirmationRequests. A delivery that fails rolls the message back onto its queue, where the
 * broker's redelivery delay (address-settings of hub.procurement.confirmations) spaces the next attempt.
 */
public final class ConfirmationRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from("jms:queue:hub.procurement.confirmations?transacted=true&cacheLevelName=CACHE_CONSUMER")
                .routeId("cxml-confirmations")
                // the broker, not Camel, retries: its redelivery survives a restart of the hub
                .errorHandler(noErrorHandler())
                .bean("cxmlConfirmations", "deliver");
    }
}
