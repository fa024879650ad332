package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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

    /**
     * What a store holds, with each customer named by its content (its identifiers and values, sorted) instead of its
     * random hub id, so two stores that made the same decisions compare equal.
     */
    private record StoreOutcome(List<String> customers, List<String> interactions, List<String> possibleMatches,
                                long mergedAway, long keysOfMergedAway) {

        static StoreOutcome read(String url, String user) throws SQLException {
            try (Connection db = DriverManager.getConnection(url, user, "")) {
                Map<String, List<String>> contents = new HashMap<>();
                collect(db, "SELECT hub_id, 'id ' || kind || ':' || id_value FROM identifier", contents);
                collect(db, "SELECT hub_id, 'value ' || attribute || ' ' || qualifier || ' ' || value_key || ' from '"
                        + " || channel FROM attribute_value", contents);
                Map<String, String> names = new TreeMap<>();
                contents.forEach((hubId, lines) -> names.put(hubId, String.join("; ", lines.stream().sorted().toList())));

                List<String> customers = new ArrayList<>();
                List<String> interactions = new ArrayList<>();
                List<String> possibleMatches = new ArrayList<>();
                long mergedAway = 0;
                long keysOfMergedAway;
                try (Statement query = db.createStatement()) {
                    try (ResultSet rows = query.executeQuery("SELECT hub_id, merged_into FROM customer")) {
                        while (rows.next()) {
                            if (rows.getString(2) == null) {
                                customers.add(names.getOrDefault(rows.getString(1), "(nothing)"));
                            } else {
                                mergedAway++;
                            }
                        }
                    }
                    try (ResultSet rows = query.executeQuery(
                            "SELECT hub_id, channel, type, source_id, reference, amount FROM interaction")) {
                        while (rows.next()) {
                            interactions.add(rows.getString(2) + " " + rows.getString(3) + " " + rows.getString(4) + " "
                                    + rows.getString(5) + " " + rows.getBigDecimal(6) + " of "
                                    + (rows.getString(1) == null ? "nobody" : names.get(rows.getString(1))));
                        }
                    }
                    try (ResultSet rows = query.executeQuery("""
                            SELECT COUNT(*) FROM blocking_key b JOIN customer c ON c.hub_id = b.hub_id
                            WHERE c.merged_into IS NOT NULL""")) {
                        rows.next();
                        keysOfMergedAway = rows.getLong(1);
                    }
                    try (ResultSet rows = query.executeQuery("SELECT hub_id, other_hub_id FROM possible_match")) {
                        while (rows.next()) {
                            possibleMatches.add(Stream.of(names.get(rows.getString(1)), names.get(rows.getString(2)))
                                    .sorted().toList().toString());
                        }
                    }
                }
                return new StoreOutcome(customers.stream().sorted().toList(), interactions.stream().sorted().toList(),
                        possibleMatches.stream().sorted().toList(), mergedAway, keysOfMergedAway);
            }
        }

        private static void collect(Connection db, String sql, Map<String, List<String>> contents) throws SQLException {
            try (Statement query = db.createStatement(); ResultSet rows = query.executeQuery(sql)) {
                while (rows.next()) {
                    contents.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
    }
}
