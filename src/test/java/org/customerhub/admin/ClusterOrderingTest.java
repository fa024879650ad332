package org.customerhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.NotifyBuilder;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.broker.BrokerSecurity;
import org.customerhub.broker.EmbeddedBroker;
import org.customerhub.security.HubUsers;
import org.customerhub.store.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The changes to one customer apply in the order they were sent while hub nodes join and leave: several customers'
 * address changes, interleaved and all with the same effective date (so only the order of application decides which
 * address is current), flow through one external broker into one PostgreSQL store; a second node starts while the
 * first still has changes to take (the broker moves message groups to its consumers), and the first node stops before
 * the last changes are applied (its groups move to the second). Every customer must end on the last address sent, with
 * its change events recorded in the sending order, and both nodes must have applied some changes.
 */
class ClusterOrderingTest {
    private static final int CUSTOMERS = 6;
    private static final int CHANGES = 40;
    private static final int BURST = 5;
    private static final int LAST_BURST = 15;
    private static final Pattern NEW_STREET = Pattern.compile("<new><address[^>]*><line1>(\\d+) ELM ST</line1>");

    private static PostgresServer postgres;
    private static String store;
    private static EmbeddedBroker broker;
    private static int brokerPort;
    private static TestHub first;
    private static volatile TestHub second;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        store = postgres.createDatabase("ordering");
        brokerPort = TestHub.freePort();
        broker = new EmbeddedBroker(Path.of("config/broker.xml"), Path.of("target", "cluster-broker", UUID.randomUUID().toString()),
                "127.0.0.1:" + brokerPort, new BrokerSecurity(HubUsers.load(Path.of("config/broker-users.properties"))),
                EmbeddedBroker.Tls.NONE);
        broker.start();
        first = TestHub.withOwnFiles(node("node-a"));
        client = first.client(brokerPort);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {client, first == null ? null : first::stop, second == null ? null : second::stop, broker::stop, postgres}) {
            if (part != null) {
                part.close();
            }
        }
    }

    private static Properties node(String id) {
        Properties settings = new Properties();
        settings.setProperty("hub.node.id", id);
        settings.setProperty("hub.broker.embedded", "false");
        // no prefetch: a node's consumers hold only the message they work on, so waiting changes stay on the broker
        // and are dealt out to the nodes present, group by group
        settings.setProperty("hub.broker.url", "tcp://127.0.0.1:" + brokerPort + "?consumerWindowSize=0");
        settings.setProperty("hub.db.url", store);
        settings.setProperty("hub.db.user", PostgresServer.USER);
        settings.setProperty("hub.db.password", "");
        return settings;
    }

    @Test
    void changesToOneCustomerApplyInTheOrderSentWhileNodesJoinAndLeave() throws Exception {
        NotifyBuilder appliedByFirst = applied(first, 1);
        NotifyBuilder firstUnderWay = applied(first, CUSTOMERS * 2);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(ClusterOrderingTest::sendWhileNodeBJoins);
        assertThat(firstUnderWay.matches(60, TimeUnit.SECONDS)).as("node-a applies changes").isTrue();

        // node-b joins while changes flow, node-a holding groups with changes in flight
        TestHub joining = TestHub.sharingFilesWith(first, node("node-b"));
        NotifyBuilder appliedBySecond = applied(joining, 1);
        NotifyBuilder secondUnderWay = applied(joining, CUSTOMERS);
        second = joining;
        sending.get(60, TimeUnit.SECONDS);
        assertThat(secondUnderWay.matches(60, TimeUnit.SECONDS)).as("node-b applies changes").isTrue();

        // node-a leaves with the last burst waiting and in flight; its groups move to node-b
        for (int change = CHANGES - LAST_BURST + 1; change <= CHANGES; change++) {
            sendRound(change);
        }
        first.stop();
        first = null;

        for (int customer = 1; customer <= CUSTOMERS; customer++) {
            String key = "catalogue:" + account(customer);
            JsonNode found = await().atMost(Duration.ofSeconds(60)).until(() -> secondClient().find("key", key),
                    list -> list.size() == 1 && list.get(0).get("addresses").size() == CHANGES);
            assertThat(currentStreet(found.get(0))).as("current address of %s", key).isEqualTo(CHANGES + " ELM ST");
            assertThat(recordedStreets(found.get(0).get("hubId").asText())).as("change events of %s in sending order", key)
                    .isEqualTo(IntStream.rangeClosed(1, CHANGES).boxed().toList());
        }
        assertThat(appliedByFirst.matches()).as("node-a applied changes").isTrue();
        assertThat(appliedBySecond.matches()).as("node-b applied changes").isTrue();
    }

    private static NotifyBuilder applied(TestHub node, int messages) {
        return new NotifyBuilder(node.context()).fromRoute("ingest-catalogue").whenCompleted(messages).create();
    }

    /**
     * One change for every customer per round, customer after customer, so the customers' changes interleave; rounds
     * sent in bursts, so that each customer has several changes waiting together for the concurrent consumers, and
     * paced, so that changes still flow when node-b has joined, whenever that is.
     */
    private static void sendWhileNodeBJoins() {
        try {
            for (int change = 1; change <= CHANGES - LAST_BURST; change++) {
                while (change > BURST * 3 && second == null) {
                    Thread.sleep(50);
                }
                sendRound(change);
                if (change % BURST == 0) {
                    Thread.sleep(300);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("sending changes failed", e);
        }
    }

    private static void sendRound(int change) throws Exception {
        for (int customer = 1; customer <= CUSTOMERS; customer++) {
            client.sendText("hub.in.catalogue", change(customer, change), Map.of());
        }
    }

    private static HubClient secondClient() {
        return second.client(brokerPort);
    }

    private static String change(int customer, int change) {
        return HubClient.resource("catalogue/customer-change-brennan-address.xml")
                .replace("0071395", account(customer))
                .replace("200 N MAIN ST", change + " ELM ST");
    }

    private static String account(int customer) {
        return String.format("08%05d", customer);
    }

    private static String currentStreet(JsonNode customer) {
        for (JsonNode address : customer.get("addresses")) {
            if (address.get("current").asBoolean()) {
                return address.get("line1").asText();
            }
        }
        return "";
    }

    /** The house number of the new address in each change event stored for the customer, in the order recorded. */
    private static List<Integer> recordedStreets(String hubId) throws Exception {
        List<Integer> numbers = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(store, PostgresServer.USER, "");
             PreparedStatement events = connection.prepareStatement("SELECT payload FROM change_event WHERE hub_id = ? ORDER BY seq")) {
            events.setString(1, hubId);
            try (ResultSet rows = events.executeQuery()) {
                while (rows.next()) {
                    Matcher street = NEW_STREET.matcher(rows.getString(1));
                    if (street.find()) {
                        numbers.add(Integer.parseInt(street.group(1)));
                    }
                }
            }
        }
        return numbers;
    }
}
