package org.customerhub.store;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 20, on H2 only: the identity columns of the rows written for every record hand out numbers from a cache of
 * 10,000 instead of 32. H2 stores a sequence's next block in a commit of its own, and with WRITE_DELAY=0 each such
 * commit writes every page changed so far, the open transaction's included: a load's batch of 2,000 records was
 * written out again every 32 inserts, three quarters of its time in H2. PostgreSQL keeps its sequences as they are:
 * there each connection would cache a range of its own, and ids no longer follow the order of writes.
 */
final class H2IdentityCaches implements JavaMigration {
    private static final List<String> COLUMNS = List.of("attribute_value.id", "interaction.id", "merge_log.id",
            "change_event.seq");
    private static final int CACHE = 10_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("20");
    }

    @Override
    public String getDescription() {
        return "h2 identity caches";
    }

    @Override
    public Integer getChecksum() {
        return (String.join(",", COLUMNS) + CACHE).hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().equals("H2")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String column : COLUMNS) {
                String[] tableAndColumn = column.split("\\.");
                statement.execute("ALTER TABLE " + tableAndColumn[0] + " ALTER COLUMN " + tableAndColumn[1] + " SET CACHE " + CACHE);
            }
        }
    }
}
