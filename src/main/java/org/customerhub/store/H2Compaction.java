package org.customerhub.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Gives back the space an H2 store's file holds beyond its live data, for a writer that has the store alone (a load
 * while the hub is stopped). H2 writes changed pages to new places and with {@code WRITE_DELAY=0} runs no background
 * writer to compact the old ones away, so a long run of random inserts grows the file far past its live data.
 * {@code SHUTDOWN COMPACT} copies the live pages to a new file and swaps it in, then the pool's connections are renewed:
 * the next statement opens the compacted store.
 */
public final class H2Compaction {
    private static final String FILE_SUFFIX = ".mv.db";
    private final HikariDataSource pool;
    private final Path file;

    private H2Compaction(HikariDataSource pool, Path file) {
        this.pool = pool;
        this.file = file;
    }

    /**
     * For an embedded H2 file store; empty for any other database (PostgreSQL keeps its own files in shape) and for an
     * H2 file that other processes may share through H2's automatic server mode: a shutdown would close it under them.
     */
    public static Optional<H2Compaction> of(HikariDataSource pool) {
        if (Database.sharedH2(pool.getJdbcUrl())) {
            return Optional.empty();
        }
        return Database.h2File(pool.getJdbcUrl())
                .map(base -> new H2Compaction(pool, base.resolveSibling(base.getFileName() + FILE_SUFFIX)));
    }

    /** The store file's size now. */
    public long fileBytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }

    /** Compacts the file; no connection of the pool may be in use. Answers the file's size afterwards. */
    public long compact() {
        try {
            Connection connection = pool.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            } finally {
                // closed by the shutdown: handing it back would fail
                pool.evictConnection(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("compacting " + file + " failed: " + e.getMessage(), e);
        }
        // every other pooled connection belonged to the database just closed
        pool.getHikariPoolMXBean().softEvictConnections();
        return fileBytes();
    }
}
