package org.customerhub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import org.customerhub.store.TimeOrderedIds;

/**
 * bench/load-floor [--customers 200000] [--records 30000]: what a load cannot go below on this machine whatever its
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--records" -> records = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("bench/load-floor [--customers N] [--records N]; unknown " + args[i]);
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
        System.out.println("h2 rows (a customer and its " + KEYS_A_CUSTOMER + " blocking keys, " + CUSTOMERS_A_COMMIT
                + " customers a commit): " + String.join(", ", rowCosts(folder.resolve("rows"), customers)));
    }

    /** CPU of this thread a row, in µs, for each quarter of the customers inserted. */
    private static List<String> rowCosts(Path dataDir, int customers) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> costs = new ArrayList<>();
        Random random = new Random(1);
        try (HikariDataSource pool = Database.pool(MappingCost.storeUrl(dataDir), "sa", "", 2, 30_000)) {
            Database.migrate(pool);
            try (Connection connection = pool.getConnection();
                 PreparedStatement customer = connection.prepareStatement(
                         "INSERT INTO customer (hub_id, created_at, updated_at) VALUES (?, ?, ?)");
                 PreparedStatement keys = connection.prepareStatement("INSERT INTO blocking_key (block_key, hub_id) VALUES "
                         + String.join(", ", Collections.nCopies(KEYS_A_CUSTOMER, "(?, ?)")))) {
                connection.setAutoCommit(false);
                Timestamp now = new Timestamp(System.currentTimeMillis());
                int step = customers / STEPS;
                long cpuAtStep = threads.getCurrentThreadCpuTime();
                for (int n = 1; n <= customers; n++) {
                    String hubId = TimeOrderedIds.next();
                    customer.setString(1, hubId);
                    customer.setTimestamp(2, now);
                    customer.setTimestamp(3, now);
                    customer.executeUpdate();
                    for (int k = 0; k < KEYS_A_CUSTOMER; k++) {
                        // spread over the store as a master's keys are: a block a few customers share
                        keys.setString(2 * k + 1, "key" + k + ":" + Integer.toString(random.nextInt(customers), 36));
                        keys.setString(2 * k + 2, hubId);
                    }
                    keys.executeUpdate();
                    if (n % CUSTOMERS_A_COMMIT == 0 || n == customers) {
                        connection.commit();
                    }
                    if (n % step == 0) {
                        long cpu = threads.getCurrentThreadCpuTime();
                        costs.add(String.format("%.1f µs a row for customers %,d to %,d", (cpu - cpuAtStep) / 1e3
                                / step / (1 + KEYS_A_CUSTOMER), n - step, n));
                        cpuAtStep = cpu;
                    }
                }
            }
        }
        return costs;
    }
}
