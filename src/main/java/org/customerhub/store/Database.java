package org.customerhub.store;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** The store's connection pool and schema. A pool matters: without one, H2 reopens its file for every statement. */
public final class Database {
    private Database() {
    }

    public static HikariDataSource pool(String url, String user, String password, int size, long connectionTimeoutMillis) {
        return pool(url, user, password, size, connectionTimeoutMillis, null);
    }

    /** meterRegistry: a Micrometer registry for the pool's hikaricp_* figures, or null for none. */
    public static HikariDataSource pool(String url, String user, String password, int size, long connectionTimeoutMillis,
                                        Object meterRegistry) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setPoolName("customer-store");
        config.setAutoCommit(true);
        config.setConnectionTimeout(connectionTimeoutMillis);
        // fail fast at startup when the database is unreachable rather than on the first message
        config.setInitializationFailTimeout(10_000);
        if (meterRegistry != null) {
            config.setMetricRegistry(meterRegistry);
        }
        return new HikariDataSource(config);
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }
}
