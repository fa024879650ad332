package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.customerhub.store.StoreRows.CandidateSearch;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreRows.StatedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A load's new customers' identity values kept in memory (KeptIdentityValues), on a real H2 store and a private
 * PostgreSQL server: kept once their batch commits, never for a batch undone, forgotten once a statement changes them
 * (in a later transaction, or in their own batch after it wrote them out), and the candidate search with them answers
 * every question as the store alone answers it.
 */
class KeptIdentityValuesTest {
    private static final OffsetDateTime EARLIER = OffsetDateTime.of(2026, 2, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    /** The time CandidateSearchTest.create states its values at. */
    private static final OffsetDateTime SAME_TIME = OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime LATER = OffsetDateTime.of(2026, 4, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    @RegisterExtension
    final H2StoreExtension h2 = new H2StoreExtension();
    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void keptValuesAnswerAsTheStoreAnswers(String database) throws Exception {
        POSTGRES.onStore(database, h2.dataSource(), KeptIdentityValuesTest::keptValuesAnswerAsTheStoreAnswers);
    }

    private static void keptValuesAnswerAsTheStoreAnswers(DataSource dataSource) {
        CustomerStore store = new CustomerStore(dataSource);
        CustomerStore keeping = new CustomerStore(dataSource);
        KeptIdentityValues kept = keeping.keepLoadedCustomers(1_000).values();
        List<String> ids = keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            List<String> created = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                created.add(CandidateSearchTest.create(batch, n));
            }
            // a second name stated later with an earlier time, and a third at the same time: kept in the store's order
            batch.addAttributes(created.get(8), List.of(new StatedValue("name", "", "jane|early", "{\"given\":\"Jane\",\"family\":\"Early\"}")),
                    new Provenance("web", "message-early", EARLIER, null));
            batch.addAttributes(created.get(8), List.of(new StatedValue("name", "", "jane|same", "{\"given\":\"Jane\",\"family\":\"Same\"}")),
                    new Provenance("retail", "message-same", SAME_TIME, null));
            return created;
        }));
        assertThat(kept.size()).as("kept once the batch committed").isEqualTo(20);
        for (int n : List.of(2, 8)) {
            assertThat(kept.of(ids.get(n))).as("customer %d", n)
                    .isEqualTo(store.reading(tx -> tx.identityValuesOf(List.of(ids.get(n)))).get(ids.get(n)));
        }
        assertThat(kept.of(ids.get(8))).hasSize(4);

        assertThatThrownBy(() -> keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            for (int n = 20; n < 25; n++) {
                CandidateSearchTest.create(batch, n);
            }
            throw new IllegalStateException("undone");
        }))).hasMessage("undone");
        assertThat(kept.size()).as("nothing of a batch undone").isEqualTo(20);

        // a batch whose new customer is written out by a statement that then changes its values
        String changedInItsBatch = keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            String hubId = CandidateSearchTest.create(batch, 30);
            CandidateSearchTest.create(batch, 31);
            batch.stateAttribute(hubId, new StatedValue("name", "", "jane|other", "{\"given\":\"Jane\",\"family\":\"Other\"}"),
                    new Provenance("retail", "message-changed-in-batch", LATER, null));
            return hubId;
        }));
        assertThat(kept.size()).isEqualTo(21);
        assertThat(kept.of(changedInItsBatch)).as("changed after it was written out").isNull();

        keeping.inTransaction(tx -> {
            tx.addAttributes(ids.get(3), List.of(new StatedValue("email", "", "jane3@example.org", "{\"address\":\"jane3@example.org\"}")),
                    new Provenance("web", "message-new-email", LATER, null));
            tx.stateAttribute(ids.get(6), new StatedValue("address", "home", "1|high st|6",
                    "{\"line1\":\"6 High Street\"}"), new Provenance("catalogue", "message-restated", LATER, null));
            tx.merge(ids.get(4), ids.get(5), "message-merge", LATER);
            return null;
        });
        for (int changed : List.of(3, 4, 5, 6)) {
            assertThat(kept.of(ids.get(changed))).as("customer %d changed by a statement", changed).isNull();
        }
        assertThat(kept.of(ids.get(7))).isNotNull();

        List<CandidateSearch> fromStore = store.reading(tx -> tx.searchCandidates(CandidateSearchTest.questions()));
        List<CandidateSearch> withKept = keeping.reading(tx -> tx.searchCandidates(CandidateSearchTest.questions()));
        IntStream.range(0, fromStore.size()).forEach(q -> assertThat(CandidateSearchTest.inOrder(withKept.get(q)))
                .as("question %d", q).isEqualTo(CandidateSearchTest.inOrder(fromStore.get(q))));
        assertThat(kept.answered()).as("candidates answered from memory").isPositive();
        assertThat(kept.fromStore()).as("candidates changed since, read from the store").isPositive();
    }

    @Test
    void keepsNoMoreCustomersThanItsCapacity() {
        CustomerStore keeping = new CustomerStore(h2.dataSource());
        KeptIdentityValues five = keeping.keepLoadedCustomers(5).values();
        keeping.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            for (int n = 0; n < 8; n++) {
                CandidateSearchTest.create(batch, n);
            }
            return null;
        }));
        assertThat(five.size()).isEqualTo(5);
    }
}
