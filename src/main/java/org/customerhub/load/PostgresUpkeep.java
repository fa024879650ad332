package org.customerhub.load;

import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.store.LoadRuns.Counts;
import org.customerhub.store.PostgresStatistics;

/**
 * A load's upkeep of a PostgreSQL store: after every batch the blocking keys it added are marked visible to all
 * (VACUUM), and after the first batch and each time the records it has applied have doubled the store is analysed: a
 * few times for any load (20 for a million records), so the planner's picture of the store is never more than half
 * its size out.
 */
final class PostgresUpkeep implements Loader.StoreUpkeep {
    private final PostgresStatistics store;
    private long recordsAtLast;

    private PostgresUpkeep(PostgresStatistics store) {
        this.store = store;
    }

    static Optional<Loader.StoreUpkeep> of(HikariDataSource dataSource) {
        return PostgresStatistics.of(dataSource).map(PostgresUpkeep::new);
    }

    @Override
    public void afterBatch(Progress progress, Counts counts) {
        store.markBlockingKeysVisible();
        if (counts.read() < 2 * recordsAtLast || counts.read() == 0) {
            return;
        }
        store.analyze();
        recordsAtLast = counts.read();
    }
}
