package org.customerhub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.xml.datatype.DatatypeFactory;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionType;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.identity.AddressEvidence;
import org.customerhub.identity.BlockingKeys;
import org.customerhub.identity.EvidenceNormalizer;
import org.customerhub.identity.NameEvidence;
import org.customerhub.identity.Nicknames;
import org.customerhub.identity.PersonEvidence;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.Database;

/**
 * Puts customers straight into a stopped hub's store, in bulk: loading a million through the broker would take days.
 * Each seeded person is a catalogue or a web customer with one order, stored as identity resolution stores a
 * customer its first message creates: the channel key (and for the web the e-mail) as identifiers, name, phone,
 * address (and e-mail) as values with their normalised keys, the blocking keys from the hub's own BlockingKeys, and
 * the interaction as canonical XML. Not written: the archived message and its change event, which no lookup or
 * identity decision reads. The bench checks the result through the hub (new messages about seeded people link to
 * them), so a change to how the store keeps customers shows up as a failed check, not as quietly wrong figures.
 */
final class CustomerSeeder {
    private static final int BATCH = 10_000;
    /** H2's page cache while seeding, in KB: its default is too small for a million customers' indexes. */
    private static final String CACHE = ";CACHE_SIZE=262144";
    private static final String SEED_MESSAGE = "bench-seed";

    private final String url;
    private final EvidenceNormalizer normalizer;
    private final BlockingKeys blockingKeys;
    private final AttributeCodec codec = new AttributeCodec();
    private final String interactionTemplate;
    private final Random random = new Random(5);

    CustomerSeeder(String url) throws IOException {
        this.url = url;
        // the hub's own nickname table and phone region (HubConfiguration), so keys come out as the hub makes them
        this.normalizer = new EvidenceNormalizer(Nicknames.load(Path.of("config/identity/nicknames.csv")), "US");
        this.blockingKeys = new BlockingKeys(normalizer);
        Interaction order = new Interaction();
        order.setType(InteractionType.CATALOGUE_ORDER);
        order.setId("@ID@");
        order.setAt(DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar("2025-06-01T12:00:00Z"));
        order.setAmount(new java.math.BigDecimal("48.86"));
        order.setCurrency("USD");
        this.interactionTemplate = codec.toXml(order).replace("\"CATALOGUE_ORDER\"", "\"@TYPE@\"");
    }

