package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Message;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.bench.CatalogueOrders;
import org.customerhub.faults.DroppingDriver;
import org.customerhub.faults.DroppingDriver.Drop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outage of issue #14 against a real PostgreSQL server, stopped with {@code pg_ctl stop -m fast} (which ends every
 * session, also one that has just committed) for longer than the hub retries. Stopped right after the commit of a
 * message's work, from inside that commit through {@link DroppingDriver}: the message's event goes out while the server
 * is still stopped, and nothing is dead-lettered. Stopped three times while catalogue orders, each from a new person,
 * flow through the broker: messages that were not stored are dead-lettered as PROCESSING_FAILED, but none whose work
 * committed, and every change event stored reached the feed, once; replaying the dead letters then brings every order
 * in, with one event each.
 */
class PostgresOutageTest {
    private static final int ORDERS = 300;
    /** Each outage catches a commit at the worst moment by chance only; the first test does it on purpose. */
    private static final int OUTAGES = 3;
    private static final int STORED_BETWEEN_OUTAGES = 50;
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Duration SILENCE = Duration.ofSeconds(5);
    /** How long an event that is still to come may take; only a failing run waits that long. */
    private static final Duration STRAGGLER = Duration.ofSeconds(60);
    private static final String FEED = "hub.out.directsales";
    private static final Pattern ORDER_NO = Pattern.compile("<ORDER_NO>([^<]+)</ORDER_NO>");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PostgresServer postgres;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void removeServer() throws Exception {
        postgres.close();
    }

    @Test
    void theServerStoppingRightAfterACommitNeitherDeadLettersTheMessageNorLosesItsEvent() throws Exception {
        String url = postgres.createDatabase("stopped_after_commit");
        TestHub hub = TestHub.isolated(store(DroppingDriver.url(url)));
        try (HubClient client = hub.client()) {
            CatalogueOrders.Order order = new CatalogueOrders().distinctCustomers(1).get(0);
            String testCase = UUID.randomUUID().toString();
            DroppingDriver.arm(Drop.AFTER_COMMIT, PostgresOutageTest::stopServer);
            client.sendText("hub.in.catalogue", order.xml(), Map.of("TestCase", testCase));
            // the server stays stopped: the event goes out from what the commit returned, not from a retry
            Message event = client.receive(FEED, null, STRAGGLER);
            postgres.startAgain();
            assertThat(event).as("the order's change event").isNotNull();
            assertThat(client.receive("hub.dlq.catalogue", "TestCase = '" + testCase + "'", SILENCE)).as("dead letter").isNull();
            assertThat(strings(url, "SELECT event_id FROM change_event")).containsExactly(event.getStringProperty("HubEventId"));
            assertThat(storedOrders(url)).containsExactly(order.orderNo());
        } finally {
            DroppingDriver.databaseBack();
            hub.stop();
        }
    }

