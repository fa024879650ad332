package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.customerhub.store.StoreRows.CandidateQuery;
import org.customerhub.store.StoreRows.CandidateSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A load's customers' blocking keys kept in memory (KeptBlockingKeys), on a real H2 store and a private PostgreSQL
 * server: the customers the store held before are searched in the store, the load's are counted in memory, and every
 * search answers as the store alone answers it, after batches kept and undone, keys added, merges every way round
 * across the boundary, a split's emptying, and a savepoint undone; inside a transaction too, before it commits.
 */
class KeptBlockingKeysTest {
    private static final OffsetDateTime LATER = OffsetDateTime.of(2026, 4, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final List<String> KEYS = CandidateSearchTest.KEYS;

    @RegisterExtension
    final H2StoreExtension h2 = new H2StoreExtension();
    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void keptKeysAnswerAsTheStoreAnswers(String database) throws Exception {
        POSTGRES.onStore(database, h2.dataSource(), KeptBlockingKeysTest::keptKeysAnswerAsTheStoreAnswers);
    }

    private static void keptKeysAnswerAsTheStoreAnswers(DataSource dataSource) {
        CustomerStore store = new CustomerStore(dataSource);
        List<String> before = store.inTransaction(tx -> IntStream.range(0, 10).mapToObj(n -> CandidateSearchTest.create(tx, n)).toList());
        CustomerStore keeping = new CustomerStore(dataSource);
        KeptBlockingKeys keys = keeping.keepLoadedCustomers(1_000).keys();
        assertThat(keys.boundary()).isEqualTo(before.stream().max(String::compareTo).orElseThrow());

        List<String> loaded = keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            List<String> created = new ArrayList<>();
            for (int n = 10; n < 30; n++) {
                created.add(CandidateSearchTest.create(batch, n));
            }
            return created;
        }));
        assertThat(keys.size()).as("kept once the batch committed").isEqualTo(20);
        assertSearchesAlike(store, keeping);

        assertThatThrownBy(() -> keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            for (int n = 30; n < 35; n++) {
                CandidateSearchTest.create(batch, n);
            }
            throw new IllegalStateException("undone");
        }))).hasMessage("undone");
        assertThat(keys.size()).as("nothing of a batch undone").isEqualTo(20);

        // a batch's new customer written out by a statement that then adds keys to it
        keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            String hubId = CandidateSearchTest.create(batch, 40);
            CandidateSearchTest.create(batch, 41);
            batch.addBlockingKeys(hubId, List.of(KEYS.get(3), "phone:added-in-batch"));
            return hubId;
        }));
        assertThat(keys.size()).isEqualTo(22);

        keeping.inTransaction(tx -> {
            tx.addBlockingKeys(loaded.get(2), List.of(KEYS.get(3), "phone:added-later"));
            tx.merge(before.get(0), loaded.get(3), "message-kept-into-before", LATER);
            tx.merge(loaded.get(4), before.get(1), "message-before-into-kept", LATER);
            tx.merge(loaded.get(5), loaded.get(6), "message-kept-into-kept", LATER);
            tx.emptyForSplit(List.of(loaded.get(7)), LATER);
            // the transaction's own searches count its changes before it commits
            assertSearchesAlikeIn(tx);
            return null;
        });
        assertSearchesAlike(store, keeping);

        keeping.inTransaction(tx -> {
            assertThatThrownBy(() -> tx.underSavepoint("undone-keys", inner -> {
                inner.addBlockingKeys(loaded.get(8), List.of("phone:undone"));
                inner.merge(loaded.get(9), loaded.get(10), "message-undone", LATER);
                throw new IllegalStateException("undone");
            })).hasMessage("undone");
            assertSearchesAlikeIn(tx);
            return null;
        });
        assertSearchesAlike(store, keeping);
        assertThat(keys.searches()).as("searches that counted kept customers").isPositive();
    }

    @Test
    void pastItsCapacityTheStoreAnswersTheWholeSearch() {
        CustomerStore store = h2.store();
        CustomerStore keeping = new CustomerStore(h2.dataSource());
        KeptBlockingKeys five = keeping.keepLoadedCustomers(5).keys();
        assertThat(five.boundary()).as("an empty store").isNull();
        keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            for (int n = 0; n < 4; n++) {
                CandidateSearchTest.create(batch, n);
            }
            return null;
        }));
        assertThat(five.answering()).isTrue();
        assertSearchesAlike(store, keeping);
        keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            for (int n = 4; n < 8; n++) {
                CandidateSearchTest.create(batch, n);
            }
            return null;
        }));
        assertThat(five.answering()).isFalse();
        assertThat(five.size()).isZero();
        long searches = five.searches();
        assertSearchesAlike(store, keeping);
        assertThat(five.searches()).as("searches that counted kept customers past capacity").isEqualTo(searches);
    }

    /**
     * A load into a store that was empty keeps every customer's keys in memory, so its searches read identifiers from
     * the store and no blocking key: they answer while another session holds the keys' table, as they must not plan a
     * scan of a table whose primary key such a load put off (BlockingKeyConstraints).
     */
    @Test
    void searchesOfALoadIntoAnEmptyStoreLeaveTheKeysTableAlone() throws Exception {
        POSTGRES.onStore("postgres", h2.dataSource(), dataSource -> {
            CustomerStore keeping = new CustomerStore(dataSource);
            assertThat(keeping.keepLoadedCustomers(1_000).keys().holdsAll()).isTrue();
            keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
                for (int n = 0; n < 20; n++) {
                    CandidateSearchTest.create(batch, n);
                }
                return null;
            }));
            List<CandidateSearch> unlocked = keeping.reading(tx -> tx.searchCandidates(questions()));
            assertThat(unlocked.stream().filter(search -> !search.shared().isEmpty())).as("searches that found kept keys")
                    .isNotEmpty();
            try (Connection locking = dataSource.getConnection(); Statement statement = locking.createStatement()) {
                locking.setAutoCommit(false);
                statement.execute("LOCK TABLE blocking_key IN ACCESS EXCLUSIVE MODE");
                try {
                    List<CandidateSearch> locked = CompletableFuture
                            .supplyAsync(() -> keeping.reading(tx -> tx.searchCandidates(questions())))
                            .get(20, TimeUnit.SECONDS);
                    IntStream.range(0, unlocked.size()).forEach(q -> assertThat(CandidateSearchTest.inOrder(locked.get(q)))
                            .as("question %d", q).isEqualTo(CandidateSearchTest.inOrder(unlocked.get(q))));
                } finally {
                    locking.rollback();
                }
            } catch (SQLException | InterruptedException | ExecutionException | TimeoutException e) {
                throw new AssertionError("a search waited for the keys' table or failed", e);
            }
        });
    }

    private static List<CandidateQuery> questions() {
        List<CandidateQuery> questions = new ArrayList<>(CandidateSearchTest.questions());
        questions.add(new CandidateQuery(List.of(), List.of(KEYS.get(3), "phone:added-in-batch", "phone:added-later",
                "phone:undone", "phone:5550001", "phone:55500013", "phone:55500016", "phone:55500017"), 50));
        questions.add(new CandidateQuery(List.of(), KEYS, 3));
        questions.add(new CandidateQuery(List.of(List.of("key", "catalogue:14")), KEYS.subList(0, 2), 50));
        return questions;
    }

    private static void assertSearchesAlike(CustomerStore store, CustomerStore keeping) {
        List<CandidateSearch> fromStore = store.reading(tx -> tx.searchCandidates(questions()));
        List<CandidateSearch> withKept = keeping.reading(tx -> tx.searchCandidates(questions()));
        IntStream.range(0, fromStore.size()).forEach(q -> assertThat(CandidateSearchTest.inOrder(withKept.get(q)))
                .as("question %d", q).isEqualTo(CandidateSearchTest.inOrder(fromStore.get(q))));
    }

    /** Within a transaction: the customers sharing keys, as the store alone finds them in it (findByBlockingKeys). */
    private static void assertSearchesAlikeIn(StoreTransaction tx) {
        for (CandidateQuery asked : questions()) {
            if (!asked.blockingKeys().isEmpty()) {
                assertThat(tx.searchCandidates(List.of(asked)).get(0).shared().keySet()).as("keys %s", asked.blockingKeys())
                        .containsExactlyInAnyOrderElementsOf(tx.findByBlockingKeys(asked.blockingKeys(), asked.limit()));
            }
        }
    }
}
