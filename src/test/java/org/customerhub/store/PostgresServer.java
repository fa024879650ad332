package org.customerhub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.customerhub.TestHub;

/**
 * A private PostgreSQL server for a test: a fresh cluster (initdb) in a temporary folder, started on a free loopback
 * port and removed when closed. It uses the machine's PostgreSQL programs (Debian's postgresql package, which .ci/run
 * installs; POSTGRES_BIN names another folder of them). PostgreSQL refuses to run as root, so under root the server
 * runs as the package's postgres user.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "hub";
    private static final String SERVICE_USER = "postgres";

    private final Path bin;
    private final Path folder;
    private final Path cluster;
    private final int port;

    private PostgresServer(Path bin, Path folder, int port) {
        this.bin = bin;
        this.folder = folder;
        this.cluster = folder.resolve("cluster");
        this.port = port;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = programs().orElseThrow(() -> new IllegalStateException(
                "the PostgreSQL store test needs PostgreSQL's initdb and pg_ctl: apt-get install postgresql"
                        + " (or set POSTGRES_BIN to the folder that holds them)"));
        Path folder = Files.createTempDirectory("hub-postgres");
        if (runningAsRoot()) {
            UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(folder, users.lookupPrincipalByName(SERVICE_USER));
        }
        PostgresServer server = new PostgresServer(bin, folder, TestHub.freePort());
        server.run("initdb", "-D", server.cluster.toString(), "-U", USER, "--auth=trust", "--encoding=UTF8", "--no-locale");
        server.startAgain();
        return server;
    }

    /** Stops the server as an outage does: {@code pg_ctl stop -m fast} ends every session and rolls back what is open. */
    public void stop() throws IOException, InterruptedException {
        run("pg_ctl", "-D", cluster.toString(), "-m", "fast", "-w", "stop");
    }

    /** Starts the stopped server on its data and port. */
    public void startAgain() throws IOException, InterruptedException {
        run("pg_ctl", "-D", cluster.toString(), "-l", folder.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1", "start");
    }

    /** Makes an empty database and returns its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
             Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /**
     * CPU the server's processes have used so far, in nanoseconds: the postmaster's own and its ended children's, and
     * each running child's (backends, WAL writer, checkpointer), from /proc, so a benchmark can count the database's
     * CPU beside its own.
     */
    public long cpuNanos() throws IOException {
        String postmaster = Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).trim();
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                List<String> fields;
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    // after the command's closing parenthesis: state, ppid, ... utime (14th field), stime, cutime, cstime
                    fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                } catch (IOException ended) {
                    continue;
                }
                String pid = process.getFileName().toString();
                if (pid.equals(postmaster)) {
                    ticks += Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12))
                            + Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14));
                } else if (fields.get(1).equals(postmaster)) {
                    ticks += Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
                }
            }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private void run(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("hub-postgres-" + program, ".log");
        try {
            // in the server's folder: the postgres user may not enter the project's
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(output));
            }
        } finally {
            Files.delete(output);
        }
    }

    private static Optional<Path> programs() throws IOException {
        String named = System.getenv("POSTGRES_BIN");
        if (named != null) {
            return Optional.of(Path.of(named)).filter(PostgresServer::hasPrograms);
        }
        Path installed = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(installed)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(installed)) {
            return versions.map(version -> version.resolve("bin")).filter(PostgresServer::hasPrograms)
                    .max(Comparator.comparing(PostgresServer::majorVersion));
        }
    }

    private static int majorVersion(Path bin) {
        String version = bin.getParent().getFileName().toString();
        return version.matches("\\d+") ? Integer.parseInt(version) : 0;
    }

    private static boolean hasPrograms(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
