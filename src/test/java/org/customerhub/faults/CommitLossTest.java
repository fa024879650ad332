package org.customerhub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Message;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.bench.CatalogueOrders;
import org.customerhub.broker.EmbeddedBroker;
import org.customerhub.faults.DroppingDriver.Drop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A database that goes away at the commit of a message's work, for longer than the hub retries, on a hub of its own
 * whose store is reached through {@link DroppingDriver}. When the commit returned, the message is done: its events go
 * out and it is never dead-lettered, whatever fails on the connection afterwards. When the commit's reply was lost, the
 * hub cannot know until the database is back: it waits for it rather than dead-letter the message, then publishes the
 * event its stored work recorded, once. A message whose every broker commit failed after its database commit until the
 * broker parked it publishes its recorded events once when replayed, where it used to be ignored as a resend.
 */
// the replay test runs last: the broker commits it refuses make the listener container refresh its connection a few
// seconds later, which closes the session of whatever message is in flight then
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommitLossTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SILENCE = Duration.ofSeconds(2);
    private static final Duration BEYOND_THE_RETRIES = Duration.ofSeconds(10);
    private static final String FEED = "hub.out.directsales";
    private static TestHub hub;
    private static HubClient client;
    private static CatalogueOrders orders;

    @BeforeAll
    static void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hub.db.url",
                DroppingDriver.url("jdbc:h2:file:./{{hub.data-dir}}/db/customerhub;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
        settings.setProperty("hub.db.connection-timeout", "500");
        // the drop is armed for the next commit: no monitoring history may be written in between
        settings.setProperty("hub.monitoring.check-seconds", "86400");
        hub = TestHub.isolated(settings);
        client = hub.client();
        orders = new CatalogueOrders();
    }

    @AfterEach
    void letTheDatabaseBack() {
        DroppingDriver.databaseBack();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    @Test
    @Order(1)
    void aConnectionLostRightAfterTheCommitNeitherDeadLettersTheMessageNorLosesItsEvent() throws Exception {
        CatalogueOrders.Order order = orders.distinctCustomers(1).get(0);
        String testCase = UUID.randomUUID().toString();
        DroppingDriver.arm(Drop.AFTER_COMMIT);
        client.sendText("hub.in.catalogue", order.xml(), Map.of("TestCase", testCase));
        // the database stays away: the event goes out from what the commit returned, not from a retry
        Message event = client.receive(FEED, null, WAIT);
        assertThat(DroppingDriver.isAway()).as("database still away").isTrue();
        DroppingDriver.databaseBack();
        assertThat(event).as("the order's change event").isNotNull();
        assertThat(client.receive("hub.dlq.catalogue", "TestCase = '" + testCase + "'", SILENCE)).as("dead letter").isNull();
        String hubId = customerOf(order);
        assertThat(event.getStringProperty("HubId")).isEqualTo(hubId);
        assertThat(hub.count("SELECT COUNT(*) FROM change_event WHERE event_id = ? AND hub_id = ?",
                event.getStringProperty("HubEventId"), hubId)).isEqualTo(1);
        assertThat(client.receive(FEED, null, SILENCE)).as("a second event").isNull();
    }

    @Test
    @Order(2)
    void aCommitWhoseReplyIsLostWaitsForTheDatabaseInsteadOfBeingDeadLettered() throws Exception {
        CatalogueOrders.Order order = orders.distinctCustomers(1).get(0);
        String testCase = UUID.randomUUID().toString();
        DroppingDriver.arm(Drop.COMMIT_REPLY_LOST);
        client.sendText("hub.in.catalogue", order.xml(), Map.of("TestCase", testCase));
        // longer than the hub's retries take while the database is away
        assertThat(client.receive("hub.dlq.catalogue", "TestCase = '" + testCase + "'", BEYOND_THE_RETRIES))
                .as("dead letter").isNull();
        assertThat(DroppingDriver.isAway()).as("database still away").isTrue();
        assertThat(client.receive(FEED, null, SILENCE)).as("an event while the database is away").isNull();
        DroppingDriver.databaseBack();
        Message event = client.receive(FEED, null, WAIT);
        assertThat(event).as("the order's change event once the database is back").isNotNull();
        String hubId = customerOf(order);
        assertThat(event.getStringProperty("HubId")).isEqualTo(hubId);
        assertThat(hub.count("SELECT COUNT(*) FROM change_event WHERE event_id = ? AND hub_id = ?",
                event.getStringProperty("HubEventId"), hubId)).isEqualTo(1);
        new Ingest(hub, client).sendText("catalogue", order.xml(), Map.of());
        assertThat(client.receive(FEED, null, SILENCE)).as("a second event").isNull();
        assertThat(client.only("order", "catalogue:" + order.orderNo()).get("interactions")).hasSize(1);
    }

    @Test
    @Order(3)
    void aReplayOfAMessageTheBrokerParkedAfterItsWorkCommittedPublishesItsEventsOnce() throws Exception {
        CatalogueOrders.Order order = orders.distinctCustomers(1).get(0);
        ActiveMQServer broker = hub.context().hasService(EmbeddedBroker.class).server().getActiveMQServer();
        // every broker commit of the message fails after its database commit, until the broker parks it
        RefuseEvents refusal = new RefuseEvents(Integer.MAX_VALUE);
        broker.getAddressSettingsRepository().addMatch("hub.work.catalogue", workQueueSettings().setMaxDeliveryAttempts(2)
                .setRedeliveryDelay(0L));
        broker.registerBrokerPlugin(refusal);
        JsonNode parked;
        try {
            client.sendText("hub.in.catalogue", order.xml(), Map.of());
            parked = await().atMost(WAIT).until(CommitLossTest::deadLetters, letters -> letters.size() == 1).get(0);
        } finally {
            broker.unRegisterBrokerPlugin(refusal);
            broker.getAddressSettingsRepository().addMatch("hub.work.catalogue", workQueueSettings());
        }
        assertThat(refusal.refused()).as("broker commits refused").isPositive();
        assertThat(parked.get("reason").isNull()).as("parked by the broker, unlabelled").isTrue();
        String hubId = customerOf(order);
        assertThat(client.receive(FEED, null, SILENCE)).as("an event before the replay").isNull();

        assertThat(admin("POST", "/dlq/catalogue/replay?id=" + parked.get("id").asText()).get("replayed").asInt()).isEqualTo(1);
        Message event = client.receive(FEED, null, WAIT);
        assertThat(event).as("the order's change event after the replay").isNotNull();
        assertThat(hub.count("SELECT COUNT(*) FROM change_event WHERE event_id = ? AND hub_id = ?",
                event.getStringProperty("HubEventId"), hubId)).isEqualTo(1);
        new Ingest(hub, client).sendText("catalogue", order.xml(), Map.of());
        assertThat(client.receive(FEED, null, SILENCE)).as("a second event").isNull();
    }

    /** What broker.xml sets for the catalogue's work queue. */
    private static AddressSettings workQueueSettings() {
        return new AddressSettings().setDeadLetterAddress(SimpleString.of("hub.dlq.catalogue"));
    }

    /** The order's customer, asked for until the hub's pool has connections to the database that came back. */
    private static String customerOf(CatalogueOrders.Order order) {
        return await().atMost(WAIT).ignoreExceptions()
                .until(() -> client.only("order", "catalogue:" + order.orderNo()).get("hubId").asText(), hubId -> true);
    }

    private static JsonNode deadLetters() throws Exception {
        return admin("GET", "/dlq/catalogue");
    }

    private static JsonNode admin(String method, String path) throws Exception {
        HttpResponse<String> response = client.request(method, "/admin/api" + path, HubClient.ADMIN_LOGIN, "application/json", null);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
