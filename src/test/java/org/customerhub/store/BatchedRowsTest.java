package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.customerhub.store.StoreRows.ArchivedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A load's batch keeps the rows its records append and writes them when it ends (StoreTransaction.withBatchedRows),
 * against a real H2 store: it takes no savepoint (a batch that fails is undone whole), and what it kept is answered
 * to later records of the batch as if it were in the store.
 */
class BatchedRowsTest {
    @RegisterExtension
    final H2StoreExtension h2 = new H2StoreExtension();
    private CustomerStore store;

    @BeforeEach
    void openStore() {
        store = h2.store();
    }

    private static ArchivedMessage message(String id) {
        return new ArchivedMessage(id, "catalogue", "dedupe-" + id, "CATALOGUE_ORDER", id, null, OffsetDateTime.now(), true,
                "<x/>".getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> dedupeKey(String id) {
        return List.of("catalogue", "dedupe-" + id);
    }

    @Test
    void aBatchWithKeptRowsTakesNoSavepointAndFailsWhole() {
        assertThatThrownBy(() -> store.inTransaction(tx -> tx.withBatchedRows(List.of(dedupeKey("a"), dedupeKey("b")),
                List.of(), batch -> {
                    batch.archive(message("a"));
                    // undoing to a savepoint would leave rows kept since it to be written
                    return batch.underSavepoint("record1", inner -> {
                        inner.archive(message("b"));
                        return null;
                    });
                }))).isInstanceOf(IllegalStateException.class).hasMessageContaining("no savepoint");

        store.inTransaction(tx -> {
            assertThat(tx.firstDelivery("catalogue", "dedupe-a")).isEmpty();
            assertThat(tx.firstDelivery("catalogue", "dedupe-b")).isEmpty();
            return null;
        });
    }

    @Test
    void aBatchAnswersFromTheRowsItKeptAndFromTheStoreAsItWasLookedUp() {
        store.inTransaction(tx -> {
            tx.archive(message("stored"));
            return null;
        });

        store.inTransaction(tx -> tx.withBatchedRows(List.of(dedupeKey("stored"), dedupeKey("new")), List.of(), batch -> {
            assertThat(batch.firstDelivery("catalogue", "dedupe-stored")).map(StoreRows.FirstDelivery::messageId)
                    .contains("stored");
            assertThat(batch.firstDelivery("catalogue", "dedupe-new")).isEmpty();
            batch.archive(message("new"));
            assertThat(batch.firstDelivery("catalogue", "dedupe-new")).map(StoreRows.FirstDelivery::messageId).contains("new");
            // a key not looked up at the batch's start is asked of the store
            assertThat(batch.firstDelivery("catalogue", "dedupe-other")).isEmpty();
            return null;
        }));

        Optional<StoreRows.FirstDelivery> written = store.inTransaction(tx -> tx.firstDelivery("catalogue", "dedupe-new"));
        assertThat(written).isPresent();
    }
}
