package org.customerhub.faults;

import static org.apache.camel.builder.Builder.exchangeProperty;
import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Message;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.bench.CatalogueOrders;
import org.customerhub.broker.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two ways one content reaches the hub twice, on a hub of its own. A broker transaction that fails after the
 * database committed (here the broker refuses the first change event; a crash at that point is the same to the hub)
 * brings the same broker message back: it is recognised, changes nothing, and its recorded events go out once, ids
 * unchanged. A channel that sends the same content again as a new message changes nothing and publishes nothing.
 */
class UnitOfWorkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MARKER = "TestUnitOfWork";
    private static TestHub hub;
    private static HubClient client;
    private static ActiveMQServer broker;
    private static CatalogueOrders orders;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.isolated(new Properties());
        client = hub.client();
        broker = hub.context().hasService(EmbeddedBroker.class).server().getActiveMQServer();
        orders = new CatalogueOrders();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    void aBrokerCommitLostAfterTheDatabaseCommitRepublishesTheRecordedEventsOnce() throws Exception {
        CatalogueOrders.Order order = orders.distinctCustomers(1).get(0);
        RefuseEvents refusal = new RefuseEvents(1);
        broker.registerBrokerPlugin(refusal);
        try {
            String marker = UUID.randomUUID().toString();
            NotifyBuilder deliveredTwice = new NotifyBuilder(hub.context()).fromRoute("ingest-catalogue")
                    .filter(header(MARKER).isEqualTo(marker)).filter(exchangeProperty(Exchange.SPLIT_INDEX).isNull())
                    .whenDone(2).create();
            client.sendText("hub.in.catalogue", order.xml(), Map.of(MARKER, marker));
            assertThat(deliveredTwice.matches(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the message came back").isTrue();
        } finally {
            broker.unRegisterBrokerPlugin(refusal);
        }
        assertThat(refusal.refused()).isEqualTo(1);
        String hubId = client.only("order", "catalogue:" + order.orderNo()).get("hubId").asText();
        assertThat(client.only("key", "catalogue:" + order.customer().accountNo()).get("interactions")).hasSize(1);
        assertThat(hub.count("SELECT COUNT(*) FROM change_event WHERE hub_id = ?", hubId)).isEqualTo(1);
        assertDeliveredOnce("hub.out.retail", hubId);
        assertDeliveredOnce("hub.out.directsales", hubId);
    }

    @Test
    void aResendOfContentTakenBeforeChangesNothingAndPublishesNothing() throws Exception {
        CatalogueOrders.Order order = orders.distinctCustomers(1).get(0);
        Ingest ingest = new Ingest(hub, client);
        ingest.sendText("catalogue", order.xml(), Map.of());
        ingest.sendText("catalogue", order.xml(), Map.of());
        String hubId = client.only("key", "catalogue:" + order.customer().accountNo()).get("hubId").asText();
        assertThat(client.only("key", "catalogue:" + order.customer().accountNo()).get("interactions")).hasSize(1);
        assertThat(hub.count("SELECT COUNT(*) FROM raw_message WHERE document_id = ?", order.orderNo())).isEqualTo(1);
        assertThat(hub.count("SELECT COUNT(*) FROM change_event WHERE hub_id = ?", hubId)).isEqualTo(1);
        assertDeliveredOnce("hub.out.retail", hubId);
        assertDeliveredOnce("hub.out.directsales", hubId);
    }

    /**
     * The customer's one change event reaches the feed, with the id the store recorded, and nothing after it: the
     * next event for it or for a customer ingested afterwards is the later customer's (a feed keeps the order).
     */
    private static void assertDeliveredOnce(String queue, String hubId) throws Exception {
        Message first = client.receive(queue, "HubId = '" + hubId + "'", WAIT);
        assertThat(first).as("event on " + queue).isNotNull();
        assertThat(hub.count("SELECT COUNT(*) FROM change_event WHERE event_id = ? AND hub_id = ?",
                first.getStringProperty("HubEventId"), hubId)).isEqualTo(1);
        CatalogueOrders.Order later = orders.distinctCustomers(1).get(0);
        new Ingest(hub, client).sendText("catalogue", later.xml(), Map.of());
        String laterId = client.only("key", "catalogue:" + later.customer().accountNo()).get("hubId").asText();
        Message next = client.receive(queue, "HubId IN ('" + hubId + "', '" + laterId + "')", WAIT);
        assertThat(next).as("the later customer's event on " + queue).isNotNull();
        assertThat(next.getStringProperty("HubId")).as("a second copy on " + queue).isEqualTo(laterId);
    }
}
