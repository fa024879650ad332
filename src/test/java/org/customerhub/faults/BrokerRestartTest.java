package org.customerhub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.security.HubUsers;
import org.customerhub.broker.BrokerSecurity;
import org.customerhub.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

/**
 * An external broker (hub.broker.embedded=false) that stops and starts again on its journal while channels send:
 * the hub reconnects by itself, and every message sent before, during (the senders retry until the broker takes it)
 * and after the restart becomes exactly one customer with its one interaction.
 */
class BrokerRestartTest {
    private static final int MESSAGES = 120;
    private static final double SEND_RATE = 20;

    private EmbeddedBroker broker;

    /** Messages still waiting for the hub: on the inbound queues and on direct sales' copy of the events. */
    private long waiting() {
        return broker.queues().stream()
                .filter(queue -> queue.queue().startsWith("hub.in.") || queue.queue().startsWith("hub.work.")
                        || queue.queue().equals("feed.directsales"))
                .mapToLong(EmbeddedBroker.QueueStats::depth).sum();
    }

    /** A broker of its own, configured and secured as the hub's embedded one, on the given port. */
    private static EmbeddedBroker external(Path journal, int port) throws Exception {
        return new EmbeddedBroker(Path.of("config/broker.xml"), journal, "127.0.0.1:" + port,
                new BrokerSecurity(HubUsers.load(Path.of("config/broker-users.properties"))), EmbeddedBroker.Tls.NONE);
    }

    @Test
    void theHubReconnectsAndNothingSentBeforeDuringOrAfterIsLost() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path journal = Path.of("target", "external-broker", UUID.randomUUID().toString());
        broker = external(journal, port);
        broker.start();
        Properties settings = new Properties();
        settings.setProperty("hub.broker.embedded", "false");
        settings.setProperty("hub.broker.url", "tcp://127.0.0.1:" + port);
        TestHub hub = TestHub.isolated(settings);
        List<CrashTraffic.Sent> traffic = new CrashTraffic(1).messages(MESSAGES);
        try (SteadyProducer channels = new SteadyProducer("tcp://127.0.0.1:" + port, traffic, SEND_RATE);
             HubClient api = hub.client(port)) {
            channels.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> hub.count("SELECT COUNT(*) FROM raw_message") >= MESSAGES / 3);
            broker.stop();
            broker = external(journal, port);
            broker.start();
            channels.awaitAllSent(Duration.ofMinutes(3));
            await().atMost(Duration.ofMinutes(3)).until(() -> hub.count("SELECT COUNT(*) FROM raw_message") == MESSAGES);
            for (CrashTraffic.Sent sent : traffic) {
                JsonNode customer = api.only("key", sent.key());
                assertThat(customer.get("interactions")).as(sent.key()).hasSize(1);
                assertThat(customer.get("interactions").get(0).get("id").asText()).isEqualTo(sent.interactionId());
            }
            assertThat(hub.count("SELECT COUNT(*) FROM customer")).isEqualTo(MESSAGES);
            assertThat(hub.count("SELECT COUNT(*) FROM interaction")).isEqualTo(MESSAGES);
            // direct sales takes every change event: each customer's one event, once, messages redelivered or not
            assertThat(hub.count("SELECT COUNT(*) FROM change_event")).isEqualTo(MESSAGES);
            await().atMost(Duration.ofMinutes(1)).until(() -> waiting() == 0);
            Map<String, Integer> feed = BrokerOutputs.feed("tcp://127.0.0.1:" + port, "directsales");
            assertThat(feed).hasSize(MESSAGES);
            assertThat(feed.values()).containsOnly(1);
        } finally {
            hub.stop();
            broker.stop();
        }
    }
}
