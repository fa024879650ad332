package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.canonical.Channel;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Party;
import org.customerhub.identity.ProfileUpdater.Pending;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;
import org.customerhub.store.GroupCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A load's batch resolves its records' people ahead of its writer (ResolvedAhead): the writer takes a resolution made
 * against the store as the batch found it only where nothing the batch wrote before could change it. With resolving
 * done in execute (every record resolved before the writer starts), what the writer takes is known exactly.
 */
class ResolvedAheadTest {
    private static final RepeatRule NO_COPIES = (tx, first, message) -> {
        throw new AssertionError("no record of this test is a copy of another");
    };
    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void closeStores() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void aRecordThatAnEarlierRecordOfItsBatchCanChangeIsResolvedByTheWriter() throws Exception {
        Store store = store();
        List<ChannelRecord> batch = List.of(
                HubWritePath.catalogueOrder("C-1", HubWritePath.evanstonParty("0000301", "Cara", "Diaz", "5 Pine Road")),
                // the same person without her key: found by the keys record C-1 wrote
                HubWritePath.catalogueOrder("C-2", HubWritePath.evanstonParty(null, "Cara", "Diaz", "5 Pine Road")),
                // her key alone: no blocking keys, found by the identifier record C-1 wrote
                HubWritePath.catalogueOrder("C-3", keyOnly("0000301")),
                HubWritePath.catalogueOrder("D-1", HubWritePath.evanstonParty("0000302", "Dan", "Ellis", "7 Cedar Court")),
                HubWritePath.catalogueOrder("E-1", HubWritePath.evanstonParty("0000303", "Eve", "Fox", "9 Birch Lane")));

        store.profiles.applyAll(pending(batch), NO_COPIES, (tx, outcomes) -> { }, false, Runnable::run);

        assertThat(store.profiles.resolvedAhead()).as("C-1, D-1 and E-1 taken as resolved ahead").isEqualTo(3);
        // C-2 from the search made ahead and C-1's kept rows; C-3 after C-2's statements (they wrote C-1 out) searches again
        assertThat(store.profiles.searchedAhead()).as("C-2 resolved again from the search made ahead").isEqualTo(1);
        assertThat(store.customers.findByIdentifier("key", "catalogue:0000301")).hasSize(1);
        assertThat(customerCount(store)).as("Cara, Dan and Eve").isEqualTo(3);
    }

    @Test
    void aMergeEndsTakingResolutionsForTheRestOfItsBatch() throws Exception {
        Store store = store();
        Party phoneOnly = HubWritePath.evanstonParty(null, "Gus", "Hart", "1 Elm Street");
        phoneOnly.getAddress().clear();
        phoneOnly.getPhone().add("847-555-0142");
        store.profiles.applyAll(pending(List.of(HubWritePath.catalogueOrder("G-1", HubWritePath.evanstonParty("0000401", "Gus", "Hart", "1 Elm Street")),
                HubWritePath.catalogueOrder("G-2", phoneOnly))), NO_COPIES, (tx, outcomes) -> { }, false, Runnable::run);
        assertThat(customerCount(store)).as("Gus by address, Gus by phone: nothing links them yet").isEqualTo(2);
        long before = store.profiles.resolvedAhead();

        Party both = HubWritePath.evanstonParty("0000401", "Gus", "Hart", "1 Elm Street");
        both.getPhone().add("847-555-0142");
        store.profiles.applyAll(pending(List.of(
                HubWritePath.catalogueOrder("H-1", HubWritePath.evanstonParty("0000402", "Hal", "Irwin", "3 Ash Road")),
                HubWritePath.catalogueOrder("G-3", both),
                HubWritePath.catalogueOrder("J-1", HubWritePath.evanstonParty("0000403", "Joy", "Kemp", "8 Oak Avenue")))),
                NO_COPIES, (tx, outcomes) -> { }, false, Runnable::run);

        assertThat(customerCount(store)).as("the two Gus merged; Hal and Joy").isEqualTo(3);
        assertThat(store.profiles.resolvedAhead() - before).as("H-1 and G-3, not J-1 after G-3's merge").isEqualTo(2);
    }

    @Test
    void anAgentsDecisionEndsTakingResolutionsForTheRestOfItsBatch() throws Exception {
        Store store = store();
        store.profiles.applyAll(pending(List.of(HubWritePath.catalogueOrder("L-1", HubWritePath.evanstonParty("0000701", "Lia", "Moss",
                "4 Fir Lane")))), NO_COPIES, (tx, outcomes) -> { }, false, Runnable::run);
        Party decision = new Party();
        decision.setHubId(store.customers.findByIdentifier("key", "catalogue:0000701").get(0));
        ChannelRecord agent = HubWritePath.catalogueOrder("L-2", decision);
        agent.setChannel(Channel.AGENT);
        agent.setStatedBy("agent-7");
        long before = store.profiles.resolvedAhead();

        store.profiles.applyAll(pending(List.of(
                HubWritePath.catalogueOrder("M-1", HubWritePath.evanstonParty("0000702", "Max", "Nye", "6 Yew Road")),
                agent,
                HubWritePath.catalogueOrder("N-1", HubWritePath.evanstonParty("0000703", "Ned", "Orr", "7 Elm Court")))),
                NO_COPIES, (tx, outcomes) -> { }, false, Runnable::run);

        assertThat(store.customers.findByIdentifier("key", "catalogue:0000703")).hasSize(1);
        assertThat(store.profiles.resolvedAhead() - before).as("M-1, not N-1 after the agent's decision").isEqualTo(1);
    }

