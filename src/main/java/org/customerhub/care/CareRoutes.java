package org.customerhub.care;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.customerhub.channel.ChannelIngest;
import org.customerhub.security.HubAccess;

/**
 * Agents' corrections and match decisions: the HTTP calls that queue them, and the agent channel's ingest route that
 * applies them in one unit of work with their change events. Java rather than YAML: the console relies on them.
 */
public final class CareRoutes extends RouteBuilder {
    @Override
    public void configure() {
        HubAccess access = HubAccess.of(getContext());
        from("platform-http:/api/customers/{hubId}/corrections?httpMethodRestrict=POST").routeId("api-customer-correction")
                .filter(access::agent).bean("customerCare", "correct");
        from("platform-http:/api/customers/{hubId}/matches/{otherHubId}?httpMethodRestrict=POST").routeId("api-customer-match")
                .filter(access::agent).bean("customerCare", "decide");
        from("platform-http:/admin/api/customers/{hubId}/split?httpMethodRestrict=POST").routeId("admin-customer-split")
                .filter(access::agent).bean("customerCare", "split");
        from("platform-http:/admin/api/review-queue?httpMethodRestrict=GET").routeId("admin-review-queue")
                .filter(access::agent).bean("reviewQueue", "list");
        from("platform-http:/admin/api/review-queue/{hubId}/{otherHubId}?httpMethodRestrict=POST")
                .routeId("admin-review-decision").filter(access::agent).bean("customerCare", "decide");

        from("jms:queue:hub.in.agent?transacted=true&cacheLevelName=CACHE_CONSUMER").routeId("ingest-agent")
                .routeConfigurationId("ingest-errors")
                .setProperty(ChannelIngest.CHANNEL, constant(ChannelIngest.AGENT))
                // the guard checks the record against the canonical schema, as every inbound message is checked
                .bean("channelIngest", "check")
                .unmarshal().jaxb("org.customerhub.canonical")
                .bean("channelIngest", "store")
                // change events go out in the same broker transaction that acknowledges the record and sends the reply
                .split(simple("${exchangeProperty." + ChannelIngest.EVENTS + "}"))
                    // events are published, not asked: only the agent's own request waits for an answer
                    .setExchangePattern(ExchangePattern.InOnly)
                    // an event carries no property of the record that caused it
                    .removeHeaders("*")
                    .to("jms:topic:hub.customer.events")
                .end()
                .setBody(simple("applied ${exchangeProperty." + ChannelIngest.MESSAGE_ID + "}"));
    }
}
