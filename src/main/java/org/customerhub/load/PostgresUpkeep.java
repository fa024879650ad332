package org.customerhub.load;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.store.LoadRuns.Counts;
import org.customerhub.store.PostgresStatistics;

/**
 * A load's upkeep of a PostgreSQL store: after every batch the blocking keys it added are marked visible to all
 * (VACUUM), unless no search reads them from the store (a load alone into an empty store keeps every customer's in
 * memory, see KeptBlockingKeys), and each table that has doubled since it was last analysed is analysed again: a few times for any
 * load (20 for a million records into an empty store), so the planner's picture of a table is never more than half
 * its size out.
 */
final class PostgresUpkeep implements Loader.StoreUpkeep {
    private final PostgresStatistics store;
    private final BooleanSupplier keysSearched;

    private PostgresUpkeep(PostgresStatistics store, BooleanSupplier keysSearched) {
        this.store = store;
        this.keysSearched = keysSearched;
    }

    static Optional<Loader.StoreUpkeep> of(HikariDataSource dataSource, BooleanSupplier keysSearched) {
        return PostgresStatistics.of(dataSource).map(statistics -> new PostgresUpkeep(statistics, keysSearched));
    }

    @Override
    public void afterBatch(Progress progress, Counts counts) {
        if (keysSearched.getAsBoolean()) {
            store.markBlockingKeysVisible();
        }
        store.analyzeGrown();
    }
}
