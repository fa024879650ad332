package org.customerhub.store;

import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A private PostgreSQL server for a test class (a static extension field): started before its tests, stopped after. */
public final class PostgresServerExtension implements BeforeAllCallback, AfterAllCallback {
    private PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }

    public PostgresServer server() {
        return server;
    }

    /**
     * Runs a test's body on a store of the database named: "h2", the fresh H2 store given, or "postgres", a fresh
     * migrated database of its own on this server.
     */
    public void onStore(String database, DataSource h2, Consumer<DataSource> test) throws SQLException {
        if (database.equals("h2")) {
            test.accept(h2);
            return;
        }
        try (HikariDataSource pool = Database.pool(server.createDatabase("store_" + UUID.randomUUID().toString()
                .replace("-", "")), PostgresServer.USER, "", 2, 10_000)) {
            Database.migrate(pool);
            test.accept(pool);
        }
    }
}
