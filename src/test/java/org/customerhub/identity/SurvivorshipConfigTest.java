package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * The strategy config/survivorship.properties names for an attribute decides what a customer shows, through the real
 * broker and REST: the same two messages (a web profile dated 10 March, then a catalogue order dated 1 March, the
 * late message of the identity scenarios) show the web address under latest and the catalogue's under oldest.
 */
class SurvivorshipConfigTest {
    @Test
    void theConfiguredStrategyDecidesTheCurrentAddress() throws Exception {
        Path file = Files.createDirectories(Path.of("target", "survivorship", UUID.randomUUID().toString()))
                .resolve("survivorship.properties");
        Files.writeString(file, "default = latest\naddress = oldest\n");
        Properties settings = new Properties();
        settings.setProperty("hub.survivorship", file.toString());
        TestHub hub = TestHub.isolated(settings);
        try (HubClient client = hub.client()) {
            Ingest ingest = new Ingest(hub, client);
            ingest.send("web", "scenarios/late-message/01-web-profile-updated.xml");
            ingest.send("catalogue", "scenarios/late-message/02-catalogue-order.xml");
            JsonNode customer = client.only("key", "catalogue:0517734");
            assertThat(HubClient.sourceKeys(customer)).containsExactlyInAnyOrder("web:U41517734", "catalogue:0517734");
            List<String> current = new ArrayList<>();
            customer.get("addresses").forEach(address -> {
                if (address.get("current").asBoolean()) {
                    current.add(address.get("line1").asText());
                }
            });
            assertThat(current).as("the address stated first stays current").containsExactly("412 ORANGE ST");
        } finally {
            hub.stop();
        }
    }
}
