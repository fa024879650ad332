package org.customerhub.load;

import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.store.H2Compaction;
import org.customerhub.store.LoadRuns.Counts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load on an H2 store compacts its file whenever it has grown by hub.load.compact-mb since the load began or last
 * compacted it: a load inserts into every index in random order, and H2 would otherwise keep most of what it writes
 * (about 100 KB of file a record at a million customers), far past the store's live data and the disk it has.
 */
final class CompactOnGrowth implements Loader.StoreUpkeep {
    private static final Logger LOG = LoggerFactory.getLogger(CompactOnGrowth.class);
    private static final double MB = 1024 * 1024;
    private final H2Compaction store;
    private final long growthBytes;
    private long sizeAfterLast;

    private CompactOnGrowth(H2Compaction store, long growthBytes) {
        this.store = store;
        this.growthBytes = growthBytes;
        this.sizeAfterLast = store.fileBytes();
    }

    /** For an H2 store with a growth above 0 MB; for any other store (or 0) the load leaves its files alone. */
    static Optional<Loader.StoreUpkeep> of(HikariDataSource dataSource, long growthMb) {
        Optional<H2Compaction> store = growthMb > 0 ? H2Compaction.of(dataSource) : Optional.empty();
        return store.map(file -> new CompactOnGrowth(file, growthMb * 1024 * 1024));
    }

    @Override
    public void afterBatch(Progress progress, Counts counts) {
        long size = store.fileBytes();
        if (size - sizeAfterLast < growthBytes) {
            return;
        }
        progress.say(String.format("compacting the store's file (%,.1f MB; the load goes on once it is done)", size / MB));
        long start = System.nanoTime();
        sizeAfterLast = store.compact();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String done = String.format("compacted the store's file from %,.1f MB to %,.1f MB in %.1f s", size / MB,
                sizeAfterLast / MB, millis / 1000.0);
        progress.say(done);
        LOG.info("Load {}", done);
    }
}
