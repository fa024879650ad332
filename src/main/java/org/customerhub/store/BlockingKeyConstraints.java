package org.customerhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking keys' primary key and their foreign key to the customer, on PostgreSQL, which a load alone into an empty
 * store puts off and adds once at its end: key by key, the primary key's index took each batch's keys all over it and
 * the foreign key looked each key's customer up, most of the server's time for new customers (docs/load-history.md).
 * While they are off nothing needs them: KeptBlockingKeys answers every search for the load's customers, the load's
 * other statements on the table go by customer (blocking_key_customer), and it writes keys only for customers it wrote
 * and only once each. A store left without them (a load killed meanwhile) gets them back when it is next migrated.
 */
public final class BlockingKeyConstraints {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingKeyConstraints.class);
    private static final String PRIMARY_KEY = "blocking_key_pkey";
    private static final String FOREIGN_KEY = "blocking_key_hub_id_fkey";

    private final DataSource pool;
    private volatile boolean putOff;

    private BlockingKeyConstraints(DataSource pool) {
        this.pool = pool;
    }

    /** For a PostgreSQL store; empty for any other. */
    public static Optional<BlockingKeyConstraints> of(HikariDataSource pool) {
        return Database.postgres(pool.getJdbcUrl()) ? Optional.of(new BlockingKeyConstraints(pool)) : Optional.empty();
    }

    /** Drops both until {@link #restore}; for a load that holds the writers' key alone. */
    public void putOff() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE blocking_key DROP CONSTRAINT IF EXISTS " + PRIMARY_KEY
                    + ", DROP CONSTRAINT IF EXISTS " + FOREIGN_KEY);
            putOff = true;
        } catch (SQLException e) {
            throw new IllegalStateException("putting the blocking keys' constraints off for the load failed", e);
        }
    }

    /** Adds both again if this put them off, while the load still holds the writers' key; answers whether it added either. */
    public boolean restore() {
        if (!putOff) {
            return false;
        }
        try (Connection connection = pool.getConnection()) {
            boolean added = add(connection, false);
            putOff = false;
            return added;
        } catch (SQLException e) {
            throw new IllegalStateException("adding the blocking keys' constraints again failed", e);
        }
    }

    /**
     * Adds whichever a load killed while they were off left missing. Unless a load alone holds the store (it adds them at
     * its end), it takes the writers' key as a load's batch does: each writer takes the two tables in its own order,
     * and adding the constraints locks both.
     */
    static void restoreIfMissing(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
                    || exists(connection, PRIMARY_KEY) && exists(connection, FOREIGN_KEY)) {
                return;
            }
            if (add(connection, true)) {
                LOG.info("Added the blocking keys' constraints a load left off");
            }
        }
    }

    /** In a transaction of its own: whichever is missing, checked again under the table's lock. */
    private static boolean add(Connection connection, boolean takeWritersKey) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (takeWritersKey) {
                if (!answer(statement, "SELECT pg_try_advisory_xact_lock_shared(" + GroupCommit.HUB_WIDE + ")")) {
                    LOG.info("A load holds the store alone: it adds the blocking keys' constraints at its end");
                    connection.rollback();
                    return false;
                }
                statement.execute("SELECT pg_advisory_xact_lock(" + GroupCommit.HUB_WIDE + ")");
            }
            statement.execute("LOCK TABLE customer, blocking_key IN SHARE ROW EXCLUSIVE MODE");
            boolean added = false;
            if (!exists(connection, PRIMARY_KEY)) {
                if (takeWritersKey) {
                    // a writer may have raced a load that lost the writers' key: the same key twice for one customer
                    statement.execute("""
                            DELETE FROM blocking_key a USING blocking_key b
                            WHERE a.block_key = b.block_key AND a.hub_id = b.hub_id AND a.ctid < b.ctid""");
                }
                statement.execute("ALTER TABLE blocking_key ADD CONSTRAINT " + PRIMARY_KEY + " PRIMARY KEY (block_key, hub_id)");
                added = true;
            }
            if (!exists(connection, FOREIGN_KEY)) {
                statement.execute("ALTER TABLE blocking_key ADD CONSTRAINT " + FOREIGN_KEY
                        + " FOREIGN KEY (hub_id) REFERENCES customer (hub_id)");
                added = true;
            }
            connection.commit();
            return added;
        } catch (SQLException | RuntimeException failure) {
            connection.rollback();
            throw failure;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'blocking_key'::regclass AND conname = ?)")) {
            statement.setString(1, name);
            try (ResultSet answer = statement.executeQuery()) {
                answer.next();
                return answer.getBoolean(1);
            }
        }
    }

    private static boolean answer(Statement statement, String query) throws SQLException {
        try (ResultSet answer = statement.executeQuery(query)) {
            answer.next();
            return answer.getBoolean(1);
        }
    }
}
