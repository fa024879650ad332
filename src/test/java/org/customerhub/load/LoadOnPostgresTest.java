package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;

import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;
import org.customerhub.store.GroupCommit;
import org.customerhub.store.LoadRuns.State;
import org.customerhub.store.PostgresServer;
import org.customerhub.store.PostgresStatistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A load into PostgreSQL, in batches whose records' lock keys as advisory locks would overflow PostgreSQL's lock table
 * (64 a connection by default): it loads, ends with the store the same load makes on H2, and after its first batch
 * looks blocking keys up by their index, as the statistics it brings up to date lead the planner to.
 */
class LoadOnPostgresTest {
    private static final String MASTER = "config/load/customer-master.properties";
    private static final int CUSTOMERS = 3_000;
    private static final int BATCH = 1_000;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aLoadInLargeBatchesStoresWhatTheSameLoadStoresOnH2() throws Exception {
        String url = postgres.createDatabase("load_master");
        LoadFiles onPostgres = new LoadFiles();
        LoadFiles onH2 = new LoadFiles();
        String rows = master();

        LoadFiles.Run loaded = onPostgres.loadWith(Map.of("hub.db.url", url, "hub.db.user", PostgresServer.USER,
                        "hub.db.password", "", "hub.load.batch-size", String.valueOf(BATCH)),
                "--channel", "catalogue", "--mapping", MASTER, onPostgres.write("master.csv", rows).toString());
        LoadFiles.Run reference = onH2.loadWith(Map.of("hub.load.batch-size", String.valueOf(BATCH)),
                "--channel", "catalogue", "--mapping", MASTER, onH2.write("master.csv", rows).toString());

        assertThat(loaded.result().state()).as(loaded.output()).isEqualTo(State.DONE);
        assertThat(loaded.result().counts().valid()).isEqualTo(CUSTOMERS);
        assertThat(loaded.result().counts().rejected()).isZero();
        assertThat(loaded.result().counts()).isEqualTo(reference.result().counts());
        StoreSnapshot stored = StoreSnapshot.read(url, PostgresServer.USER);
        assertThat(stored.rows().get("customer")).as("customers").isGreaterThan(CUSTOMERS / 2);
        // the repeated people under other accounts: possible matches written with the batch's COPYs
        assertThat(stored.rows().get("possible_match")).as("possible matches").isPositive();
        assertThat(stored).isEqualTo(StoreSnapshot.read(onH2.jdbcUrl()));

        // PostgreSQL counts a backend's scans once it is idle for a while: wait for the later batches' look-ups
        await().atMost(Duration.ofSeconds(60)).until(() -> scans(url, "idx_scan") >= CUSTOMERS - BATCH);
        // the first batch's look-ups, before any statistics: a record's people are looked up ahead of the writer and
        // again by the writer when an earlier record of the batch wrote what they share (every fifth row here)
        assertThat(scans(url, "seq_scan")).as("blocking keys read by reading the whole table").isLessThan(2 * BATCH + 100);
    }

    /**
     * A load's upkeep analyses the tables it has doubled since their last analysis, not the whole store: orders for a
     * few of a master's customers analyse the interactions they start, not the customers or their blocking keys.
     */
    @Test
    void aLoadAnalysesOnlyTheTablesItDoubled() throws Exception {
        String url = postgres.createDatabase("load_analysed");
        LoadFiles files = new LoadFiles();
        LoadFiles.Run master = files.loadWith(on(url, BATCH), "--channel", "catalogue", "--mapping", MASTER,
                files.write("master.csv", master()).toString());
        assertThat(master.result().state()).as(master.output()).isEqualTo(State.DONE);
        // PostgreSQL counts a table's changes a moment late and its rows as VACUUM and ANALYZE last estimated them:
        // once the master's changes are counted, one more round of upkeep analyses what it doubled, so that the
        // orders' load finds it analysed
        for (String table : List.of("customer", "blocking_key")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> StoreSnapshot.count(url, PostgresServer.USER,
                    "SELECT n_tup_ins - n_tup_del FROM pg_stat_user_tables WHERE relname = '" + table + "'")
                    == StoreSnapshot.count(url, PostgresServer.USER, "SELECT COUNT(*) FROM " + table));
        }
        try (HikariDataSource pool = Database.pool(url, PostgresServer.USER, "", 1, 10_000)) {
            PostgresStatistics statistics = PostgresStatistics.of(pool).orElseThrow();
            statistics.markBlockingKeysVisible();
            statistics.analyzeGrown();
        }
        long customersAnalysed = analyses(url, "customer");
        long keysAnalysed = analyses(url, "blocking_key");
        assertThat(customersAnalysed).as("analyses of the customers while the master loaded").isPositive();

