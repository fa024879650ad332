package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.customerhub.store.StoreRows.FoundCustomer;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreRows.StatedValue;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Customers read ahead for a load's batch (StoreTransaction.readAhead, sawBefore) on a real H2 store and a private
 * PostgreSQL server: a batch's writer answers their identifiers and values without a statement, and touches them
 * without one until its next statement, while it has not written them; once it writes one (an identifier, a value, a
 * merge), or moves a channel key, it reads the store again and answers what the store holds.
 */
class ReadAheadTest {
    private static final OffsetDateTime LATER = OffsetDateTime.of(2026, 4, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    @RegisterExtension
    final H2StoreExtension h2 = new H2StoreExtension();
    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void customersReadAheadAnswerAsTheStoreUntilWritten(String database) throws Exception {
        POSTGRES.onStore(database, h2.dataSource(), ReadAheadTest::customersReadAheadAnswerAsTheStoreUntilWritten);
    }

    private static void customersReadAheadAnswerAsTheStoreUntilWritten(DataSource dataSource) {
        CustomerStore store = new CustomerStore(dataSource);
        List<String> ids = store.inTransaction(tx -> IntStream.range(0, 6).mapToObj(n -> CandidateSearchTest.create(tx, n)).toList());
        Map<String, FoundCustomer> read = store.reading(tx -> tx.readAhead(ids));
        store.reading(tx -> {
            ids.forEach(hubId -> assertThat(read.get(hubId)).isEqualTo(asStored(tx, hubId)));
            return null;
        });

        Map<Integer, FoundCustomer> answered = store.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            batch.sawBefore(read);
            long before = batch.statementsRun();
            assertThat(batch.identifiers(ids.get(0))).isEqualTo(read.get(ids.get(0)).identifiers());
            assertThat(batch.attributes(ids.get(0))).isEqualTo(read.get(ids.get(0)).attributes());
            batch.touch(ids.get(0), LATER);
            assertThat(batch.statementsRun()).as("statements for a customer read ahead").isEqualTo(before);

            batch.addIdentifier(ids.get(1), "email", "jane1@example.org", "web", LATER);
            batch.stateAttribute(ids.get(2), new StatedValue("email", "", "jane2@example.org",
                    "{\"address\":\"jane2@example.org\"}"), new Provenance("web", "message-email", LATER, null));
            batch.merge(ids.get(3), ids.get(4), "message-merge", LATER);
            assertThat(batch.customer(ids.get(0)).orElseThrow().updatedAt().toInstant())
                    .as("touched before the next statement").isEqualTo(LATER.toInstant());
            Map<Integer, FoundCustomer> inBatch = new TreeMap<>();
            for (int n : List.of(1, 2, 3)) {
                inBatch.put(n, new FoundCustomer(batch.identifiers(ids.get(n)), batch.attributes(ids.get(n))));
            }
            batch.moveKey("catalogue:5", ids.get(0));
            for (int n : List.of(0, 5)) {
                inBatch.put(n, new FoundCustomer(batch.identifiers(ids.get(n)), batch.attributes(ids.get(n))));
            }
            return inBatch;
        }));
        store.reading(tx -> {
            answered.forEach((n, found) -> assertThat(found).as("customer %d", n).isEqualTo(asStored(tx, ids.get(n)))
                    .isNotEqualTo(read.get(ids.get(n))));
            return null;
        });
    }

    /** The customer's identifiers and values as read in a transaction that read nothing ahead. */
    private static FoundCustomer asStored(StoreTransaction tx, String hubId) {
        return new FoundCustomer(tx.identifiers(hubId), tx.attributes(hubId));
    }
}
