package org.customerhub.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Random;

import org.customerhub.load.LoadMain;
import org.customerhub.store.PostgresServer;

/**
 * The load figure of bench/run: a generated customer master (FEBRL layout, config/load/customer-master.properties) and
 * an order log in the CDNOW layout (config/load/cdnow-orders.properties; the real CDNOW_master.txt when bench/run is
 * given --cdnow PATH), loaded by the load command into a fresh H2 store of the run's folder while no hub runs, or
 * into a fresh database of a PostgreSQL server.
 * Records per second over both files, from start to the end of the last commit.
 */
final class LoadBench {
    /** CDNOW's customers and its order count; its orders run from January 1997 to June 1998. */
    private static final int CDNOW_CUSTOMERS = 23_570;
    private static final int CDNOW_ORDERS = 69_659;
    private static final String[] GIVEN = {"sarah", "jacob", "emily", "liam", "chloe", "noah", "mia", "lucas", "grace", "oliver"};
    private static final String[] STREETS = {"street", "road", "avenue", "crescent", "place"};
    private static final String[] STATES = {"nsw", "vic", "qld", "wa", "sa"};

    /** Both files' load: the records, the wall time over both, the customers created, and each file's part. */
    record Result(long records, double seconds, long customers, Part master, Part orders) {
        double perSecond() {
            return records / seconds;
        }

        String cpu() {
            String cpu = String.format("load cpu: master %.2f ms/record (the writer's %.2f; %,d records, %.1f records/s),"
                            + " orders %.2f ms/record (the writer's %.2f; %,d records, %.1f records/s), both %.2f ms/record",
                    master.msPerRecord(), master.writerMsPerRecord(), master.records(), master.perSecond(),
                    orders.msPerRecord(), orders.writerMsPerRecord(), orders.records(), orders.perSecond(),
                    (master.cpuSeconds() + orders.cpuSeconds()) * 1000 / records);
            if (master.databaseCpuSeconds() + orders.databaseCpuSeconds() == 0) {
                return cpu;
            }
            return cpu + String.format("; the database server's: master %.2f ms/record, orders %.2f ms/record",
                    master.databaseMsPerRecord(), orders.databaseMsPerRecord());
        }
    }

    /**
     * One file's load; cpuSeconds: this JVM's CPU (the load's threads, its collector and compiler) over it;
     * writerCpuSeconds: the thread's that reads the files and applies the batches, the part no other thread can take
     * on, so the rate's bound on any number of cores; databaseCpuSeconds: a database server's processes' (0 for H2,
     * which runs in this JVM).
     */
    record Part(long records, double seconds, double cpuSeconds, double writerCpuSeconds, double databaseCpuSeconds) {
        double msPerRecord() {
            return cpuSeconds * 1000 / records;
        }

        double writerMsPerRecord() {
            return writerCpuSeconds * 1000 / records;
        }

        double databaseMsPerRecord() {
            return databaseCpuSeconds * 1000 / records;
        }

        double perSecond() {
            return records / seconds;
        }
    }

    private LoadBench() {
    }

    /**
     * quick: 5,000 orders of 2,000 customers and a master of 10,000; full: CDNOW's size and a master of 1,000,000;
     * customers, when given, is the master's size instead.
     */
    static Result run(Path folder, boolean quick, Optional<Path> cdnow, OptionalInt customers, long seed) throws Exception {
        return run(folder, quick, cdnow, customers, seed, new Properties(), () -> 0, List.of());
    }

    /**
     * As run, into a fresh database of a PostgreSQL server, whose processes' CPU is counted too; --alone, as a first
     * load before the hub goes live would run (no hub node writes meanwhile).
     */
    static Result run(Path folder, boolean quick, Optional<Path> cdnow, OptionalInt customers, long seed,
                      PostgresServer server) throws Exception {
        Properties store = new Properties();
        store.setProperty("hub.db.url", server.createDatabase("load"));
        store.setProperty("hub.db.user", PostgresServer.USER);
        store.setProperty("hub.db.password", "");
        return run(folder, quick, cdnow, customers, seed, store, () -> server.cpuNanos() / 1e9, List.of("--alone"));
    }

