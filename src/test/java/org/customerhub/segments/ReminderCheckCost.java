package org.customerhub.segments;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import javax.xml.datatype.DatatypeFactory;

import org.customerhub.TestHub;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionLine;
import org.customerhub.canonical.InteractionType;
import org.customerhub.store.AttributeCodec;

/**
 * The CPU of one reminder check on a large store (README: Replenishment reminders): a real hub with its checks off,
 * a store of CUSTOMERS customers who each bought one of 200 SKUs three times 30 days apart, the last in the past 20
 * days, put straight into its H2 store; then the first check after that load, and rounds of a few new purchases each
 * followed by a check, each check's CPU counted on the thread that runs it (the store is embedded: its SQL runs on the
 * caller's thread).
 * Run by bench/reminders [customers [rounds [new purchases a round]]].
 */
public final class ReminderCheckCost {
    private static final int SKUS = 200;
    private static final int BATCH = 10_000;
    private static final AttributeCodec CODEC = new AttributeCodec();

    private ReminderCheckCost() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Properties settings = new Properties();
        settings.setProperty("hub.reminders.check-seconds", "0");
        TestHub hub = TestHub.isolated(settings);
        try {
            Reminders reminders = hub.context().getRegistry().lookupByNameAndType("reminders", Reminders.class);
            String url = "jdbc:h2:file:./" + hub.dataDir() + "/db/customerhub";
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Random random = new Random(17);
            long seedStart = System.nanoTime();
            try (Connection db = DriverManager.getConnection(url, "sa", "")) {
                seed(db, customers, now, random);
            }
            System.out.printf("seeded %,d customers, %,d purchases in %.0f s%n", customers, customers * 3,
                    (System.nanoTime() - seedStart) / 1e9);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            System.out.printf("first check after the load: %.0f ms CPU%n", cpuMs(threads, reminders));
            List<Double> steady = new ArrayList<>();
            try (Connection db = DriverManager.getConnection(url, "sa", "")) {
                for (int round = 0; round < rounds; round++) {
                    buy(db, customers, perRound, round, now, random);
                    steady.add(cpuMs(threads, reminders));
                }
                System.out.printf("reminders planned: %,d, digest %s%n", count(db, "SELECT COUNT(*) FROM reminder"),
                        digest(db, now));
            }
            steady.sort(Comparator.naturalOrder());
            System.out.printf("check after %d new purchases, %d rounds: median %.1f ms CPU, min %.1f, max %.1f%n",
                    perRound, rounds, steady.get(steady.size() / 2), steady.get(0), steady.get(steady.size() - 1));
            System.out.printf("idle check: %.1f ms CPU%n", cpuMs(threads, reminders));
        } finally {
            hub.stop();
            try (Stream<Path> files = Files.walk(hub.dataDir())) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        System.exit(0);
    }

    private static double cpuMs(ThreadMXBean threads, Reminders reminders) {
        long start = threads.getCurrentThreadCpuTime();
        reminders.check();
        return (threads.getCurrentThreadCpuTime() - start) / 1e6;
    }

    private static void seed(Connection db, int customers, Instant now, Random random) throws Exception {
        db.setAutoCommit(false);
        try (PreparedStatement customer = db.prepareStatement("INSERT INTO customer (hub_id, created_at, updated_at) VALUES (?, ?, ?)");
             PreparedStatement interaction = interactionInsert(db)) {
            for (int n = 0; n < customers; n++) {
                String hubId = hubId(n);
                customer.setString(1, hubId);
                customer.setObject(2, now.atOffset(ZoneOffset.UTC));
                customer.setObject(3, now.atOffset(ZoneOffset.UTC));
                customer.addBatch();
                String sku = sku(random.nextInt(SKUS));
                Instant last = now.minus(Duration.ofMinutes(random.nextInt(20 * 24 * 60) + 60));
                for (int order = 0; order < 3; order++) {
                    addOrder(interaction, hubId, "s" + n + "-" + order, sku, last.minus(Duration.ofDays(30L * (2 - order))));
                }
                if ((n + 1) % BATCH == 0 || n == customers - 1) {
                    customer.executeBatch();
                    interaction.executeBatch();
                    db.commit();
                }
            }
        }
        db.setAutoCommit(true);
    }

    /** perRound customers buy their SKU again an hour ago, stored as the ingest of their orders stores it. */
    private static void buy(Connection db, int customers, int perRound, int round, Instant now, Random random)
            throws Exception {
        try (PreparedStatement interaction = interactionInsert(db);
             PreparedStatement sku = db.prepareStatement("SELECT detail_xml FROM interaction WHERE hub_id = ? LIMIT 1")) {
            for (int i = 0; i < perRound; i++) {
                String hubId = hubId(random.nextInt(customers));
                sku.setString(1, hubId);
                String skuOf;
                try (ResultSet row = sku.executeQuery()) {
                    row.next();
                    skuOf = CODEC.interactionFromXml(row.getString(1)).getLine().get(0).getSku();
                }
                addOrder(interaction, hubId, "r" + round + "-" + i, skuOf, now.minus(Duration.ofHours(1)));
                interaction.executeBatch();
            }
        }
    }

    private static PreparedStatement interactionInsert(Connection db) throws SQLException {
        return db.prepareStatement("""
                INSERT INTO interaction (hub_id, channel, type, source_id, reference, occurred_at, amount, currency, cost,
                                         margin, incident, detail_xml, message_id)
                VALUES (?, 'web', 'WEB_ORDER', ?, ?, ?, 24.99, 'USD', 14.10, 10.89, FALSE, ?, 'cost-seed')""");
    }

    private static void addOrder(PreparedStatement insert, String hubId, String orderId, String sku, Instant at)
            throws Exception {
        insert.setString(1, hubId);
        insert.setString(2, orderId);
        insert.setString(3, orderId);
        insert.setObject(4, at.atOffset(ZoneOffset.UTC));
        insert.setString(5, orderXml(orderId, sku, at));
        insert.addBatch();
    }

    private static String orderXml(String orderId, String sku, Instant at) throws Exception {
        Interaction order = new Interaction();
        order.setType(InteractionType.WEB_ORDER);
        order.setId(orderId);
        order.setAt(DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(at.toString()));
        order.setAmount(new BigDecimal("24.99"));
        order.setCurrency("USD");
        InteractionLine line = new InteractionLine();
        line.setSku(sku);
        line.setQuantity(1);
        line.setUnitPrice(new BigDecimal("24.99"));
        order.getLine().add(line);
        return CODEC.toXml(order);
    }

    private static String hubId(int n) {
        return String.format("cost-%09d", n);
    }

    private static String sku(int n) {
        return String.valueOf(500_000 + n);
    }

    /**
     * The reminders planned, each as its customer, SKU, source and times counted in minutes from the run's start, so
     * two runs of the same seed compare whatever version planned them.
     */
    private static String digest(Connection db, Instant now) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Statement query = db.createStatement(); ResultSet rows = query.executeQuery("""
                SELECT hub_id, sku, source, basis_at, expected_at, due_at, state FROM reminder
                ORDER BY hub_id, sku, source, basis_at""")) {
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= 7; column++) {
                    Object value = rows.getObject(column);
                    row.append(value instanceof OffsetDateTime at ? Duration.between(now, at.toInstant()).toMinutes() : value)
                            .append('|');
                }
                sha.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement query = db.createStatement(); ResultSet rows = query.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
