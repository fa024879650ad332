package org.customerhub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.load.MappingCost;
import org.customerhub.store.Database;
import org.customerhub.store.PostgresServer;
import org.customerhub.store.TimeOrderedIds;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * bench/load-floor [--customers 200000] [--records 30000] [--postgres]: what a load cannot go below on this machine whatever its
 * write path: checking and mapping a record on one warm thread (the load's own steps, as it runs them), and H2 storing
 * the rows of a new customer (the customer and its 10 blocking keys, by plain JDBC with the hub's store settings,
 * 2,000 customers a commit) as the store grows. README, Load history, has what they mean for the load's target.
 */
final class LoadFloor {
    private static final int KEYS_A_CUSTOMER = 10;
    private static final int CUSTOMERS_A_COMMIT = 2_000;
    private static final int STEPS = 4;

    private LoadFloor() {
    }

    public static void main(String[] args) throws Exception {
        int customers = 200_000;
        int records = 30_000;
        boolean postgres = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--postgres" -> postgres = true;
                default -> throw new IllegalArgumentException("bench/load-floor [--customers N] [--records N] [--postgres]; unknown " + args[i]);
            }
        }
        Path folder = Path.of("target", "bench", "load-floor-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        Path master = LoadBench.writeMaster(folder.resolve("master.csv"), records);
        Path orders = LoadBench.writeOrders(folder.resolve("orders.txt"), records, records / 3, 1);
        double masterMs = MappingCost.msPerRecord(folder.resolve("mapping"), "catalogue",
                Path.of("config/load/customer-master.properties"), master, records / 2);
        double ordersMs = MappingCost.msPerRecord(folder.resolve("mapping"), "catalogue",
                Path.of("config/load/cdnow-orders.properties"), orders, records / 2);
        System.out.printf("mapping: %.3f ms of CPU a master row, %.3f ms an order (one thread, %,d records each after %,d of"
                + " warm-up)%n", masterMs, ordersMs, records - records / 2, records / 2);
        String rows = " (a customer and its " + KEYS_A_CUSTOMER + " blocking keys, " + CUSTOMERS_A_COMMIT + " customers a commit): ";
        try (HikariDataSource pool = Database.pool(MappingCost.storeUrl(folder.resolve("rows")), "sa", "", 2, 30_000)) {
            System.out.println("h2 rows" + rows + String.join(", ", rowCosts(pool, customers, () -> 0L, Inserts::new)));
        }
        if (postgres) {
            try (PostgresServer server = PostgresServer.start()) {
                for (String way : List.of("inserts", "copy")) {
                    try (HikariDataSource pool = Database.pool(server.createDatabase("floor_" + way), PostgresServer.USER,
                            "", 2, 30_000)) {
                        System.out.println("postgresql rows by " + way + ", this thread and the server's processes" + rows
                                + String.join(", ", rowCosts(pool, customers, server::cpuNanos,
                                        way.equals("copy") ? Copies::new : Inserts::new)));
                    }
                }
            }
        }
    }

    /**
     * CPU a row, in µs, for each quarter of the customers written: this thread's, and the database server's when it
     * runs as processes of its own.
     */
    private static List<String> rowCosts(HikariDataSource pool, int customers, CpuClock serverCpu, RowWriting writing)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> costs = new ArrayList<>();
        Random random = new Random(1);
        Database.migrate(pool);
        try (Connection connection = pool.getConnection(); RowWriter writer = writing.open(connection)) {
            connection.setAutoCommit(false);
            Timestamp now = new Timestamp(System.currentTimeMillis());
            int step = customers / STEPS;
            long cpuAtStep = threads.getCurrentThreadCpuTime() + serverCpu.nanos();
            for (int n = 1; n <= customers; n++) {
                List<String> keys = new ArrayList<>(KEYS_A_CUSTOMER);
                for (int k = 0; k < KEYS_A_CUSTOMER; k++) {
                    // spread over the store as a master's keys are: a block a few customers share
                    keys.add("key" + k + ":" + Integer.toString(random.nextInt(customers), 36));
                }
                writer.add(TimeOrderedIds.next(), now, keys);
                if (n % CUSTOMERS_A_COMMIT == 0 || n == customers) {
                    writer.flush();
                    connection.commit();
                }
                if (n % step == 0) {
                    long cpu = threads.getCurrentThreadCpuTime() + serverCpu.nanos();
                    costs.add(String.format("%.1f µs a row for customers %,d to %,d", (cpu - cpuAtStep) / 1e3
                            / step / (1 + KEYS_A_CUSTOMER), n - step, n));
                    cpuAtStep = cpu;
                }
            }
        }
        return costs;
    }

    @FunctionalInterface
    private interface CpuClock {
        long nanos() throws Exception;
    }

    @FunctionalInterface
    private interface RowWriting {
        RowWriter open(Connection connection) throws SQLException;
    }

    /** Writes a customer and its blocking keys as a load's batch would, flushing before each commit. */
    private interface RowWriter extends AutoCloseable {
        void add(String hubId, Timestamp now, List<String> keys) throws SQLException;

        void flush() throws SQLException, IOException;

        @Override
        void close() throws SQLException;
    }

    /** Two statements a customer, as the message path and the load write a new customer's rows. */
    private static final class Inserts implements RowWriter {
        private final PreparedStatement customer;
        private final PreparedStatement keys;

        Inserts(Connection connection) throws SQLException {
            customer = connection.prepareStatement("INSERT INTO customer (hub_id, created_at, updated_at) VALUES (?, ?, ?)");
            keys = connection.prepareStatement("INSERT INTO blocking_key (block_key, hub_id) VALUES "
                    + String.join(", ", Collections.nCopies(KEYS_A_CUSTOMER, "(?, ?)")));
        }

        @Override
        public void add(String hubId, Timestamp now, List<String> blockKeys) throws SQLException {
            customer.setString(1, hubId);
            customer.setTimestamp(2, now);
            customer.setTimestamp(3, now);
            customer.executeUpdate();
            for (int k = 0; k < KEYS_A_CUSTOMER; k++) {
                keys.setString(2 * k + 1, blockKeys.get(k));
                keys.setString(2 * k + 2, hubId);
            }
            keys.executeUpdate();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() throws SQLException {
            customer.close();
            keys.close();
        }
    }

    /** PostgreSQL's COPY: a commit's customers, then their keys, each as one stream of text rows. */
    private static final class Copies implements RowWriter {
        private final CopyManager copy;
        private final StringBuilder customers = new StringBuilder();
        private final StringBuilder keys = new StringBuilder();

        Copies(Connection connection) throws SQLException {
            copy = new CopyManager(connection.unwrap(BaseConnection.class));
        }

        @Override
        public void add(String hubId, Timestamp now, List<String> blockKeys) {
            String at = now.toInstant().toString();
            customers.append(hubId).append('\t').append(at).append('\t').append(at).append('\n');
            for (String key : blockKeys) {
                keys.append(key).append('\t').append(hubId).append('\n');
            }
        }

        @Override
        public void flush() throws SQLException, IOException {
            copy.copyIn("COPY customer (hub_id, created_at, updated_at) FROM STDIN", new StringReader(customers.toString()));
            copy.copyIn("COPY blocking_key (block_key, hub_id) FROM STDIN", new StringReader(keys.toString()));
            customers.setLength(0);
            keys.setLength(0);
        }

        @Override
        public void close() {
        }
    }
}
