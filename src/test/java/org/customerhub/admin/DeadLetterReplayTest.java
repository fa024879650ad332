package org.customerhub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replaying dead letters that are still invalid, through the admin API and the real broker, on a hub of its own (a
 * replay of all dead letters takes every one the hub has, so no other test's may be there).
 */
class DeadLetterReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STILL_INVALID = 3;
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.isolated(new Properties());
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static String invalid(String name) {
        return "<Event xmlns=\"urn:example:web:events:2026\" type=\"" + name + "\"/>";
    }

    private static JsonNode admin(String method, String path) throws Exception {
        HttpResponse<String> response = client.request(method, "/admin/api" + path, HubClient.ADMIN_LOGIN, "application/json", null);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The bodies of the channel's dead letters, one per dead letter, in queue order. */
    private static List<String> deadLetterBodies(String channel) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (JsonNode entry : admin("GET", "/dlq/" + channel + "?limit=500")) {
            bodies.add(client.request("GET", "/admin/api/dlq/" + channel + "/" + entry.get("id").asText(), HubClient.ADMIN_LOGIN,
                    null, null).body());
        }
        return bodies;
    }

    /**
     * Each dead letter is taken once: the replay answers with how many it sent back, and one that fails again is a
     * dead letter again, once (before, the replay took its own new dead letters again, without end).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void replayingStillInvalidDeadLettersTakesEachOnceAndTheyAreDeadLettersAgainOnce() throws Exception {
        Ingest ingest = new Ingest(hub, client);
        List<String> stillInvalid = new ArrayList<>();
        for (int i = 1; i <= STILL_INVALID; i++) {
            stillInvalid.add(invalid("STILL_INVALID_" + i));
            ingest.sendText("web", stillInvalid.get(i - 1), Map.of());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterBodies("web").size() == STILL_INVALID);
        assertThat(deadLetterBodies("web")).containsExactlyElementsOf(stillInvalid);

        assertThat(admin("POST", "/dlq/web/replay").get("replayed").asInt()).isEqualTo(STILL_INVALID);

        // without a shopper these share one message group, read in arrival order: once this is a dead letter, every
        // replayed message has been read
        String marker = invalid("SENT_AFTER_THE_REPLAY");
        ingest.sendText("web", marker, Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterBodies("web").contains(marker));
        assertThat(deadLetterBodies("web")).containsExactlyInAnyOrderElementsOf(concat(stillInvalid, marker));
        JsonNode inbound = queue("hub.in.web");
        assertThat(inbound.get("depth").asLong()).as(inbound.toString()).isZero();
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }

    private static JsonNode queue(String name) throws Exception {
        for (JsonNode queue : admin("GET", "/broker")) {
            if (queue.get("queue").asText().equals(name)) {
                return queue;
            }
        }
        throw new AssertionError("no queue " + name);
    }
}