    @Test
    void anOutageWhileOrdersFlowDeadLettersNoCommittedMessageAndLosesNoChangeEvent() throws Exception {
        String url = postgres.createDatabase("orders_flowing");
        TestHub hub = TestHub.isolated(store(url));
        try (HubClient client = hub.client()) {
            List<CatalogueOrders.Order> orders = new CatalogueOrders().distinctCustomers(ORDERS);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(client, orders));
            for (int outage = 1; outage <= OUTAGES; outage++) {
                long storedBefore = outage * STORED_BETWEEN_OUTAGES;
                await().atMost(WAIT).ignoreExceptions()
                        .until(() -> count(url, "SELECT COUNT(*) FROM raw_message") >= storedBefore);
                postgres.stop();
                Thread.sleep(OUTAGE.toMillis());
                postgres.startAgain();
            }
            sending.get();

            // drained: every order is stored or dead-lettered
            Set<String> all = new HashSet<>(orders.stream().map(CatalogueOrders.Order::orderNo).toList());
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                Set<String> accounted = new HashSet<>(storedOrders(url));
                accounted.addAll(deadLetteredOrders(client));
                return accounted.equals(all);
            });
            Set<String> committedButDeadLettered = new HashSet<>(deadLetteredOrders(client));
            committedButDeadLettered.retainAll(storedOrders(url));
            assertThat(committedButDeadLettered).as("orders stored and dead-lettered").isEmpty();
            List<String> stored = strings(url, "SELECT event_id FROM change_event");
            List<String> delivered = drain(client, stored.size());
            assertThat(delivered).as("events on " + FEED).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(stored);

            int notStored = ORDERS - storedOrders(url).size();
            JsonNode replayed = admin(client, "POST", "/dlq/catalogue/replay?code=PROCESSING_FAILED");
            assertThat(replayed.get("replayed").asInt()).isEqualTo(notStored);
            await().atMost(WAIT).until(() -> storedOrders(url).size() == ORDERS);
            delivered.addAll(drain(client, ORDERS - delivered.size()));
            assertThat(count(url, "SELECT COUNT(*) FROM change_event")).isEqualTo(ORDERS);
            assertThat(delivered).as("events on " + FEED).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(strings(url, "SELECT event_id FROM change_event"));
            assertThat(count(url, "SELECT COUNT(*) FROM customer")).isEqualTo(ORDERS);
            assertThat(storedOrders(url)).as("one interaction per order").hasSize(ORDERS).doesNotHaveDuplicates();
        } finally {
            hub.stop();
        }
    }

    private static Properties store(String url) {
        Properties settings = new Properties();
        settings.setProperty("hub.db.url", url);
        settings.setProperty("hub.db.user", PostgresServer.USER);
        settings.setProperty("hub.db.password", "");
        settings.setProperty("hub.db.connection-timeout", "1000");
        // a drop is armed for the next commit: no monitoring history may be written in between
        settings.setProperty("hub.monitoring.check-seconds", "86400");
        return settings;
    }

    private static void stopServer() {
        try {
            postgres.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping PostgreSQL", e);
        }
    }

    private static void send(HubClient client, List<CatalogueOrders.Order> orders) {
        try {
            for (CatalogueOrders.Order order : orders) {
                client.sendText("hub.in.catalogue", order.xml(), Map.of());
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("sending the orders", e);
        }
    }

    /** The event ids that reach the feed: until there are as many as expected, or nothing more comes. */
    private static List<String> drain(HubClient client, int expected) throws Exception {
        List<String> eventIds = new ArrayList<>();
        while (true) {
            Message event = client.receive(FEED, null, eventIds.size() < expected ? STRAGGLER : SILENCE);
            if (event == null) {
                return eventIds;
            }
            eventIds.add(event.getStringProperty("HubEventId"));
        }
    }

    private static List<String> deadLetteredOrders(HubClient client) throws Exception {
        List<String> orderNos = new ArrayList<>();
        for (JsonNode entry : admin(client, "GET", "/dlq/catalogue?limit=500")) {
            String body = client.request("GET", "/admin/api/dlq/catalogue/" + entry.get("id").asText(), HubClient.ADMIN_LOGIN,
                    null, null).body();
            Matcher orderNo = ORDER_NO.matcher(body);
            assertThat(orderNo.find()).as("an order number in a dead letter").isTrue();
            orderNos.add(orderNo.group(1));
        }
        return orderNos;
    }

    private static JsonNode admin(HubClient client, String method, String path) throws Exception {
        var response = client.request(method, "/admin/api" + path, HubClient.ADMIN_LOGIN, "application/json", null);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> storedOrders(String url) throws SQLException {
        return strings(url, "SELECT source_id FROM interaction");
    }

    private static long count(String url, String sql) throws SQLException {
        return Long.parseLong(strings(url, sql).get(0));
    }

    private static List<String> strings(String url, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(url, PostgresServer.USER, "");
             Statement query = db.createStatement(); ResultSet rows = query.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
