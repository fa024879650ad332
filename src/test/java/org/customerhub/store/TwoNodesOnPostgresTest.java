package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionType;
import org.customerhub.canonical.Party;
import org.customerhub.identity.HubWritePath;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.identity.ProfileUpdater.Applied;
import org.customerhub.identity.ProfileUpdater.Pending;
import org.customerhub.identity.UpdateOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one PostgreSQL database: each with its own connection pool, group commit and in-process lock keys,
 * built from the hub's own settings files, so that only the database keeps them apart (the advisory locks on the
 * messages' keys). Messages about one person reach both nodes at the same moment, again and again with fresh people;
 * and a load's batch on one node keeps live messages on the other waiting until it commits.
 */
class TwoNodesOnPostgresTest {
    private static final int PEOPLE = 24;
    private static final List<String> FAMILIES = List.of("Ashford", "Brookwick", "Carrington", "Dalby", "Fenwick",
            "Holloway", "Kelsey", "Lindqvist", "Morecombe", "Pendleton", "Quarry", "Rutherford", "Stanwyck", "Thornbury",
            "Underhill", "Vantongeren", "Whitcombe", "Yardley", "Zimmerle", "Ogilvy", "Ingersoll", "Jablonski",
            "Ebbesen", "Gorczyca");

    private static PostgresServer postgres;
    private static Node nodeA;
    private static Node nodeB;
    private static String url;
    private static final ExecutorService senders = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void startTwoNodes() throws Exception {
        postgres = PostgresServer.start();
        url = postgres.createDatabase("customerhub");
        nodeA = new Node(url);
        nodeB = new Node(url);
    }

