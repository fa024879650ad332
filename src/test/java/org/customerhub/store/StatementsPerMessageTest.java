package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.bench.CatalogueOrders;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Party;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.identity.HubWritePath;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.identity.ProfileUpdater.Pending;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;

/**
 * The SQL statements the write path runs for a new customer's catalogue order, and for a known customer's (the bench's traffic), counted with a
 * Jdbi SqlLogger on the store's own Jdbi: without the value figures (a hub without value settings), the archive, the
 * candidate search in one query, the customer, its identifier, blocking keys and values (in one insert), the order,
 * and the change event built from what was written. A statement that comes back (a read of what was just written, a
 * value inserted on its own) shows here.
 */
class StatementsPerMessageTest {
    private static final int CUSTOMERS = 300;
    /** A known customer's order: 9. It was 10: the key the search found as theirs was stored again, adding nothing. */
    private static final double PER_KNOWN_ORDER = 9.0;

    @Test
    void aNewCustomersOrderRunsNoReadOfWhatItWrote() throws Exception {
        double perMessage = statementsPerOrder(false);
        System.out.printf("statements per new customer's catalogue order: %.2f%n", perMessage);
        // archive 2, candidate search 1 (identifiers and blocking keys at once), customer 1, identifier 1,
        // blocking keys 1, values 1 (one multi-row insert), order 1, concerns 1, event 1: 10. It was 15: the event
        // read back the values and identifiers written (2), the search was a query per identifier and one for the
        // blocking keys, and each value was an insert of its own.
        assertThat(perMessage).isLessThanOrEqualTo(10.0);
    }

    @Test
    void aKnownCustomersOrderDoesNotStoreTheirKeyAgain() throws Exception {
        double perMessage = statementsPerOrder(true);
        System.out.printf("statements per known customer's catalogue order: %.2f%n", perMessage);
        assertThat(perMessage).isLessThanOrEqualTo(PER_KNOWN_ORDER);
    }

    /**
     * A load's batch of new people, resolved ahead of its writer: their rows are kept and written together as when the
     * writer searches itself. The writer takes the holders of their identifiers from the search made ahead; without
     * them, giving each new customer its key was a statement, which wrote the kept rows out a record at a time.
     */
    @Test
    void aLoadBatchResolvedAheadRunsNoMoreStatementsThanItsWriterAlone() throws Exception {
        double byWriter = statementsPerLoadedOrder(null);
        double resolvedAhead = statementsPerLoadedOrder(Runnable::run);
        System.out.printf("statements per new customer's loaded order: %.2f, resolved ahead %.2f%n", byWriter, resolvedAhead);
        assertThat(resolvedAhead).isLessThanOrEqualTo(byWriter);
        // the writer alone searches a record at a time; ahead of it, a chunk of records is one search
        assertThat(resolvedAhead).isLessThan(byWriter / 4);
    }