    /**
     * Kim's web account W1 is found by her name typed into each other's field and her address, which share no blocking
     * key with her phone and name as the next record types them: that record reads Kim, and must see W1 on her, so
     * that its other web account W2 is someone to review, not Kim.
     */
    @Test
    void aRecordThatReadACustomerAnEarlierRecordWroteIsResolvedByTheWriter() throws Exception {
        Store store = store();
        Party kim = HubWritePath.evanstonParty("0000601", "Kim", "Lowe", "2 Elm Street");
        kim.getPhone().add("847-555-0177");
        store.profiles.applyAll(pending(List.of(HubWritePath.catalogueOrder("K-1", kim))), NO_COPIES, (tx, outcomes) -> { }, false, Runnable::run);
        String kimId = store.customers.findByIdentifier("key", "catalogue:0000601").get(0);

        ChannelRecord swapped = HubWritePath.catalogueOrder("K-2", HubWritePath.evanstonParty("W1", "Lowe", "Kim", "2 Elm Street"));
        swapped.setChannel(Channel.WEB);
        Party byPhone = HubWritePath.evanstonParty("W2", "Kim", "Lowe", "2 Elm Street");
        byPhone.getAddress().clear();
        byPhone.getPhone().add("847-555-0177");
        ChannelRecord other = HubWritePath.catalogueOrder("K-3", byPhone);
        other.setChannel(Channel.WEB);
        long before = store.profiles.resolvedAhead();
        store.profiles.applyAll(pending(List.of(swapped, other)), NO_COPIES, (tx, outcomes) -> { }, false, Runnable::run);

        assertThat(store.customers.findByIdentifier("key", "web:W1")).containsExactly(kimId);
        assertThat(store.customers.findByIdentifier("key", "web:W2")).hasSize(1).doesNotContain(kimId);
        assertThat(store.profiles.resolvedAhead() - before).as("K-2 only").isEqualTo(1);
    }

    /** People typed again with and without their keys, on real threads: the same customers as one message at a time. */
    @Test
    void aBatchResolvedOnThreadsEndsAsTheMessagePathEnds() throws Exception {
        List<ChannelRecord> records = new ArrayList<>();
        Random random = new Random(19);
        String[] given = {"Ann", "Bob", "Cara", "Dan", "Eve", "Finn"};
        String[] family = {"Carter", "Dunmore", "Diaz", "Ellis", "Fox", "Grant", "Hart"};
        for (int i = 0; i < 400; i++) {
            int person = random.nextInt(60);
            String key = String.format("%07d", 500 + person);
            String street = (1 + person % 9) + " " + family[person % family.length] + " Street";
            Party party = switch (random.nextInt(3)) {
                case 0 -> keyOnly(key);
                case 1 -> HubWritePath.evanstonParty(key, given[person % given.length], family[person / 9 % family.length], street);
                default -> HubWritePath.evanstonParty(null, given[person % given.length], family[person / 9 % family.length], street);
            };
            records.add(HubWritePath.catalogueOrder("R-" + i, party));
        }
        Store loaded = store();
        Store sent = store();
        ExecutorService resolving = Executors.newFixedThreadPool(2);
        try {
            for (int from = 0; from < records.size(); from += 100) {
                loaded.profiles.applyAll(pending(records.subList(from, from + 100)), NO_COPIES, (tx, outcomes) -> { }, false,
                        resolving);
            }
        } finally {
            resolving.shutdownNow();
        }
        for (ChannelRecord record : records) {
            sent.profiles.apply(record, HubWritePath.messageOf(record), NO_COPIES);
        }

        assertThat(loaded.profiles.resolvedAhead()).as("some records taken as resolved ahead").isPositive();
        assertThat(customersByKey(loaded)).isEqualTo(customersByKey(sent));
        assertThat(customerCount(loaded)).isEqualTo(customerCount(sent));
    }

    private record Store(HikariDataSource pool, CustomerStore customers, ProfileUpdater profiles) {
    }

    private Store store() throws Exception {
        HikariDataSource pool = Database.pool(HubWritePath.storeUrl(Path.of("target", "resolved-ahead",
                UUID.randomUUID().toString())), "sa", "", 6, 10_000);
        pools.add(pool);
        Database.migrate(pool);
        CustomerStore customers = new CustomerStore(pool);
        return new Store(pool, customers, HubWritePath.profileUpdater(new GroupCommit(customers, 32, 1, 5)));
    }

    /** Each key's customer, named by the smallest key it holds: the partition of keys into customers. */
    private static Map<String, String> customersByKey(Store store) {
        Map<String, String> byKey = new TreeMap<>();
        for (int person = 0; person < 60; person++) {
            String key = "catalogue:" + String.format("%07d", 500 + person);
            store.customers.findByIdentifier("key", key).forEach(hubId -> byKey.put(key, store.customers.read(hubId)
                    .orElseThrow().identifiers().stream().filter(id -> id.kind().equals("key")).map(id -> id.idValue())
                    .sorted().findFirst().orElseThrow()));
        }
        return byKey;
    }

    private static long customerCount(Store store) throws SQLException {
        try (Connection connection = store.pool.getConnection();
             ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM customer WHERE merged_into IS NULL")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static List<Pending> pending(List<ChannelRecord> records) {
        return records.stream().map(record -> new Pending(record, HubWritePath.messageOf(record))).toList();
    }

    private static Party keyOnly(String key) {
        Party party = new Party();
        party.setSourceKey(key);
        return party;
    }
}