    @AfterAll
    static void stop() throws Exception {
        senders.shutdownNow();
        for (Node node : new Node[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * Jane's catalogue order reaches one node and her web order the other at once. They share no identifier (an
     * account number, a user id and e-mail), only what resolution matches on: her name, address and phone. Every time,
     * one customer holds both keys.
     */
    @Test
    void twoNodesGivenOnePersonsMessagesAtOnceMakeOneCustomer() throws Exception {
        for (int person = 0; person < PEOPLE; person++) {
            Person jane = Person.racing(person);
            List<UpdateOutcome> outcomes = atOnce(nodeA, jane.catalogueOrder(), nodeB, jane.webOrder("W1"));

            assertThat(outcomes).as("outcomes for %s", jane).allSatisfy(o -> assertThat(o.customers()).hasSize(1));
            Optional<String> byAccount = nodeA.store.findByIdentifier("key", jane.catalogueKey()).stream().findFirst();
            Optional<String> byUser = nodeA.store.findByIdentifier("key", jane.webKey()).stream().findFirst();
            assertThat(byAccount).as("customer of %s", jane.catalogueKey()).isPresent();
            assertThat(byUser).as("customer of %s, created at the same moment on the other node", jane.webKey())
                    .isEqualTo(byAccount);
            assertThat(liveCustomersNamed(jane.family)).as("customers named %s", jane.family).isEqualTo(1);
        }
        assertThat(nodeA.writer.stats().messages() + nodeB.writer.stats().messages()).isGreaterThanOrEqualTo(2L * PEOPLE);
    }

    /**
     * Two customers that are one person (her catalogue account, her web account at another address), then a web
     * message that links them, as two copies with their own ids sent to both nodes at once: one merge, once.
     */
    @Test
    void aMergeSentToBothNodesAtOnceHappensOnce() throws Exception {
        for (int person = 0; person < PEOPLE / 2; person++) {
            Person jane = Person.merged(person);
            nodeA.apply(jane.catalogueOrder());
            nodeB.apply(jane.webSignUpElsewhere());
            String account = nodeA.store.findByIdentifier("key", jane.catalogueKey()).get(0);
            String user = nodeA.store.findByIdentifier("key", jane.webKey()).get(0);
            assertThat(user).as("two customers before the linking message").isNotEqualTo(account);

            atOnce(nodeA, jane.webOrder("W2"), nodeB, jane.webOrder("W3"));

            assertThat(nodeB.store.findByIdentifier("key", jane.webKey())).containsExactly(account);
            assertThat(liveCustomersNamed(jane.family)).as("customers named %s", jane.family).isEqualTo(1);
            assertThat(merges(user)).as("merges of %s's web customer", jane.family).isEqualTo(1);
        }
    }

    /**
     * A load (LoadMain's batch apply) on one node keeps every other writer out until its batch commits: Jane's web
     * order on the other node, sent while her catalogue order sits in the load's uncommitted batch, waits for the
     * batch's advisory lock and then finds the customer the load created, rather than creating a second one.
     */
    @Test
    void aLiveMessageOnAnotherNodeWaitsForALoadBatchAboutTheSamePerson() throws Exception {
        Person jane = Person.loaded(0);
        CountDownLatch batchApplied = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Future<List<Applied>> load = senders.submit(() -> nodeA.applyAll(List.of(jane.catalogueOrder()), () -> {
            batchApplied.countDown();
            try {
                commit.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(batchApplied.await(60, TimeUnit.SECONDS)).as("the load's batch applied, not yet committed").isTrue();

        Future<UpdateOutcome> live = senders.submit(() -> nodeB.apply(jane.webOrder("W1")));
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!live.isDone() && waitingAdvisoryLocks() == 0 && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        assertThat(live.isDone()).as("the live message ended while the load's batch about Jane was uncommitted").isFalse();
        assertThat(waitingAdvisoryLocks()).as("advisory locks waited for").isPositive();

        commit.countDown();
        List<Applied> loaded = load.get(60, TimeUnit.SECONDS);
        assertThat(loaded).singleElement().satisfies(applied -> assertThat(applied.failure()).isNull());
        assertThat(live.get(60, TimeUnit.SECONDS).customers()).isEqualTo(loaded.get(0).outcome().customers());
        assertThat(liveCustomersNamed(jane.family)).as("customers named %s", jane.family).isEqualTo(1);
    }

    /**
     * The other way round: a writer elsewhere is in a transaction (holding the key every writer's transaction holds
     * shared, as the message path does while it applies the same order arriving live). The batch waits for it before
     * it reads anything, and then applies the record; it neither goes ahead nor rejects it.
     */
    @Test
    void aLoadBatchWaitsForAWriterElsewhere() throws Exception {
        Person jane = Person.loaded(1);
        ChannelRecord order = jane.catalogueOrder();
        // the key GroupCommit's transactions take shared
        long writersKey = WriteLocks.hash("hub:writers");
        try (Connection live = DriverManager.getConnection(url, PostgresServer.USER, "")) {
            live.setAutoCommit(false);
            try (PreparedStatement lock = live.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
                lock.setLong(1, writersKey);
                lock.execute();
            }
            Future<List<Applied>> load = senders.submit(() -> nodeA.applyAll(List.of(order), () -> { }));
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!load.isDone() && waitingAdvisoryLocks() == 0 && System.nanoTime() < giveUp) {
                Thread.sleep(20);
            }
            assertThat(load.isDone()).as("the load's batch went ahead of a writer in a transaction").isFalse();
            live.commit();
            assertThat(load.get(60, TimeUnit.SECONDS)).singleElement()
                    .satisfies(applied -> assertThat(applied.failure()).isNull());
        }
        assertThat(nodeA.store.findByIdentifier("key", jane.catalogueKey())).hasSize(1);
    }

    /** Applies the two records on the two nodes, both released at the same moment; answers both outcomes. */
    private static List<UpdateOutcome> atOnce(Node first, ChannelRecord firstRecord, Node second, ChannelRecord secondRecord)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<UpdateOutcome> one = senders.submit(() -> {
            start.await(30, TimeUnit.SECONDS);
            return first.apply(firstRecord);
        });
        Future<UpdateOutcome> other = senders.submit(() -> {
            start.await(30, TimeUnit.SECONDS);
            return second.apply(secondRecord);
        });
        return List.of(one.get(60, TimeUnit.SECONDS), other.get(60, TimeUnit.SECONDS));
    }

    private static long liveCustomersNamed(String family) throws SQLException {
        return count("""
                SELECT COUNT(DISTINCT c.hub_id) FROM customer c JOIN attribute_value v ON v.hub_id = c.hub_id
                WHERE c.merged_into IS NULL AND v.attribute = 'name' AND v.value_json LIKE ?""", "%\"" + family + "\"%");
    }

    private static long merges(String merged) throws SQLException {
        return count("SELECT COUNT(*) FROM merge_log WHERE merged = ?", merged);
    }

    private static long waitingAdvisoryLocks() throws SQLException {
        try (Connection db = DriverManager.getConnection(url, PostgresServer.USER, "");
             PreparedStatement query = db.prepareStatement("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long count(String sql, String argument) throws SQLException {
        try (Connection db = DriverManager.getConnection(url, PostgresServer.USER, "");
             PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, argument);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** One person of the test, with her own name, account, user id, e-mail, phone and address. */
    private record Person(String family, int number) {
        /** The n-th person of the race test. */
        static Person racing(int n) {
            return new Person(FAMILIES.get(n), n);
        }

        /** The n-th person of the merge test: other names and keys than the race's. */
        static Person merged(int n) {
            return new Person(FAMILIES.get(n) + "-Hale", 500 + n);
        }

        /** The n-th person of the load test. */
        static Person loaded(int n) {
            return new Person(FAMILIES.get(n) + "-Lowe", 800 + n);
        }

        String catalogueKey() {
            return "catalogue:" + String.format("%07d", 3_100_000 + number);
        }

        String webKey() {
            return "web:U77" + String.format("%05d", number);
        }

        ChannelRecord catalogueOrder() {
            Party party = party(String.format("%07d", 3_100_000 + number), number + " Larkspur Lane");
            party.getPhone().add(phone());
            party.getInteraction().add(order(InteractionType.CATALOGUE_ORDER, "C" + number));
            return record(Channel.CATALOGUE, "ORDER", "C" + number, party);
        }

        ChannelRecord webOrder(String copy) {
            Party party = party("U77" + String.format("%05d", number), number + " Larkspur Lane");
            party.getEmail().add(email());
            party.getPhone().add(phone());
            party.getInteraction().add(order(InteractionType.WEB_ORDER, copy + "-" + number));
            return record(Channel.WEB, "ORDER_PLACED", copy + "-" + number, party);
        }

        /** Her web account, opened with her e-mail at an address the catalogue never had, without a phone. */
        ChannelRecord webSignUpElsewhere() {
            Party party = party("U77" + String.format("%05d", number), (900 + number) + " Harbour View Road");
            party.getAddress().get(0).setCity("Portland");
            party.getAddress().get(0).setRegion("OR");
            party.getAddress().get(0).setPostalCode("97201");
            party.getEmail().add(email());
            return record(Channel.WEB, "ACCOUNT_CREATED", "S-" + number, party);
        }

        private String phone() {
            return "(312) 555-" + String.format("%04d", 1000 + number);
        }

        private String email() {
            return "jane." + family.toLowerCase().replace("-", "") + number + "@example.com";
        }

        private Party party(String sourceKey, String street) {
            return HubWritePath.evanstonParty(sourceKey, "Jane", family, street);
        }

        private Interaction order(InteractionType type, String id) {
            Interaction order = new Interaction();
            order.setType(type);
            order.setId(id + "-" + family);
            order.setAt(now());
            order.setAmount(new BigDecimal("42.50"));
            order.setCurrency("USD");
            return order;
        }

        private ChannelRecord record(Channel channel, String documentType, String documentId, Party party) {
            ChannelRecord record = new ChannelRecord();
            record.setChannel(channel);
            record.setDocumentType(documentType);
            record.setDocumentId(documentId + "-" + family);
            record.setEffectiveAt(now());
            record.getParty().add(party);
            return record;
        }
    }

    private static XMLGregorianCalendar now() {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                GregorianCalendar.from(OffsetDateTime.now(ZoneOffset.UTC).toZonedDateTime()));
    }

    /** A hub node's write path, as HubConfiguration builds it, on a pool of its own. */
    private static final class Node implements AutoCloseable {
        private final HikariDataSource pool;
        private final CustomerStore store;
        private final GroupCommit writer;
        private final ProfileUpdater profiles;

        Node(String url) throws IOException {
            pool = Database.pool(url, PostgresServer.USER, "", 4, 10_000);
            Database.migrate(pool);
            store = new CustomerStore(pool);
            writer = new GroupCommit(store, 32, 2, 5);
            profiles = HubWritePath.profileUpdater(writer);
        }

        UpdateOutcome apply(ChannelRecord record) {
            return profiles.apply(record, HubWritePath.messageOf(record), (tx, first, repeat) -> {
                throw new AssertionError("no message of this test is a copy of another");
            });
        }

        /** As the load command applies a batch; beforeCommit runs in the batch's transaction once every record applied. */
        List<Applied> applyAll(List<ChannelRecord> records, Runnable beforeCommit) {
            List<Pending> batch = records.stream().map(record -> new Pending(record, HubWritePath.messageOf(record))).toList();
            return profiles.applyAll(batch, (tx, first, repeat) -> {
                throw new AssertionError("no record of this test is a copy of another");
            }, (tx, applied) -> beforeCommit.run(), false);
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
