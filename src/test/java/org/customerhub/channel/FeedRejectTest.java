package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * Each channel's feed reads its own subscription of the change events: a change the catalogue's mapping (edited live
 * by an admin) refuses is parked on hub.dlq.catalogue with its reason, for the catalogue alone; the change itself is
 * stored, and stores and direct sales get the very event the catalogue could not take.
 */
class FeedRejectTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MAPPING = "/admin/api/files/config/mappings/canonical-to-catalogue.xsl";
    /** An address the admin's catalogue mapping refuses. */
    private static final String REFUSED = "refused.by.catalogue@example.com";

    @Test
    void anEventTheCatalogueCannotTakeIsDeadLetteredForItAloneAndTheChangeIsStoredAndFedToTheOthers() throws Exception {
        TestHub hub = TestHub.withOwnFiles(new Properties());
        try (HubClient client = hub.client()) {
            String mapping = client.request("GET", MAPPING, HubClient.ADMIN_LOGIN, null, null).body();
            String refusing = mapping.replace("<xsl:template match=\"/c:customerChanged\">", """
                    <xsl:template match="/c:customerChanged">
                        <xsl:if test="c:current/c:email = '%s'">
                          <xsl:message terminate="yes">the catalogue takes no such address</xsl:message>
                        </xsl:if>""".formatted(REFUSED));
            assertThat(refusing).isNotEqualTo(mapping);
            HttpResponse<String> applied = client.request("PUT", MAPPING, HubClient.ADMIN_LOGIN, "text/plain",
                    refusing.getBytes(StandardCharsets.UTF_8), "X-Hub-Console", "1");
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

            Ingest ingest = new Ingest(hub, client);
            ingest.send("catalogue", "feeds/01-catalogue-order.xml");
            String hubId = client.only("key", "catalogue:0700001").get("hubId").asText();
            ingest.sendText("web", HubClient.resource("feeds/02-web-profile-updated.xml").replace("rosa.quinn@example.com", REFUSED),
                    Map.of());

            assertThat(client.only("key", "web:U41700001").get("hubId").asText()).as("the web profile's customer").isEqualTo(hubId);
            assertThat(client.only("key", "catalogue:0700001").toString()).as("the change is stored").contains(REFUSED);
            Message dead = client.receive("hub.dlq.catalogue", null, WAIT);
            assertThat(dead).as("the catalogue's dead letter").isNotNull();
            assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("MAPPING_FAILED");
            assertThat(dead.getStringProperty("HubErrorDetail")).contains("xsl:message", "canonical-to-catalogue.xsl");
            assertThat(dead.getStringProperty("HubSourceQueue")).isEqualTo("hub.customer.events::feed.catalogue");
            String deadEvent = ((TextMessage) dead).getText();
            assertThat(deadEvent).contains("customerChanged", hubId, REFUSED);
            String eventId = deadEvent.replaceFirst("(?s).*?eventId=\"([^\"]+)\".*", "$1");
            for (String queue : new String[] {"hub.out.retail", "hub.out.directsales"}) {
                Message fed = client.receive(queue, "HubEventId = '" + eventId + "'", WAIT);
                assertThat(fed).as("the refused event on " + queue).isNotNull();
                assertThat(((TextMessage) fed).getText()).contains(REFUSED);
            }
        } finally {
            hub.stop();
        }
    }
}