    private static Result run(Path folder, boolean quick, Optional<Path> cdnow, OptionalInt customers, long seed,
                              Properties store, DatabaseCpu database, List<String> options) throws Exception {
        // not the path createDirectories answers: it is absolute when it made the parents too, and the store's URL puts
        // ./ in front of the data folder
        Path files = folder.resolve("load");
        Files.createDirectories(files);
        int masterSize = customers.orElse(quick ? 10_000 : 1_000_000);
        Path master = writeMaster(files.resolve("master.csv"), masterSize);
        Path orders = cdnow.isPresent() ? cdnow.get()
                : writeOrders(files.resolve("orders.txt"), quick ? 5_000 : CDNOW_ORDERS, quick ? 2_000 : CDNOW_CUSTOMERS, seed);
        store.setProperty("hub.data-dir", files.resolve("data").toString());
        PrintStream progress = new PrintStream(Files.newOutputStream(files.resolve("load-progress.txt")), true);
        long start = System.nanoTime();
        double cpuAtStart = cpuSeconds();
        double writerAtStart = writerCpuSeconds();
        double databaseAtStart = database.seconds();
        var first = LoadMain.load(store, arguments(options, "config/load/customer-master.properties", master), progress);
        long between = System.nanoTime();
        double cpuBetween = cpuSeconds();
        double writerBetween = writerCpuSeconds();
        double databaseBetween = database.seconds();
        var second = LoadMain.load(store, arguments(options, "config/load/cdnow-orders.properties", orders), progress);
        long end = System.nanoTime();
        double cpuAtEnd = cpuSeconds();
        double writerAtEnd = writerCpuSeconds();
        double databaseAtEnd = database.seconds();
        long records = first.counts().read() + second.counts().read();
        return new Result(records, (end - start) / 1e9, first.counts().created() + second.counts().created(),
                new Part(first.counts().read(), (between - start) / 1e9, cpuBetween - cpuAtStart, writerBetween - writerAtStart,
                        databaseBetween - databaseAtStart),
                new Part(second.counts().read(), (end - between) / 1e9, cpuAtEnd - cpuBetween, writerAtEnd - writerBetween,
                        databaseAtEnd - databaseBetween));
    }

    private static String[] arguments(List<String> options, String mapping, Path file) {
        List<String> arguments = new ArrayList<>(List.of("--channel", "catalogue", "--mapping", mapping));
        arguments.addAll(options);
        arguments.add(file.toString());
        return arguments.toArray(String[]::new);
    }

    @FunctionalInterface
    private interface DatabaseCpu {
        double seconds() throws IOException;
    }

    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this system does not tell a process's CPU time"))
                .toNanos() / 1e9;
    }

    /** The CPU of this thread, which runs the load's reading and writing (LoadMain.load). */
    private static double writerCpuSeconds() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    static Path writeMaster(Path file, int customers) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\n");
            for (int n = 1; n <= customers; n++) {
                out.write(String.format("%07d, %s, %s, %d, %s %s, , %s, %04d, %s, 19%02d%02d%02d, %07d%n", n,
                        GIVEN[n % GIVEN.length], syllables(n, 4), 1 + n % 200, syllables(n / 7, 3), STREETS[n % STREETS.length],
                        syllables(n / 13, 2) + "ville", 2000 + n % 7000, STATES[n % STATES.length], 30 + n % 60,
                        1 + n % 12, 1 + n % 28, n));
            }
        }
        return file;
    }

    /** The CDNOW layout: customer id, yyyymmdd, number of CDs, dollar value; a header line. */
    static Path writeOrders(Path file, int orders, int customers, long seed) throws IOException {
        Random random = new Random(seed);
        LocalDate first = LocalDate.of(1997, 1, 1);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(" customer_id  date number_of_cds  dollar_value\n");
            for (int i = 0; i < orders; i++) {
                int units = 1 + random.nextInt(5);
                out.write(String.format(" %05d %s %2d %7.2f%n", 1 + random.nextInt(customers),
                        first.plusDays(random.nextInt(546)).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE),
                        units, units * (9.99 + random.nextInt(600) / 100.0)));
            }
        }
        return file;
    }

    /** Distinct made-up words, lower case as FEBRL writes names. */
    private static String syllables(int n, int count) {
        return CatalogueOrders.syllables(n, count).toLowerCase(java.util.Locale.ROOT);
    }
}
