package org.customerhub.load;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.store.BlockingKeyConstraints;
import org.customerhub.store.LoadRuns.Counts;
import org.customerhub.store.PostgresStatistics;

/**
 * A load's upkeep of a PostgreSQL store: after every batch the blocking keys it added are marked visible to all
 * (VACUUM), unless no search reads them from the store (a load alone into an empty store keeps every customer's in
 * memory, see KeptBlockingKeys; once it keeps no more, their constraints put off are added first), and each table that has doubled since it was last analysed is analysed again: a few times for any
 * load (20 for a million records into an empty store), so the planner's picture of a table is never more than half
 * its size out.
 */
final class PostgresUpkeep implements Loader.StoreUpkeep {
    private final PostgresStatistics store;
    private final BooleanSupplier keysSearched;
    private final Optional<BlockingKeyConstraints> keyConstraints;

    private PostgresUpkeep(PostgresStatistics store, BooleanSupplier keysSearched,
                           Optional<BlockingKeyConstraints> keyConstraints) {
        this.store = store;
        this.keysSearched = keysSearched;
        this.keyConstraints = keyConstraints;
    }

    static Optional<Loader.StoreUpkeep> of(HikariDataSource dataSource, BooleanSupplier keysSearched,
                                           Optional<BlockingKeyConstraints> keyConstraints) {
        return PostgresStatistics.of(dataSource).map(statistics -> new PostgresUpkeep(statistics, keysSearched, keyConstraints));
    }

    @Override
    public void afterBatch(Progress progress, Counts counts) {
        if (keysSearched.getAsBoolean()) {
            if (keyConstraints.map(BlockingKeyConstraints::restore).orElse(false)) {
                progress.say("added the blocking keys' constraints put off for the load: more customers than hub.load.kept-customers");
            }
            store.markBlockingKeysVisible();
        }
        store.analyzeGrown();
    }
}
