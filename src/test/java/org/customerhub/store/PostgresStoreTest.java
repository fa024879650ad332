package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on PostgreSQL, the database the README recommends for volume: the same channel messages (every identity
 * scenario and every valid sample of each channel) go through a hub on H2 and a hub on a private PostgreSQL server, one
 * at a time over the broker, and both stores must end with the same customers, values, history, merges and possible
 * matches. The scenario tests prove the H2 outcome right; this proves PostgreSQL's equal to it, schema migrations,
 * group commit with its savepoints and every statement of identity resolution included.
 */
class PostgresStoreTest {
    private static final Path MESSAGES = Path.of("src/test/resources/messages");
    private static final List<String> CHANNELS = List.of("catalogue", "retail", "directsales", "web");

    private static PostgresServer postgres;
    private static TestHub onPostgres;
    private static HubClient postgresClient;
    private static String postgresUrl;
    private static String h2Url;

    @BeforeAll
    static void sendEveryMessageThroughBothStores() throws Exception {
        List<Message> messages = messages();
        h2Url = "jdbc:h2:file:./target/store-compare/" + UUID.randomUUID() + "/customerhub";
        TestHub onH2 = TestHub.isolated(store(h2Url + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa"));
        try (HubClient client = onH2.client()) {
            play(onH2, client, messages);
        } finally {
            onH2.stop();
        }
        postgres = PostgresServer.start();
        postgresUrl = postgres.createDatabase("customerhub");
        onPostgres = TestHub.isolated(store(postgresUrl, PostgresServer.USER));
        postgresClient = onPostgres.client();
        play(onPostgres, postgresClient, messages);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgresClient != null) {
            postgresClient.close();
        }
        if (onPostgres != null) {
            onPostgres.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void bothStoresHoldTheSameCustomersValuesHistoryAndPossibleMatches() throws Exception {
        StoreOutcome onH2 = StoreOutcome.read(h2Url, "sa");
        StoreOutcome onPostgresServer = StoreOutcome.read(postgresUrl, PostgresServer.USER);

        assertThat(onH2.customers()).as("customers on H2, by their identifiers and values").hasSizeGreaterThan(15);
        assertThat(onH2.possibleMatches()).as("possible matches on H2").isNotEmpty();
        assertThat(onH2.mergedAway()).as("customers merged away on H2").isPositive();
        assertThat(onPostgresServer.customers()).isEqualTo(onH2.customers());
        assertThat(onPostgresServer.interactions()).isEqualTo(onH2.interactions());
        assertThat(onPostgresServer.possibleMatches()).isEqualTo(onH2.possibleMatches());
        assertThat(onH2.figures()).as("customers with value figures on H2").hasSizeGreaterThan(5);
        assertThat(onPostgresServer.figures()).isEqualTo(onH2.figures());
        assertThat(onPostgresServer.mergedAway()).isEqualTo(onH2.mergedAway());
        // candidate search reads blocking keys without asking whether their customer is live: a merge must move them
        assertThat(onH2.keysOfMergedAway()).as("blocking keys of merged-away customers on H2").isZero();
        assertThat(onPostgresServer.keysOfMergedAway()).as("on PostgreSQL").isZero();
    }

    @Test
    void aMergedCustomerIsFoundByEitherKeyOnPostgres() {
        JsonNode survivor = postgresClient.only("key", "catalogue:0900001");
        assertThat(HubClient.sourceKeys(survivor)).containsExactlyInAnyOrder("web:U41900001", "catalogue:0900001");
        assertThat(postgresClient.only("key", "web:U41900001").get("hubId")).isEqualTo(survivor.get("hubId"));
    }

    private record Message(String channel, String resource) {
    }

    /** The scenarios in their order, then each channel's valid samples (not those under invalid/). */
    private static List<Message> messages() throws Exception {
        List<Message> messages = new ArrayList<>();
        try (Stream<Path> scenarios = Files.list(MESSAGES.resolve("scenarios"))) {
            for (Path scenario : scenarios.filter(Files::isDirectory).sorted().toList()) {
                for (String file : xmlFiles(scenario)) {
                    messages.add(new Message(Ingest.channelOf(file), "scenarios/" + scenario.getFileName() + "/" + file));
                }
            }
        }
        for (String channel : CHANNELS) {
            for (String file : xmlFiles(MESSAGES.resolve(channel))) {
                messages.add(new Message(channel, channel + "/" + file));
            }
        }
        return messages;
    }

    private static List<String> xmlFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".xml")).sorted().toList();
        }
    }

    private static void play(TestHub hub, HubClient client, List<Message> messages) throws Exception {
        Ingest ingest = new Ingest(hub, client);
        for (Message message : messages) {
            ingest.send(message.channel(), message.resource());
        }
    }

    private static Properties store(String url, String user) {
        Properties settings = new Properties();
        settings.setProperty("hub.db.url", url);
        settings.setProperty("hub.db.user", user);
        settings.setProperty("hub.db.password", "");
        return settings;
    }
}
