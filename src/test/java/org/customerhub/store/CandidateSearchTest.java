package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.customerhub.store.StoreRows.CandidateQuery;
import org.customerhub.store.StoreRows.CandidateSearch;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreRows.StatedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several people's candidate searches in one statement (as a load's people are resolved ahead of its writer), against
 * a real H2 store and a private PostgreSQL server: each answer is the one its own statement gives, holders followed through a merge, candidates in
 * the store's order and cut at each search's limit, and, inside a load's batch, its kept new customers beside them.
 */
class CandidateSearchTest {
    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    static final List<String> KEYS = List.of("name:S530|jane", "given:jane|2000", "place:1|high st|evanston",
            "phone:6170000000");

    @RegisterExtension
    final H2StoreExtension h2 = new H2StoreExtension();
    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

    /** The test's body on a fresh H2 store, or a fresh database of its own on the PostgreSQL server. */
    private void onStore(String database, Consumer<CustomerStore> test) throws Exception {
        POSTGRES.onStore(database, h2.dataSource(), dataSource -> test.accept(new CustomerStore(dataSource)));
    }

    /**
     * Customer n: key catalogue:n, the first 1 + n % 4 of KEYS and a key of its own, a name and an address; searched
     * for first, as identity resolution does (a load's batch keeps a new customer whose key nobody held).
     */
    static String create(StoreTransaction tx, int n) {
        tx.searchCandidates(List.of(List.of("key", "catalogue:" + n)), KEYS, 50);
        String hubId = tx.createCustomer(AT);
        tx.addIdentifier(hubId, "key", "catalogue:" + n, "catalogue", AT);
        List<String> keys = new ArrayList<>(KEYS.subList(0, 1 + n % KEYS.size()));
        keys.add("phone:555000" + n);
        tx.addBlockingKeysOfNew(hubId, keys);
        tx.addAttributes(hubId, List.of(new StatedValue("name", "", "jane|" + n, "{\"given\":\"Jane\",\"family\":\"Smith" + n + "\"}"),
                        new StatedValue("address", "home", "1|high st|" + n, "{\"line1\":\"" + n + " High St\"}"),
                        new StatedValue("preference", "newsletter", "yes", "{\"key\":\"newsletter\"}")),
                new Provenance("catalogue", "message-" + n, AT, null));
        return hubId;
    }

    /** Questions of every shape: holders only, keys only, both, neither, small and large limits. */
    static List<CandidateQuery> questions() {
        List<CandidateQuery> questions = new ArrayList<>();
        questions.add(new CandidateQuery(List.of(List.of("key", "catalogue:3"), List.of("key", "catalogue:99")), List.of(), 50));
        questions.add(new CandidateQuery(List.of(), KEYS, 50));
        questions.add(new CandidateQuery(List.of(List.of("key", "catalogue:1")), KEYS.subList(1, 3), 3));
        questions.add(new CandidateQuery(List.of(), List.of(), 50));
        questions.add(new CandidateQuery(List.of(List.of("key", "catalogue:12"), List.of("key", "catalogue:7")),
                List.of(KEYS.get(3), "phone:5550005", "phone:none"), 2));
        questions.add(new CandidateQuery(List.of(List.of("key", "catalogue:25")), KEYS, 8));
        questions.add(new CandidateQuery(List.of(), List.of(KEYS.get(0), KEYS.get(2), KEYS.get(0)), 50));
        questions.add(new CandidateQuery(List.of(), List.of(KEYS.get(2), KEYS.get(1), KEYS.get(2), "phone:5550003"), 6));
        return questions;
    }

    /** Each answer as its own search gives it, in the order given. */
    private static void answersAsEachAlone(StoreTransaction tx) {
        List<CandidateQuery> questions = questions();
        List<CandidateSearch> together = tx.searchCandidates(questions);
        assertThat(together).hasSize(questions.size());
        IntStream.range(0, questions.size()).forEach(q -> {
            CandidateQuery asked = questions.get(q);
            CandidateSearch alone = tx.searchCandidates(asked.identifiers(), asked.blockingKeys(), asked.limit());
            assertThat(inOrder(together.get(q))).as("question %d", q).isEqualTo(inOrder(alone));
        });
    }