    /**
     * A load's batch of new people, each second one another account of the one before (the same name, address and
     * phone): a possible match. Its pair is kept with the new customers; as statements, each pair was five and wrote
     * the kept rows out before them.
     */
    @Test
    void aLoadBatchKeepsThePossibleMatchesOfItsNewCustomers() throws Exception {
        double perRecord = onFreshStore((store, profiles) -> {
            List<Pending> batch = new ArrayList<>();
            for (int n = 0; n < CUSTOMERS / 2; n++) {
                for (ChannelRecord order : List.of(order(n), otherAccount(order(n)))) {
                    batch.add(new Pending(order, HubWritePath.messageOf(order)));
                }
            }
            AtomicLong statements = counted(store);
            profiles.applyAll(batch, (tx, first, repeat) -> {
                throw new AssertionError("no order of this test is a copy of another");
            }, (tx, applied) -> { }, false);
            double perLoaded = statements.get() / (double) batch.size();
            int possibleMatches = store.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM possible_match")
                    .mapTo(Integer.class).one());
            assertThat(possibleMatches).as("each pair both ways round").isEqualTo(CUSTOMERS);
            return perLoaded;
        });
        System.out.printf("statements per new customer's loaded order, half of them possible matches: %.2f%n", perRecord);
        assertThat(perRecord).isLessThan(1.5);
    }

    /**
     * A load's batch of new people, each second one a namesake of the one before (the same name, another address and
     * phone): the name's blocking key the first was given changes the second's resolution made ahead, and the writer
     * resolves it again from that search's answer with the batch's new customers beside it, without a search.
     */
    @Test
    void aLoadBatchResolvesNamesakesAgainFromTheSearchMadeAhead() throws Exception {
        double perRecord = onFreshStore((store, profiles) -> {
            List<Pending> batch = new ArrayList<>();
            for (int n = 0; n < CUSTOMERS; n++) {
                ChannelRecord order = order(n);
                if (n % 2 == 1) {
                    PersonName before = order(n - 1).getParty().get(0).getName();
                    order.getParty().get(0).setName(before);
                }
                batch.add(new Pending(order, HubWritePath.messageOf(order)));
            }
            AtomicLong statements = counted(store);
            profiles.applyAll(batch, (tx, first, repeat) -> {
                throw new AssertionError("no order of this test is a copy of another");
            }, (tx, applied) -> { }, false, Runnable::run);
            assertThat(profiles.resolvedAhead()).as("the first of each pair").isEqualTo(CUSTOMERS / 2);
            assertThat(profiles.searchedAhead()).as("the second of each pair").isEqualTo(CUSTOMERS / 2);
            int customers = store.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM customer")
                    .mapTo(Integer.class).one());
            assertThat(customers).as("namesakes are two people").isEqualTo(CUSTOMERS);
            return statements.get() / (double) CUSTOMERS;
        });
        System.out.printf("statements per new customer's loaded order, half of them namesakes of the one before: %.2f%n",
                perRecord);
        assertThat(perRecord).isLessThan(0.25);
    }

    /** The same order under another account of the same channel. */
    private static ChannelRecord otherAccount(ChannelRecord order) {
        Party party = order.getParty().get(0);
        party.setSourceKey("9" + party.getSourceKey().substring(1));
        order.setDocumentId("other-" + order.getDocumentId());
        return order;
    }

    /** Statements a record of one load batch of CUSTOMERS new people, resolved ahead by resolving when given. */
    private static double statementsPerLoadedOrder(Executor resolving) throws Exception {
        return onFreshStore((store, profiles) -> {
            List<Pending> batch = new ArrayList<>();
            for (int n = 0; n < CUSTOMERS; n++) {
                ChannelRecord order = order(n);
                batch.add(new Pending(order, HubWritePath.messageOf(order)));
            }
            AtomicLong statements = counted(store);
            profiles.applyAll(batch, (tx, first, repeat) -> {
                throw new AssertionError("no order of this test is a copy of another");
            }, (tx, applied) -> { }, false, resolving);
            assertThat(profiles.resolvedAhead()).isEqualTo(resolving == null ? 0 : CUSTOMERS);
            return statements.get() / (double) CUSTOMERS;
        });
    }

    /** Statements a catalogue order of each of CUSTOMERS people, new to a fresh store or (known) after one each. */
    private static double statementsPerOrder(boolean known) throws Exception {
        return onFreshStore((store, profiles) -> {
            for (int n = 0; known && n < CUSTOMERS; n++) {
                apply(profiles, order(n));
            }
            AtomicLong statements = counted(store);
            for (int n = 0; n < CUSTOMERS; n++) {
                ChannelRecord order = order(n);
                order.setDocumentId("D" + n);
                apply(profiles, order);
            }
            return statements.get() / (double) CUSTOMERS;
        });
    }

    /** What a test measures on a store of its own, through the write path. */
    private interface StoreWork {
        double run(CustomerStore store, ProfileUpdater profiles) throws Exception;
    }

    private static double onFreshStore(StoreWork work) throws Exception {
        String url = "jdbc:h2:file:./target/statements/" + UUID.randomUUID() + "/customerhub;DB_CLOSE_ON_EXIT=FALSE";
        try (HikariDataSource pool = Database.pool(url, "sa", "", 4, 10_000)) {
            Database.migrate(pool);
            CustomerStore store = new CustomerStore(pool);
            return work.run(store, HubWritePath.profileUpdater(new GroupCommit(store, 32, 1, 5)));
        }
    }

    private static void apply(ProfileUpdater profiles, ChannelRecord order) {
        profiles.apply(order, HubWritePath.messageOf(order), (tx, first, repeat) -> {
            throw new AssertionError("no order of this test is a copy of another");
        });
    }

    /** Counts each statement the store runs from now on. */
    private static AtomicLong counted(CustomerStore store) {
        AtomicLong statements = new AtomicLong();
        store.jdbi().setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
        return statements;
    }

    /** The n-th order of a customer new to the hub: own account, phone and address, a surname of its own. */
    private static ChannelRecord order(int n) {
        Party party = new Party();
        party.setSourceKey(String.format("%07d", 1_000_000 + n));
        PersonName name = new PersonName();
        // syllables as the bench's, so that name blocks stay as small as in a real customer base: nobody matches
        name.setGiven(CatalogueOrders.syllables(n + 7, 3));
        name.setFamily(CatalogueOrders.syllables(n, 4));
        party.setName(name);
        PostalAddress address = new PostalAddress();
        address.setLine1((10 + n) + " " + CatalogueOrders.syllables(n / 900, 3) + " Lane");
        address.setCity("Evanston");
        address.setRegion("IL");
        address.setPostalCode(String.format("%05d", 1_000 + n));
        address.setCountry("US");
        party.getAddress().add(address);
        party.getPhone().add(String.valueOf(6_172_000_000L + n));
        return CatalogueOrders.record(party, "C" + n);
    }
}