        StringBuilder orders = new StringBuilder(" customer_id  date number_of_cds  dollar_value\n");
        for (int n = 1; n <= 40; n++) {
            orders.append(String.format(" %05d 19970%d%02d  2   %d.98%n", n, 1 + n % 9, 1 + n % 28, 10 + n));
        }
        LoadFiles.Run ordered = files.loadWith(on(url, BATCH), "--channel", "catalogue", "--mapping",
                "config/load/cdnow-orders.properties", files.write("orders.txt", orders.toString()).toString());
        assertThat(ordered.result().state()).as(ordered.output()).isEqualTo(State.DONE);
        assertThat(ordered.result().counts().matched()).isEqualTo(40);
        assertThat(analyses(url, "interaction")).as("analyses of the interactions the orders started").isPositive();
        assertThat(analyses(url, "customer")).as("analyses of the customers").isEqualTo(customersAnalysed);
        assertThat(analyses(url, "blocking_key")).as("analyses of the blocking keys").isEqualTo(keysAnalysed);
    }

    /**
     * --alone: the load keeps its new customers' values and blocking keys in memory, and stores what the same load
     * without it stores. Without it the load marks the blocking keys' pages all-visible for the searches that read
     * them; alone into an empty store no search reads them, and it does not, and it adds the keys' primary and foreign
     * keys once at its end (new constraints), where the load beside others keeps those it found.
     */
    @Test
    void aLoadAloneStoresWhatTheSameLoadStoresWithoutIt() throws Exception {
        String shared = postgres.createDatabase("load_shared");
        String alone = postgres.createDatabase("load_alone");
        LoadFiles files = new LoadFiles();
        String master = files.write("master.csv", master()).toString();
        // autovacuum kept off: the pages marked all-visible are the ones the loads' VACUUMs marked
        for (String url : List.of(shared, alone)) {
            withoutAutovacuum(url);
        }

        List<Long> sharedConstraints = keyConstraints(shared);
        List<Long> aloneConstraints = keyConstraints(alone);

        LoadFiles.Run dryRun = files.loadWith(on(alone, BATCH), "--channel", "catalogue", "--mapping", MASTER, "--alone",
                "--dry-run", master);
        assertThat(dryRun.output()).contains("dry run: nothing was written");
        assertThat(keyConstraints(alone)).as("the blocking keys' constraints after a dry run").isEqualTo(aloneConstraints);
        LoadFiles.Run reference = files.loadWith(on(shared, BATCH), "--channel", "catalogue", "--mapping", MASTER, master);
        LoadFiles.Run loaded = files.loadWith(on(alone, BATCH), "--channel", "catalogue", "--mapping", MASTER, "--alone", master);
        assertThat(loaded.result().state()).as(loaded.output()).isEqualTo(State.DONE);
        assertThat(loaded.result().counts()).isEqualTo(reference.result().counts());
        assertThat(StoreSnapshot.read(alone, PostgresServer.USER)).isEqualTo(StoreSnapshot.read(shared, PostgresServer.USER));
        Matcher fromMemory = Pattern.compile("candidates' values: (\\d+) from memory").matcher(loaded.output());
        assertThat(fromMemory.find()).as(loaded.output()).isTrue();
        assertThat(Long.parseLong(fromMemory.group(1))).as("candidates' values taken from memory").isPositive();
        assertThat(reference.output()).as("without --alone nothing is kept").doesNotContain("from memory");
        assertThat(notAllVisible(shared)).as("pages of blocking keys not marked all-visible, searched in the store").isZero();
        assertThat(notAllVisible(alone)).as("pages of blocking keys not marked all-visible, no search reading them")
                .isPositive();
        assertThat(keyConstraints(shared)).as("the blocking keys' constraints beside others").isEqualTo(sharedConstraints);
        assertThat(keyConstraints(alone)).as("the blocking keys' constraints alone").hasSize(2)
                .doesNotContainAnyElementsOf(aloneConstraints);
        assertThat(loaded.output()).contains("checked the blocking keys' constraints, put off for the load");
        assertThat(reference.output()).doesNotContain("blocking keys' constraints");
    }

    /**
     * Past hub.load.kept-customers the store answers whole searches again, so a load alone adds the blocking keys'
     * constraints it put off before the next batch's searches, which then read the primary key's index; and a store a
     * load left without them (killed meanwhile) gets them back when it is next migrated, not while a load holds it alone.
     */
    @Test
    void aLoadAlonePastItsKeptCustomersAddsTheBlockingKeysConstraintsAgain() throws Exception {
        String shared = postgres.createDatabase("load_past_kept_shared");
        String alone = postgres.createDatabase("load_past_kept_alone");
        LoadFiles files = new LoadFiles();
        String master = files.write("master.csv", master()).toString();
        Map<String, String> keepingFew = new HashMap<>(on(alone, BATCH));
        keepingFew.put("hub.load.kept-customers", String.valueOf(BATCH + BATCH / 2));

        LoadFiles.Run reference = files.loadWith(on(shared, BATCH), "--channel", "catalogue", "--mapping", MASTER, master);
        LoadFiles.Run loaded = files.loadWith(keepingFew, "--channel", "catalogue", "--mapping", MASTER, "--alone", master);

        assertThat(loaded.result().state()).as(loaded.output()).isEqualTo(State.DONE);
        assertThat(loaded.output()).contains("added the blocking keys' constraints put off for the load: more customers than"
                + " hub.load.kept-customers").doesNotContain("checked the blocking keys' constraints");
        assertThat(keyConstraints(alone)).hasSize(2);
        assertThat(StoreSnapshot.count(alone, PostgresServer.USER,
                "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'blocking_key_pkey'"))
                .as("searches of the store by the blocking keys' index").isPositive();
        assertThat(StoreSnapshot.read(alone, PostgresServer.USER)).isEqualTo(StoreSnapshot.read(shared, PostgresServer.USER));

        long keys = StoreSnapshot.count(alone, PostgresServer.USER, "SELECT COUNT(*) FROM blocking_key");
        try (HikariDataSource pool = Database.pool(alone, PostgresServer.USER, "", 3, 10_000)) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE blocking_key DROP CONSTRAINT blocking_key_pkey, DROP CONSTRAINT blocking_key_hub_id_fkey");
                // what a writer racing a load that lost the writers' key could leave: one customer's key twice
                statement.execute("INSERT INTO blocking_key SELECT block_key, hub_id FROM blocking_key LIMIT 1");
            }
            assertThat(keyConstraints(alone)).isEmpty();
            // a process started while a load holds the store alone leaves them to the load, without waiting for it
            new GroupCommit(new CustomerStore(pool), 1, 1, 3).exclusively(() -> {
                CompletableFuture.runAsync(() -> Database.migrate(pool)).orTimeout(30, TimeUnit.SECONDS).join();
                return null;
            });
            assertThat(keyConstraints(alone)).as("the blocking keys' constraints while a load holds the store").isEmpty();
            Database.migrate(pool);
        }
        assertThat(keyConstraints(alone)).as("the blocking keys' constraints after a migration").hasSize(2);
        assertThat(StoreSnapshot.count(alone, PostgresServer.USER, "SELECT COUNT(*) FROM blocking_key")).isEqualTo(keys);
    }

    /** The ids of the blocking keys' primary and foreign keys: new ids are constraints added anew. */
    private static List<Long> keyConstraints(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, "");
             Statement statement = connection.createStatement();
             ResultSet constraints = statement.executeQuery("""
                     SELECT oid FROM pg_constraint WHERE conrelid = 'blocking_key'::regclass
                     AND conname IN ('blocking_key_pkey', 'blocking_key_hub_id_fkey') ORDER BY conname""")) {
            List<Long> ids = new ArrayList<>();
            while (constraints.next()) {
                ids.add(constraints.getLong(1));
            }
            return ids;
        }
    }

    private static void withoutAutovacuum(String url) throws SQLException {
        try (HikariDataSource pool = Database.pool(url, PostgresServer.USER, "", 2, 10_000)) {
            Database.migrate(pool);
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet names = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                for (String table : tables) {
                    statement.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
                }
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_visibility");
            }
        }
    }

    private static long notAllVisible(String url) throws SQLException {
        return StoreSnapshot.count(url, PostgresServer.USER, """
                SELECT pg_relation_size('blocking_key') / current_setting('block_size')::int
                       - (SELECT all_visible FROM pg_visibility_map_summary('blocking_key'))""");
    }

    /**
     * --alone holds the writers' key from the load's start to its end: a hub node's writer sent while it runs waits
     * (PostgreSQL shows it waiting on the advisory lock) and commits after every row the load wrote.
     */
    @Test
    void aLoadAloneKeepsOtherWritersWaitingUntilItEnds() throws Exception {
        String url = postgres.createDatabase("load_waited");
        LoadFiles files = new LoadFiles();
        String master = files.write("master.csv", master()).toString();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (HikariDataSource pool = Database.pool(url, PostgresServer.USER, "", 2, 10_000)) {
            Database.migrate(pool);
            GroupCommit otherNode = new GroupCommit(new CustomerStore(pool), 1, 1, 3);
            Future<LoadFiles.Run> run = threads.submit(() -> files.loadWith(on(url, 100), "--channel", "catalogue",
                    "--mapping", MASTER, "--alone", master));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> customers(url) > 0);
            Future<String> written = threads.submit(() -> otherNode.run(List.of("another-node"),
                    tx -> tx.createCustomer(OffsetDateTime.now(ZoneOffset.UTC))));
            await().atMost(Duration.ofSeconds(30)).until(() -> StoreSnapshot.count(url, PostgresServer.USER, """
                    SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'""") > 0);
            assertThat(run.get(2, TimeUnit.MINUTES).result().state()).isEqualTo(State.DONE);
            assertThat(StoreSnapshot.count(url, PostgresServer.USER, """
                    SELECT COUNT(*) FROM customer WHERE xmin::text::bigint > (SELECT xmin::text::bigint FROM customer
                    WHERE hub_id = '%s')""".formatted(written.get(1, TimeUnit.MINUTES))))
                    .as("customers the load wrote after the writer's").isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    /** A load alone whose session holding the writers' key ends (a dropped connection) stops, as others may write. */
    @Test
    void aLoadAloneStopsOnceItsKeyIsLost() throws Exception {
        String url = postgres.createDatabase("load_lost");
        LoadFiles files = new LoadFiles();
        String master = files.write("master.csv", master()).toString();
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<LoadFiles.Run> run = threads.submit(() -> files.loadWith(on(url, 100), "--channel", "catalogue",
                    "--mapping", MASTER, "--alone", master));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> customers(url) > 0);
            assertThat(StoreSnapshot.count(url, PostgresServer.USER, """
                    SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'
                    AND mode = 'ExclusiveLock' AND granted AND pid <> pg_backend_pid()""")).isEqualTo(1);
            assertThatThrownBy(() -> run.get(2, TimeUnit.MINUTES)).hasMessageContaining("held alone was lost");
            assertThat(StoreSnapshot.count(url, PostgresServer.USER, "SELECT COUNT(*) FROM load_run WHERE state = 'FAILED'"))
                    .isEqualTo(1);
            assertThat(keyConstraints(url)).as("the blocking keys' constraints after the failed load").hasSize(2);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Map<String, String> on(String url, int batch) {
        return Map.of("hub.db.url", url, "hub.db.user", PostgresServer.USER, "hub.db.password", "",
                "hub.load.batch-size", String.valueOf(batch));
    }

    private static long customers(String url) throws SQLException {
        return StoreSnapshot.count(url, PostgresServer.USER, "SELECT COUNT(*) FROM customer");
    }

    private static long analyses(String url, String table) throws SQLException {
        return StoreSnapshot.count(url, PostgresServer.USER,
                "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '" + table + "'");
    }

    private static long scans(String url, String column) throws SQLException {
        return StoreSnapshot.count(url, PostgresServer.USER,
                "SELECT " + column + " FROM pg_stat_user_tables WHERE relname = 'blocking_key'");
    }

    /** A FEBRL-layout master where every fifth row repeats an earlier person under another account, as masters do. */
    private static String master() {
        StringBuilder rows = new StringBuilder("rec_id, given_name, surname, street_number, address_1, address_2, suburb,"
                + " postcode, state, date_of_birth, soc_sec_id\n");
        String[] given = {"sarah", "jacob", "emily", "liam", "chloe", "noah"};
        for (int n = 1; n <= CUSTOMERS; n++) {
            int person = n % 5 == 0 ? n - 3 : n;
            rows.append(String.format("%07d, %s, %s, %d, %s street, , %sville, %04d, nsw, 19700101, %07d%n", n,
                    given[person % given.length], word(person * 7919), 1 + person % 200, word(person * 104_729),
                    word(person % 97), 2000 + person % 7000, n));
        }
        return rows.toString();
    }

    /** A made-up word for n: distinct for distinct n within the test's range. */
    private static String word(int n) {
        StringBuilder word = new StringBuilder();
        String[] syllables = {"ka", "lo", "mi", "ru", "te", "vo", "za", "ne", "pi", "su"};
        int rest = Math.abs(n);
        do {
            word.append(syllables[rest % syllables.length]);
            rest /= syllables.length;
        } while (rest > 0);
        return word.toString();
    }
}