    /**
     * Each answer as the separate look-ups give it: each identifier's holder, the customers sharing the most keys (a key
     * asked twice counts once) and their identity values.
     */
    private static void answersAsTheSeparateLookups(StoreTransaction tx) {
        List<CandidateQuery> questions = questions();
        List<CandidateSearch> together = tx.searchCandidates(questions);
        IntStream.range(0, questions.size()).forEach(q -> {
            CandidateQuery asked = questions.get(q);
            CandidateSearch answer = together.get(q);
            asked.identifiers().forEach(identifier -> assertThat(answer.holders().get(identifier)).as("question %d", q)
                    .isEqualTo(tx.findByIdentifier(identifier.get(0), identifier.get(1))));
            Set<String> sharing = tx.findByBlockingKeys(asked.blockingKeys(), asked.limit());
            assertThat(answer.sharing().keySet()).as("question %d", q).isEqualTo(sharing);
            assertThat(answer.sharing()).as("question %d", q).isEqualTo(tx.identityValuesOf(sharing));
            // a key asked twice counts once: the same question without the repeat shares as many with each
            CandidateQuery once = new CandidateQuery(asked.identifiers(), new LinkedHashSet<>(asked.blockingKeys()), asked.limit());
            CandidateSearch askedOnce = tx.searchCandidates(List.of(once)).get(0);
            assertThat(inOrder(askedOnce)).as("question %d", q).isEqualTo(inOrder(answer));
            assertThat(askedOnce.shared()).as("question %d", q).isEqualTo(answer.shared());
        });
    }

    static List<?> inOrder(CandidateSearch search) {
        return List.of(List.copyOf(search.holders().entrySet()), List.copyOf(search.sharing().entrySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eachPersonIsAnsweredAsItsOwnSearchAnswers(String database) throws Exception {
        onStore(database, CandidateSearchTest::eachPersonIsAnsweredAsItsOwnSearchAnswers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void inALoadsBatchEachAnswerHasTheBatchsNewCustomersBesideTheStores(String database) throws Exception {
        onStore(database, CandidateSearchTest::inALoadsBatchEachAnswerHasTheBatchsNewCustomersBesideTheStores);
    }

    /**
     * A search made when a load's batch began answers for the batch only while it has written nothing out
     * (StoreTransaction.searchedBefore): keeping new customers runs no statement; anything that writes them out does,
     * the value and reminder rows' handles included.
     */
    @Test
    void aBatchCountsEveryWayItsKeptRowsAreWrittenOut() {
        h2.store().inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            long atStart = batch.statementsRun();
            create(batch, 1);
            assertThat(batch.statementsRun()).as("a new customer kept").isEqualTo(atStart);
            batch.values();
            assertThat(batch.statementsRun()).as("written out for the value rows").isGreaterThan(atStart);
            long afterValues = batch.statementsRun();
            create(batch, 2);
            batch.reminders();
            assertThat(batch.statementsRun()).as("written out for the reminder rows").isGreaterThan(afterValues);
            long afterReminders = batch.statementsRun();
            create(batch, 3);
            batch.customer(batch.searchCandidates(List.of(List.of("key", "catalogue:3")), List.of(), 50)
                    .holders().values().iterator().next().orElseThrow());
            assertThat(batch.statementsRun()).as("written out for a statement").isGreaterThan(afterReminders);
            return null;
        }));
    }

    private static void eachPersonIsAnsweredAsItsOwnSearchAnswers(CustomerStore store) {
        List<String> created = store.inTransaction(tx -> {
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                ids.add(create(tx, n));
            }
            // catalogue:12's holder merged away: the answer is the survivor
            tx.merge(ids.get(1), ids.get(12), "merge-message", AT);
            return ids;
        });
        store.inTransaction(tx -> {
            CandidateSearch first = tx.searchCandidates(questions()).get(4);
            assertThat(first.holders().get(List.of("key", "catalogue:12"))).contains(created.get(1));
            assertThat(first.sharing()).hasSize(2);
            answersAsEachAlone(tx);
            answersAsTheSeparateLookups(tx);
            return null;
        });
    }

    private static void inALoadsBatchEachAnswerHasTheBatchsNewCustomersBesideTheStores(CustomerStore store) {
        store.inTransaction(tx -> {
            for (int n = 0; n < 10; n++) {
                create(tx, n);
            }
            return null;
        });
        store.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            for (int n = 10; n < 30; n++) {
                create(batch, n);
            }
            assertThat(batch.keptNewCustomers()).isEqualTo(20);
            CandidateSearch kept = batch.searchCandidates(questions()).get(5);
            assertThat(kept.holders().get(List.of("key", "catalogue:25"))).isPresent();
            answersAsEachAlone(batch);
            assertThat(batch.keptNewCustomers()).as("searching wrote nothing out").isEqualTo(20);
            return null;
        }));
    }
}