    /** Adds seeded people from..to-1 (migrating a new store first) and compacts the store; returns the seconds it took. */
    double seed(int from, int to) throws SQLException {
        long started = System.nanoTime();
        // Flyway holds a connection of its own while it migrates through another
        try (HikariDataSource pool = Database.pool(url + CACHE, "sa", "", 2, 30_000)) {
            Database.migrate(pool);
            try (Connection db = pool.getConnection()) {
                db.setAutoCommit(false);
                List<String> setAside = setAsideUnorderedKeys(db);
                try (Rows rows = new Rows(db)) {
                    for (int n = from; n < to; n++) {
                        add(rows, People.person(n, People.SEEDED_KEY_BASE));
                        if ((n - from + 1) % BATCH == 0) {
                            rows.flush();
                            db.commit();
                        }
                    }
                    rows.flush();
                    db.commit();
                }
                try (Statement ddl = db.createStatement()) {
                    for (String create : setAside) {
                        ddl.execute(create);
                    }
                }
                db.commit();
            }
        }
        // H2 keeps superseded pages until compacted: a million customers left ten times the file they need
        try (Connection db = DriverManager.getConnection(url, "sa", ""); Statement shutdown = db.createStatement()) {
            shutdown.execute("SHUTDOWN COMPACT");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Sets aside the keys (primary, unique and plain indexes) of the seeded tables whose values seeded rows bring in
     * random order, and returns the statements that make them again, read from the store's catalogue so a migration's
     * change to them is kept. H2 writes every page a commit touched anew: batches of rows in random order rewrite such
     * an index at every commit (a million customers took over 40 minutes and left a file of 11 GB), while a key made
     * once the rows are in is built by sorting them. Keys led by hub_id or id grow at their end and stay.
     */
    private static List<String> setAsideUnorderedKeys(Connection db) throws SQLException {
        record Key(String table, String index, String constraint, String type, List<String> columns) {
        }
        Map<String, Key> keys = new LinkedHashMap<>();
        try (Statement catalogue = db.createStatement();
             ResultSet column = catalogue.executeQuery("""
                     SELECT i.TABLE_NAME, i.INDEX_NAME, i.INDEX_TYPE_NAME, c.CONSTRAINT_NAME, c.CONSTRAINT_TYPE, ic.COLUMN_NAME
                     FROM INFORMATION_SCHEMA.INDEXES i
                     JOIN INFORMATION_SCHEMA.INDEX_COLUMNS ic
                       ON ic.INDEX_SCHEMA = i.INDEX_SCHEMA AND ic.INDEX_NAME = i.INDEX_NAME
                     LEFT JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS c
                       ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME
                          AND c.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE')
                     WHERE i.INDEX_SCHEMA = 'PUBLIC'
                       AND i.TABLE_NAME IN ('IDENTIFIER', 'ATTRIBUTE_VALUE', 'BLOCKING_KEY', 'INTERACTION')
                     ORDER BY i.INDEX_NAME, ic.ORDINAL_POSITION""")) {
            while (column.next()) {
                String index = column.getString(2);
                Key key = keys.get(index);
                if (key == null) {
                    String constraint = column.getString(4);
                    key = new Key(column.getString(1), index, constraint,
                            constraint == null ? column.getString(3) : column.getString(5), new ArrayList<>());
                    keys.put(index, key);
                }
                key.columns().add(column.getString(6));
            }
        }
        List<String> creates = new ArrayList<>();
        try (Statement ddl = db.createStatement()) {
            for (Key key : keys.values()) {
                String leading = key.columns().get(0);
                if (leading.equals("HUB_ID") || leading.equals("ID")) {
                    continue;
                }
                String columns = String.join(", ", key.columns());
                if (key.constraint() == null) {
                    ddl.execute("DROP INDEX " + key.index());
                    creates.add("CREATE INDEX " + key.index() + " ON " + key.table() + " (" + columns + ")");
                } else {
                    ddl.execute("ALTER TABLE " + key.table() + " DROP CONSTRAINT " + key.constraint());
                    creates.add("ALTER TABLE " + key.table() + " ADD CONSTRAINT " + key.constraint() + " " + key.type()
                            + " (" + columns + ")");
                }
            }
        }
        db.commit();
        return creates;
    }

    /**
     * A version-4-shaped UUID like the hub's own, but ascending with the person's number: the store's indexes on hub_id
     * then grow at their end, as they do over months of ingest, instead of taking a million inserts at random pages.
     */
    private String hubId(int number) {
        long high = (0x5eedL << 48) | ((long) number << 16) | 0x4000L | (random.nextInt() & 0x0fff);
        long low = 0x8000_0000_0000_0000L | (random.nextLong() & 0x3fff_ffff_ffff_ffffL);
        return new UUID(high, low).toString();
    }

    /** The channel key a seeded person is found by: even numbers are catalogue customers, odd ones web customers. */
    static String key(Person person) {
        return person.number() % 2 == 0 ? "catalogue:" + person.catalogueAccount() : "web:" + person.webUser();
    }

    private void add(Rows rows, Person person) throws SQLException {
        boolean catalogue = person.number() % 2 == 0;
        String channel = catalogue ? "catalogue" : "web";
        String hubId = hubId(person.number());
        OffsetDateTime at = OffsetDateTime.of(2025, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC).plusSeconds(person.number());
        rows.customer(hubId, at);
        rows.identifier("key", key(person), hubId, channel, at);

        PersonName name = new PersonName();
        name.setGiven(catalogue ? Person.upper(person.given()) : person.given());
        name.setMiddle(catalogue && !person.middleInitial().isEmpty() ? person.middleInitial() : null);
        name.setFamily(catalogue ? Person.upper(person.family()) : person.family());
        rows.value(hubId, "name", "", normalizer.foldName(name.getGiven()) + "|" + normalizer.foldName(name.getMiddle()) + "|"
                + normalizer.foldName(name.getFamily()), codec.toJson(name), channel, at);

        String phone = catalogue ? person.phone10() : "+1" + person.phone10();
        rows.value(hubId, "phone", "", normalizer.phone10(phone).orElseThrow(), codec.toJson(phone), channel, at);

        PostalAddress address = new PostalAddress();
        address.setUse(catalogue ? "postal" : "shipping");
        address.setLine1(catalogue ? person.catalogueLine1() : person.spelledOutLine1());
        address.setCity(catalogue ? Person.upper(person.city()) : person.city());
        address.setRegion(person.region());
        address.setPostalCode(person.zip5() + "-" + person.zip4());
        address.setCountry("US");
        AddressEvidence addressEvidence = new AddressEvidence(address.getLine1(), null, address.getCity(), address.getRegion(),
                address.getPostalCode(), address.getCountry());
        String addressKey = normalizer.addressKey(addressEvidence)
                .map(k -> k.houseNumber() + "|" + k.street() + "|" + k.unit() + "|" + k.postcode()).orElseThrow();
        rows.value(hubId, "address", address.getUse(), addressKey, codec.toJson(address), channel, at);

        List<String> emails = List.of();
        if (!catalogue) {
            emails = List.of(person.email());
            rows.identifier("email", normalizer.emailKey(person.email()), hubId, channel, at);
            rows.value(hubId, "email", "", normalizer.emailKey(person.email()), codec.toJson(person.email()), channel, at);
        }
        PersonEvidence evidence = new PersonEvidence(List.of(new NameEvidence(name.getGiven(), name.getMiddle(),
                name.getFamily())), emails, List.of(phone), List.of(addressEvidence));
        for (String key : blockingKeys.of(evidence)) {
            rows.blockingKey(key, hubId);
        }
        InteractionType type = catalogue ? InteractionType.CATALOGUE_ORDER : InteractionType.WEB_ORDER;
        String orderId = "SEED-" + person.number();
        rows.interaction(hubId, channel, type.value(), orderId, at, interactionTemplate.replace("@TYPE@", type.value())
                .replace("@ID@", orderId));
    }

    /** The batched inserts, in the columns of the Flyway schema (src/main/resources/db/migration). */
    private static final class Rows implements AutoCloseable {
        private final PreparedStatement customers;
        private final PreparedStatement identifiers;
        private final PreparedStatement values;
        private final PreparedStatement blocking;
        private final PreparedStatement interactions;

        Rows(Connection db) throws SQLException {
            customers = db.prepareStatement("INSERT INTO customer (hub_id, created_at, updated_at) VALUES (?, ?, ?)");
            identifiers = db.prepareStatement(
                    "INSERT INTO identifier (kind, id_value, hub_id, channel, first_seen) VALUES (?, ?, ?, ?, ?)");
            values = db.prepareStatement("""
                    INSERT INTO attribute_value (hub_id, attribute, qualifier, value_key, value_json, channel, message_id,
                                                 effective_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
            blocking = db.prepareStatement("INSERT INTO blocking_key (block_key, hub_id) VALUES (?, ?)");
            interactions = db.prepareStatement("""
                    INSERT INTO interaction (hub_id, channel, type, source_id, reference, occurred_at, amount, currency,
                                             incident, detail_xml, message_id)
                    VALUES (?, ?, ?, ?, ?, ?, 48.86, 'USD', FALSE, ?, ?)""");
        }

        void customer(String hubId, OffsetDateTime at) throws SQLException {
            add(customers, hubId, at, at);
        }

        void identifier(String kind, String value, String hubId, String channel, OffsetDateTime at) throws SQLException {
            add(identifiers, kind, value, hubId, channel, at);
        }

        void value(String hubId, String attribute, String qualifier, String key, String json, String channel,
                   OffsetDateTime at) throws SQLException {
            add(values, hubId, attribute, qualifier, key, json, channel, SEED_MESSAGE, at);
        }

        void blockingKey(String key, String hubId) throws SQLException {
            add(blocking, key, hubId);
        }

        void interaction(String hubId, String channel, String type, String id, OffsetDateTime at, String xml)
                throws SQLException {
            add(interactions, hubId, channel, type, id, id, at, xml, SEED_MESSAGE);
        }

        private static void add(PreparedStatement insert, Object... columns) throws SQLException {
            for (int i = 0; i < columns.length; i++) {
                insert.setObject(i + 1, columns[i]);
            }
            insert.addBatch();
        }

        /** Customers first: every other row refers to one. */
        void flush() throws SQLException {
            customers.executeBatch();
            identifiers.executeBatch();
            values.executeBatch();
            blocking.executeBatch();
            interactions.executeBatch();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : List.of(customers, identifiers, values, blocking, interactions)) {
                statement.close();
            }
        }
    }
}
