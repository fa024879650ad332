package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.identity.ProfileUpdater.Applied;
import org.customerhub.identity.ProfileUpdater.Pending;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;
import org.customerhub.store.GroupCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A load's batch (ProfileUpdater.applyAll) runs its records without savepoints; a record that fails undoes the batch,
 * which runs again with a savepoint a record: the failed record alone is undone, the others are stored, and the
 * batch's finish sees what became of each once.
 */
class BatchApplyTest {
    private HikariDataSource pool;
    private CustomerStore store;
    private ProfileUpdater profiles;

    @BeforeEach
    void openStore() throws Exception {
        pool = Database.pool(HubWritePath.storeUrl(Path.of("target", "batch-apply", UUID.randomUUID().toString())),
                "sa", "", 4, 10_000);
        Database.migrate(pool);
        store = new CustomerStore(pool);
        profiles = HubWritePath.profileUpdater(new GroupCommit(store, 32, 1, 5));
    }

    @AfterEach
    void closeStore() {
        pool.close();
    }

    @Test
    void aFailingRecordIsUndoneAloneAndTheRestOfItsBatchIsStored() throws Exception {
        ChannelRecord ann = HubWritePath.catalogueOrder("A-1", HubWritePath.evanstonParty("0000101", "Ann", "Carter", "12 Elm Street"));
        ChannelRecord bob = HubWritePath.catalogueOrder("A-2", HubWritePath.evanstonParty("0000102", "Bob", "Dunmore", "40 Oak Avenue"));
        Pending first = new Pending(ann, HubWritePath.messageOf(ann));
        // the same order again: its repeat rule is asked, and fails
        Pending copy = new Pending(ann, HubWritePath.messageOf(ann));
        Pending other = new Pending(bob, HubWritePath.messageOf(bob));
        AtomicInteger finishes = new AtomicInteger();

        List<Applied> applied = profiles.applyAll(List.of(first, copy, other), (tx, firstDelivery, message) -> {
            throw new IllegalStateException("this copy cannot be applied");
        }, (tx, outcomes) -> finishes.incrementAndGet(), false);

        assertThat(applied).hasSize(3);
        assertThat(applied.get(0).failure()).isNull();
        assertThat(applied.get(1).failure()).isInstanceOf(IllegalStateException.class);
        assertThat(applied.get(2).failure()).isNull();
        assertThat(finishes).as("finish runs in the transaction that commits").hasValue(1);
        assertThat(store.findByIdentifier("key", "catalogue:0000101")).hasSize(1);
        assertThat(store.findByIdentifier("key", "catalogue:0000102")).hasSize(1);
    }

    /**
     * A row kept for the batch's end that the store refuses (a document type longer than the archive's column) fails
     * the fast way when the rows are written; the careful way fails that record alone, not the batch or another record.
     */
    @Test
    void aRecordWhoseArchivedRowTheStoreRefusesFailsAlone() throws Exception {
        ChannelRecord ann = HubWritePath.catalogueOrder("B-1", HubWritePath.evanstonParty("0000201", "Ann", "Carter", "12 Elm Street"));
        ChannelRecord odd = HubWritePath.catalogueOrder("B-2", HubWritePath.evanstonParty("0000202", "Cy", "Odell", "3 Ash Road"));
        odd.setDocumentType("ORDER".repeat(13));
        ChannelRecord bob = HubWritePath.catalogueOrder("B-3", HubWritePath.evanstonParty("0000203", "Bob", "Dunmore", "40 Oak Avenue"));

        List<Applied> applied = profiles.applyAll(List.of(ann, odd, bob).stream()
                .map(record -> new Pending(record, HubWritePath.messageOf(record))).toList(), (tx, first, message) -> {
            throw new AssertionError("no record of this test is a copy of another");
        }, (tx, outcomes) -> { }, false);

        assertThat(applied.get(0).failure()).isNull();
        assertThat(applied.get(1).failure()).as("the record with the long document type").isNotNull();
        assertThat(applied.get(2).failure()).isNull();
        assertThat(store.findByIdentifier("key", "catalogue:0000201")).hasSize(1);
        assertThat(store.findByIdentifier("key", "catalogue:0000202")).isEmpty();
        assertThat(store.findByIdentifier("key", "catalogue:0000203")).hasSize(1);
    }
}
