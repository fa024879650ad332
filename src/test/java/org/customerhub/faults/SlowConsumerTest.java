package org.customerhub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.management.AddressControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.bench.CatalogueOrders;
import org.customerhub.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

/**
 * A channel that sends faster than the hub takes, here with the catalogue's ingest route stopped and a small size
 * limit on its work address (a copy of config/broker.xml): past the limit the broker pages the messages to disk instead of
 * holding them in memory, and once the route runs again every one of them is processed.
 */
class SlowConsumerTest {
    private static final long LIMIT_BYTES = 64 * 1024;
    private static final int MESSAGES = 300;

    @Test
    void theBrokerPagesToDiskAndEveryMessageIsProcessedOnceTheRouteRestarts() throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "paging-hub", UUID.randomUUID().toString()));
        String shipped = Files.readString(Path.of("config/broker.xml"));
        String limited = shipped.replace("<address-setting match=\"hub.work.catalogue\">",
                "<address-setting match=\"hub.work.catalogue\"><max-size-bytes>" + LIMIT_BYTES + "</max-size-bytes>");
        assertThat(limited).as("config/broker.xml has a setting for hub.work.catalogue").isNotEqualTo(shipped);
        Path brokerXml = Files.writeString(folder.resolve("broker.xml"), limited);
        Properties settings = new Properties();
        settings.setProperty("hub.broker.config", brokerXml.toString());
        TestHub hub = TestHub.isolated(settings);
        try (HubClient client = hub.client()) {
            AddressControl address = (AddressControl) hub.context().hasService(EmbeddedBroker.class).server().getActiveMQServer()
                    .getManagementService().getResource(ResourceNames.ADDRESS + "hub.work.catalogue");
            hub.context().getRouteController().stopRoute("ingest-catalogue");
            List<CatalogueOrders.Order> orders = new CatalogueOrders().distinctCustomers(MESSAGES);
            long sentBytes = 0;
            for (CatalogueOrders.Order order : orders) {
                client.sendText("hub.in.catalogue", order.xml(), Map.of());
                sentBytes += order.xml().getBytes(StandardCharsets.UTF_8).length;
            }
            assertThat(sentBytes).isGreaterThan(3 * LIMIT_BYTES);
            assertThat(address.getMessageCount()).isEqualTo(MESSAGES);
            assertThat(address.isPaging()).as("paging").isTrue();
            assertThat(address.getNumberOfPages()).as("page files").isPositive();
            assertThat(address.getAddressSize()).as("bytes held in memory").isLessThanOrEqualTo(2 * LIMIT_BYTES);

            hub.context().getRouteController().startRoute("ingest-catalogue");
            await().atMost(Duration.ofMinutes(3)).until(() -> hub.count("SELECT COUNT(*) FROM raw_message") == MESSAGES);
            await().atMost(Duration.ofSeconds(30)).until(() -> !address.isPaging());
            assertThat(hub.count("SELECT COUNT(*) FROM interaction")).isEqualTo(MESSAGES);
            assertThat(hub.count("SELECT COUNT(*) FROM customer")).isEqualTo(MESSAGES);
        } finally {
            hub.stop();
        }
    }
}
