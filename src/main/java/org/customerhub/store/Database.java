package org.customerhub.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** The store's connection pool and schema. A pool matters: without one, H2 reopens its file for every statement. */
public final class Database {
    /** H2's answer when another process has the database file open (its file lock). */
    private static final int H2_DATABASE_IN_USE = 90020;
    private static final Pattern H2_FILE = Pattern.compile("^jdbc:h2:(?:file:)?([^;:][^;]*)");
    /** The H2 files a hub node of this process uses: H2 lets every connection of one process share a file. */
    private static final Set<Path> H2_FILES_IN_USE = ConcurrentHashMap.newKeySet();

    private Database() {
    }

    public static HikariDataSource pool(String url, String user, String password, int size, long connectionTimeoutMillis) {
        return pool(url, user, password, size, connectionTimeoutMillis, null);
    }

    /** meterRegistry: a Micrometer registry for the pool's hikaricp_* figures, or null for none. */
    public static HikariDataSource pool(String url, String user, String password, int size, long connectionTimeoutMillis,
                                        Object meterRegistry) {
        return new HikariDataSource(config(url, user, password, size, connectionTimeoutMillis, meterRegistry));
    }

    /**
     * The pool of a hub node. An H2 file serves one node: H2 has no advisory locks, so the writers of two nodes could
     * not keep out of each other's way. A second node on the same file is refused, whether in this process or another
     * (H2's own file lock), with what to use instead. meterRegistry as for {@link #pool}.
     */
    public static HikariDataSource forNode(String url, String user, String password, int size, long connectionTimeoutMillis,
                                           Object meterRegistry) {
        Optional<Path> h2File = h2File(url);
        if (h2File.isEmpty()) {
            return pool(url, user, password, size, connectionTimeoutMillis, meterRegistry);
        }
        if (!H2_FILES_IN_USE.add(h2File.get())) {
            throw secondNode(h2File.get(), "another hub node in this process uses it", null);
        }
        try {
            return new HikariDataSource(config(url, user, password, size, connectionTimeoutMillis, meterRegistry)) {
                @Override
                public void close() {
                    super.close();
                    H2_FILES_IN_USE.remove(h2File.get());
                }
            };
        } catch (RuntimeException failure) {
            H2_FILES_IN_USE.remove(h2File.get());
            if (inUse(failure)) {
                throw secondNode(h2File.get(), "another process has it open", failure);
            }
            throw failure;
        }
    }

    /** Whether the URL is a PostgreSQL store's (any other is H2's). */
    public static boolean postgres(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Brings the schema up to date, and with the blocking keys' constraints should a load have left them off. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new H2IdentityCaches()).load().migrate();
        // after Flyway, as they were when a killed load dropped them: a migration changing either has to allow for that
        try {
            BlockingKeyConstraints.restoreIfMissing(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("adding the blocking keys' constraints a load left off failed", e);
        }
    }

    private static HikariConfig config(String url, String user, String password, int size, long connectionTimeoutMillis,
                                       Object meterRegistry) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setPoolName("customer-store");
        config.setAutoCommit(true);
        // every connection reads committed data: a transaction asking for it as Jdbi does asked the server the level
        // six times a transaction, round trips a load's resolvers waited for (26,335 in a load of 69,659 orders)
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(connectionTimeoutMillis);
        // fail fast at startup when the database is unreachable rather than on the first message
        config.setInitializationFailTimeout(10_000);
        if (meterRegistry != null) {
            config.setMetricRegistry(meterRegistry);
        }
        return config;
    }

    /**
     * Whether other processes may open this H2 store while one has it: H2's automatic server mode, or a server's URL.
     * A load neither compacts such a store nor reads it beside its batch (see LoadMain.resolvers).
     */
    public static boolean sharedH2(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        return upper.startsWith("JDBC:H2:") && (upper.contains("AUTO_SERVER=TRUE") || upper.startsWith("JDBC:H2:TCP:")
                || upper.startsWith("JDBC:H2:SSL:"));
    }

    /** The database file of an embedded H2 URL (file mode, the default mode of a path); empty for any other database. */
    static Optional<Path> h2File(String url) {
        Matcher file = H2_FILE.matcher(url);
        if (!file.find() || url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(file.group(1)).toAbsolutePath().normalize());
    }

    private static boolean inUse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return true;
            }
        }
        return false;
    }

    private static IllegalStateException secondNode(Path file, String why, Throwable cause) {
        return new IllegalStateException("The H2 store " + file + " is in use: " + why + ". An H2 store serves one hub"
                + " node, as H2 has no advisory locks to keep the writers of several nodes apart. Stop the other node, or"
                + " run several nodes on PostgreSQL, which they all share: hub.db.url = jdbc:postgresql://<host>:5432/<database>",
                cause);
    }
}
