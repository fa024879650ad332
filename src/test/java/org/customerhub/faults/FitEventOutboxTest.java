package org.customerhub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQIOErrorException;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.broker.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A value fit's tier changes go through the change-event outbox: the broker refuses the first sends of the fit's events
 * (after the fit's transaction committed), and the retail feed's JMS client still gets each customer's TIER_CHANGED
 * exactly once, with nothing left unpublished in the store.
 */
class FitEventOutboxTest {
    private static final String RULES = """
            currency = USD
            margin.assumed-rate = 0.30
            tiers = platinum
            tier.platinum.top-share = 0.34
            tier.default = standard
            """;
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        Path rules = Path.of("target", "fit-event-test", UUID.randomUUID() + ".properties");
        Files.createDirectories(rules.getParent());
        Files.writeString(rules, RULES, StandardCharsets.UTF_8);
        Properties settings = new Properties();
        settings.setProperty("hub.value.rules", rules.toString());
        settings.setProperty("hub.value.refit", "0");
        hub = TestHub.isolated(settings);
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    /**
     * Fails the first sends to hub.customer.events that carry a duplicate id (the fit's events) with a broker I/O error,
     * before the broker looks at them: as a send lost on its way.
     */
    static final class RefuseFitEvents implements ActiveMQServerMessagePlugin {
        private final AtomicInteger left;
        private final AtomicInteger refused = new AtomicInteger();

        RefuseFitEvents(int times) {
            this.left = new AtomicInteger(times);
        }

        @Override
        public void beforeSend(ServerSession session, Transaction tx, org.apache.activemq.artemis.api.core.Message message,
                               boolean direct, boolean noAutoCreateQueue) throws ActiveMQException {
            if ("hub.customer.events".equals(message.getAddress()) && message.getDuplicateProperty() != null
                    && left.getAndUpdate(times -> Math.max(0, times - 1)) > 0) {
                refused.incrementAndGet();
                throw new ActiveMQIOErrorException("refused by the test: the fit's event does not reach the broker");
            }
        }
    }

    @Test
    void aFitsTierChangesArriveOnceThoughTheBrokerRefusedTheFirstSends() throws Exception {
        Ingest ingest = new Ingest(hub, client);
        // three store members, one to three sales of 25.00: the fit ranks the one with three at the top third
        for (int member = 0; member < 3; member++) {
            for (int sale = 0; sale <= member; sale++) {
                ingest.sendText("retail", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <pos:Transaction xmlns:pos="urn:example:retail:pos:v2" store="0612" register="05" receipt="0612-05-8812%d%d"
                            timestamp="%sT11:00:00+00:00" type="SALE" cashier="E30611">
                          <pos:Member card="710588120%d" tier="BASIC" entry="SCAN"/>
                          <pos:Items><pos:Item line="1" sku="120334" desc="PAPER LTR 24LB 5RM" qty="1" price="25.00" cost="17.00"/></pos:Items>
                          <pos:Tender type="CASH" amount="25.00"/>
                          <pos:Total currency="USD" subtotal="25.00" tax="0.00">25.00</pos:Total>
                        </pos:Transaction>""".formatted(member, sale, TODAY.minusDays(100 - 30L * sale), member), Map.of());
            }
        }
        // the live tier changes of the sales are on the feed already (none: every customer is standard before a fit)
        assertThat(client.receive("hub.out.retail", "HubSourceChannel = 'hub'", Duration.ofSeconds(1))).isNull();

        ActiveMQServer broker = hub.context().hasService(EmbeddedBroker.class).server().getActiveMQServer();
        RefuseFitEvents refusal = new RefuseFitEvents(2);
        broker.registerBrokerPlugin(refusal);
        try {
            HttpResponse<String> refit = client.request("POST", "/admin/api/value/refit", HubClient.ADMIN_LOGIN,
                    "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(refit.statusCode()).isEqualTo(202);
            List<Message> events = new ArrayList<>();
            Message first = client.receive("hub.out.retail", "HubSourceChannel = 'hub'", Duration.ofSeconds(60));
            assertThat(first).as("a fit's TIER_CHANGED on the retail feed").isNotNull();
            events.add(first);
            // the outbox is tried again every 5 s: a copy would come within a few passes
            for (Message next = client.receive("hub.out.retail", "HubSourceChannel = 'hub'", Duration.ofSeconds(12));
                 next != null && events.size() < 10;
                 next = client.receive("hub.out.retail", "HubSourceChannel = 'hub'", Duration.ofSeconds(12))) {
                events.add(next);
            }
            assertThat(refusal.refused.get()).as("sends the broker refused").isEqualTo(2);
            long recorded = hub.count("SELECT COUNT(*) FROM change_event WHERE message_id LIKE 'value-fit-%'");
            assertThat(recorded).isPositive();
            assertThat(events).hasSize((int) recorded);
            assertThat(events).extracting(event -> event.getStringProperty("HubEventId")).doesNotHaveDuplicates();
            assertThat(((TextMessage) events.get(0)).getText()).contains("<kind>TIER_CHANGED</kind>", "to=\"platinum\"");
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> hub.count("SELECT COUNT(*) FROM change_event_unpublished"), unpublished -> unpublished == 0);
        } finally {
            broker.unRegisterBrokerPlugin(refusal);
        }
    }
}
