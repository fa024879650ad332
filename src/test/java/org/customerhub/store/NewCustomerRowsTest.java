package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.customerhub.store.StoreRows.CandidateSearch;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreRows.StatedValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The customers a load's batch creates are kept and written together (NewCustomerRows), against a real H2 store: the
 * candidate search answers with them exactly as the store answers once they are written (which holds what, who shares
 * the most keys up to the limit, in the store's order, with their values), and any other statement sees them stored.
 */
class NewCustomerRowsTest {
    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final List<String> KEYS = List.of("name:S530|jane", "given:jane|2000", "addr:1|high st|2000");

    @RegisterExtension
    final H2StoreExtension h2 = new H2StoreExtension();
    private CustomerStore store;

    @BeforeEach
    void openStore() {
        store = h2.store();
    }

    /**
     * A customer holding key catalogue:n, sharing the first shared of KEYS, with a name and two addresses, as identity
     * resolution creates one: nobody held its key when the search looked.
     */
    private static String create(StoreTransaction tx, int n, int shared) {
        assertThat(tx.searchCandidates(List.of(List.of("key", "catalogue:" + n)), KEYS, 50).holders().values())
                .containsExactly(Optional.empty());
        String hubId = tx.createCustomer(AT);
        assertThat(tx.addIdentifier(hubId, "key", "catalogue:" + n, "catalogue", AT)).isTrue();
        List<String> keys = new ArrayList<>(KEYS.subList(0, shared));
        keys.add("phone:555000" + n);
        tx.addBlockingKeysOfNew(hubId, keys);
        tx.addAttributes(hubId, List.of(new StatedValue("name", "", "jane|" + n, "{\"given\":\"Jane\",\"family\":\"Smith" + n + "\"}"),
                        new StatedValue("address", "home", "1|high st|" + n, "{\"line1\":\"1 High St\"}"),
                        new StatedValue("address", "work", "9|low st|" + n, "{\"line1\":\"9 Low St\"}"),
                        new StatedValue("preference", "newsletter", "yes", "{\"key\":\"newsletter\"}")),
                new Provenance("catalogue", "message-" + n, AT, null));
        return hubId;
    }

    /** The search's answers in the order it gives them. */
    private static List<?> inOrder(CandidateSearch search) {
        return List.of(List.copyOf(search.holders().entrySet()), List.copyOf(search.sharing().entrySet()));
    }

    private static CandidateSearch search(StoreTransaction tx, int limit) {
        return tx.searchCandidates(List.of(List.of("key", "catalogue:3"), List.of("key", "catalogue:12"),
                List.of("key", "catalogue:99")), KEYS, limit);
    }

    @Test
    void theSearchAnswersWithTheBatchsNewCustomersAsTheStoreDoesOnceTheyAreWritten() {
        store.inTransaction(tx -> {
            for (int n = 0; n < 10; n++) {
                create(tx, n, 1 + n % 3);
            }
            return null;
        });
        store.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            List<String> created = new ArrayList<>();
            for (int n = 10; n < 20; n++) {
                created.add(create(batch, n, 1 + n % 3));
            }
            assertThat(batch.keptNewCustomers()).isEqualTo(10);
            List<CandidateSearch> beside = List.of(search(batch, 3), search(batch, 8), search(batch, 50));
            List<List<?>> besideInOrder = beside.stream().map(NewCustomerRowsTest::inOrder).toList();
            assertThat(beside.get(0).holders().get(List.of("key", "catalogue:12"))).contains(created.get(2));
            assertThat(beside.get(0).holders().get(List.of("key", "catalogue:99"))).isEmpty();
            assertThat(beside.get(1).sharing()).hasSize(8).containsKeys(created.get(1), created.get(4));
            assertThat(beside.get(2).sharing()).hasSize(20).containsKeys(created.toArray(String[]::new));
            // a key held, in the store or among the kept rows, stays with its holder, as the store's insert leaves it
            assertThat(batch.addIdentifier(batch.createCustomer(AT), "key", "catalogue:3", "catalogue", AT)).isFalse();
            assertThat(batch.addIdentifier(batch.createCustomer(AT), "key", "catalogue:12", "catalogue", AT)).isFalse();
            assertThat(batch.keptNewCustomers()).isEqualTo(12);

            // any other statement writes the kept rows first: the store answers for them from now on
            assertThat(batch.identifiers(created.get(2))).extracting(StoreRows.IdentifierRow::idValue)
                    .containsExactly("catalogue:12");
            assertThat(batch.keptNewCustomers()).isZero();
            assertThat(Stream.of(search(batch, 3), search(batch, 8), search(batch, 50)).map(NewCustomerRowsTest::inOrder))
                    .containsExactlyElementsOf(besideInOrder);
            return null;
        }));
    }

    @Test
    void anIdentifierOfAMergedAwayCustomerIsFollowedWithoutWritingTheKeptRows() {
        String survivor = store.inTransaction(tx -> {
            String mergedAway = create(tx, 77, 0);
            String live = create(tx, 78, 0);
            // an identifier left with a customer merged away, as the search reads it: its holder is the survivor
            tx.handle().createUpdate("UPDATE customer SET merged_into = :live WHERE hub_id = :away")
                    .bind("live", live).bind("away", mergedAway).execute();
            return live;
        });
        store.inTransaction(tx -> tx.withBatchedRows(List.of(), List.of(), batch -> {
            String created = create(batch, 10, 3);
            CandidateSearch search = batch.searchCandidates(List.of(List.of("key", "catalogue:77")), KEYS, 50);
            assertThat(search.holders().get(List.of("key", "catalogue:77"))).contains(survivor);
            assertThat(search.sharing()).containsKey(created);
            assertThat(batch.keptNewCustomers()).isEqualTo(1);
            return null;
        }));
    }
}
