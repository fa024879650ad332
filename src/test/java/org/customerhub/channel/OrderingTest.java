package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.broker.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With several concurrent ingest consumers per channel, the changes to one customer apply in the order they were sent:
 * the broker's divert puts each message in a message group keyed on the person, and the broker hands a group to one
 * consumer at a time. Five customers' address changes are sent one customer after the other, twenty each, with the
 * same effective date (so nothing but the order of application decides which address is current), and wait until the
 * consumers start together.
 */
class OrderingTest {
    private static final int CUSTOMERS = 5;
    private static final int CHANGES = 20;
    private static final Pattern NEW_STREET = Pattern.compile("<new><address[^>]*><line1>(\\d+) ELM ST</line1>");
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hub.ingest.consumers", "4");
        // no prefetch: waiting messages are dealt out to all consumers, not buffered by the first one to connect
        settings.setProperty(TestHub.BROKER_URL_OPTIONS, "?consumerWindowSize=0");
        hub = TestHub.isolated(settings);
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static String change(int customer, int change) {
        return HubClient.resource("catalogue/customer-change-brennan-address.xml")
                .replace("0071395", account(customer))
                .replace("200 N MAIN ST", change + " ELM ST");
    }

    private static String account(int customer) {
        return String.format("09%05d", customer);
    }

    @Test
    void changesToOneCustomerApplyInTheOrderTheyWereSentWithConcurrentConsumers() throws Exception {
        // all changes wait, grouped, before the concurrent consumers start, so they compete for them
        hub.context().getRouteController().stopRoute("ingest-catalogue");
        try {
            for (int customer = 1; customer <= CUSTOMERS; customer++) {
                for (int change = 1; change <= CHANGES; change++) {
                    client.sendText("hub.in.catalogue", change(customer, change), Map.of());
                }
            }
            // the divert routes each message to the work queue within its send, but the queue's count can lag the
            // last answers by a moment (one CI run counted 99 of 100)
            await().atMost(Duration.ofSeconds(10)).until(() -> workQueueDepth("catalogue"),
                    depth -> depth == CUSTOMERS * CHANGES);
        } finally {
            hub.context().getRouteController().startRoute("ingest-catalogue");
        }
        for (int customer = 1; customer <= CUSTOMERS; customer++) {
            String key = "catalogue:" + account(customer);
            JsonNode found = await().atMost(Duration.ofSeconds(60)).until(() -> client.find("key", key),
                    list -> list.size() == 1 && currentStreet(list.get(0)).equals(CHANGES + " ELM ST"));
            String hubId = found.get(0).get("hubId").asText();
            assertThat(found.get(0).get("addresses")).as("every address kept with its provenance").hasSize(CHANGES);
            assertThat(streetsOnTheRetailFeed(hubId)).as("changes of %s in sending order", key)
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, CHANGES).boxed().toList());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "catalogue, catalogue/order-phone-lindqvist.xml, catalogue:0058214",
        "catalogue, catalogue/customer-change-brennan-address.xml, catalogue:0071395",
        "retail, retail/sale-member-lindqvist.xml, retail:7105821406",
        "directsales, directsales/contract-order-quinsigamond-vet.xml, directsales:DS-306114",
        "web, web/order-placed-lindqvist.xml, web:U30772145",
    })
    void eachChannelGroupsItsMessagesByThePersonTheyAreAbout(String channel, String resource, String group) throws Exception {
        hub.context().getRouteController().stopRoute("ingest-" + channel);
        try {
            client.sendText("hub.in." + channel, HubClient.resource(resource), Map.of());
            Message grouped = client.receive("hub.work." + channel, null, Duration.ofSeconds(20));
            assertThat(grouped).isNotNull();
            assertThat(grouped.getStringProperty("JMSXGroupID")).isEqualTo(group);
            assertThat(grouped.getStringProperty("HubReceivedOn")).isEqualTo("hub.in." + channel);
        } finally {
            hub.context().getRouteController().startRoute("ingest-" + channel);
        }
    }

    private static long workQueueDepth(String channel) {
        return hub.context().hasService(EmbeddedBroker.class).queues().stream()
                .filter(queue -> queue.queue().equals("hub.work." + channel)).mapToLong(EmbeddedBroker.QueueStats::depth).sum();
    }

    private static String currentStreet(JsonNode customer) {
        for (JsonNode address : customer.get("addresses")) {
            if (address.get("current").asBoolean()) {
                return address.get("line1").asText();
            }
        }
        return "";
    }

    /**
     * The house number of the new address in the customer's first CHANGES change events on the retail feed, in the
     * order the feed received them; fewer if the feed stays empty for 20 s (the test then fails on the count).
     */
    private static List<Integer> streetsOnTheRetailFeed(String hubId) throws Exception {
        List<Integer> numbers = new ArrayList<>();
        Message message;
        while (numbers.size() < CHANGES
                && (message = client.receive("hub.out.retail", "HubId = '" + hubId + "'", Duration.ofSeconds(20))) != null) {
            Matcher street = NEW_STREET.matcher(((TextMessage) message).getText());
            if (street.find()) {
                numbers.add(Integer.parseInt(street.group(1)));
            }
        }
        return numbers;
    }
}
