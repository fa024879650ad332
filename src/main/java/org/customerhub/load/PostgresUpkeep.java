package org.customerhub.load;

import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.store.LoadRuns.Counts;
import org.customerhub.store.PostgresStatistics;

/**
 * A load on PostgreSQL analyses the store after its first batch and again each time the records it has applied have
 * doubled: a few times for any load (20 for a million records), and the planner's picture of the store is never
 * more than half its size out.
 */
final class AnalyzeOnGrowth implements Loader.StoreUpkeep {
    private final PostgresStatistics store;
    private long recordsAtLast;

    private AnalyzeOnGrowth(PostgresStatistics store) {
        this.store = store;
    }

    static Optional<Loader.StoreUpkeep> of(HikariDataSource dataSource) {
        return PostgresStatistics.of(dataSource).map(AnalyzeOnGrowth::new);
    }

    @Override
    public void afterBatch(Progress progress, Counts counts) {
        if (counts.read() < 2 * recordsAtLast || counts.read() == 0) {
            return;
        }
        store.analyze();
        recordsAtLast = counts.read();
    }
}
