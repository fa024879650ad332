package org.customerhub.load;

import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.store.LoadRuns.Counts;
import org.customerhub.store.PostgresStatistics;

/**
 * A load's upkeep of a PostgreSQL store: after every batch the blocking keys it added are marked visible to all
 * (VACUUM), and each table that has doubled since it was last analysed is analysed again: a few times for any
 * load (20 for a million records into an empty store), so the planner's picture of a table is never more than half
 * its size out.
 */
final class PostgresUpkeep implements Loader.StoreUpkeep {
    private final PostgresStatistics store;

    private PostgresUpkeep(PostgresStatistics store) {
        this.store = store;
    }

    static Optional<Loader.StoreUpkeep> of(HikariDataSource dataSource) {
        return PostgresStatistics.of(dataSource).map(PostgresUpkeep::new);
    }

    @Override
    public void afterBatch(Progress progress, Counts counts) {
        store.markBlockingKeysVisible();
        store.analyzeGrown();
    }
}
