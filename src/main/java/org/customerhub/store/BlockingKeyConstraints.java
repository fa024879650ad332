package org.customerhub.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The blocking keys' primary key and their foreign key to the customer, on PostgreSQL, which a load alone into an empty
 * store puts off and checks once at its end rather than key by key. A batch's keys land all over the primary key's index,
 * and the foreign key looks each key's customer up with a query of its own: the two were two thirds of the server's
 * time for a master of new customers (the COPY of 2,000,000 keys took 19.9 s with both, 13.3 s without the primary
 * key, 3.7 s without either, of 37 s at 200,000 customers; the primary key built from the same rows afterwards took
 * 1.8 s). While they are away nothing needs them: KeptBlockingKeys answers every search for the load's customers, the
 * load's other statements on the table go by customer (blocking_key_customer), and the load writes keys only for the
 * customers it writes first. A store left without them (a load killed meanwhile) gets them back the next time any
 * process migrates the store.
 */
public final class BlockingKeyConstraints {
    private static final String PRIMARY_KEY = "blocking_key_pkey";
    private static final String FOREIGN_KEY = "blocking_key_hub_id_fkey";

    private final DataSource pool;
    private volatile boolean putOff;

    private BlockingKeyConstraints(DataSource pool) {
        this.pool = pool;
    }

    /** For a PostgreSQL store; empty for any other. */
    public static Optional<BlockingKeyConstraints> of(HikariDataSource pool) {
        return pool.getJdbcUrl().startsWith("jdbc:postgresql:") ? Optional.of(new BlockingKeyConstraints(pool)) : Optional.empty();
    }

    /** Drops both until {@link #restore}. */
    public void putOff() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE blocking_key DROP CONSTRAINT IF EXISTS " + PRIMARY_KEY
                    + ", DROP CONSTRAINT IF EXISTS " + FOREIGN_KEY);
            putOff = true;
        } catch (SQLException e) {
            throw new IllegalStateException("putting the blocking keys' constraints off for the load failed", e);
        }
    }

    /** Adds both again if this put them off; answers whether it did. */
    public boolean restore() {
        if (!putOff) {
            return false;
        }
        try {
            restoreIfMissing(pool);
        } catch (SQLException e) {
            throw new IllegalStateException("adding the blocking keys' constraints again failed", e);
        }
        putOff = false;
        return true;
    }

    /** Adds whichever the store lacks; checked again under the table's lock, as two processes may start at once. */
    static void restoreIfMissing(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL") 
                    || exists(connection, PRIMARY_KEY) && exists(connection, FOREIGN_KEY)) {
                return;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE blocking_key IN SHARE ROW EXCLUSIVE MODE");
                if (!exists(connection, PRIMARY_KEY)) {
                    statement.execute("ALTER TABLE blocking_key ADD CONSTRAINT " + PRIMARY_KEY + " PRIMARY KEY (block_key, hub_id)");
                }
                if (!exists(connection, FOREIGN_KEY)) {
                    statement.execute("ALTER TABLE blocking_key ADD CONSTRAINT " + FOREIGN_KEY
                            + " FOREIGN KEY (hub_id) REFERENCES customer (hub_id)");
                }
                connection.commit();
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet answer = statement.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'blocking_key'::regclass AND conname = '" + name + "')")) {
            answer.next();
            return answer.getBoolean(1);
        }
    }
}
