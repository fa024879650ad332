package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.customerhub.store.LoadRuns.State;
import org.junit.jupiter.api.Test;

/** A load on H2 compacts the store's file as it grows (hub.load.compact-mb) and ends with the same store as one that does not. */
class LoadCompactionTest {
    private static final String CDNOW = "config/load/cdnow-orders.properties";
    private static final int ORDERS = 1_200;

    @Test
    void aLoadCompactsTheFileAsItGrowsAndStoresWhatAnUncompactedLoadStores() throws Exception {
        LoadFiles compacting = new LoadFiles();
        LoadFiles plain = new LoadFiles();
        String rows = orders();

        LoadFiles.Run compacted = compacting.loadWith(Map.of("hub.load.compact-mb", "1"), "--channel", "catalogue",
                "--mapping", CDNOW, compacting.write("orders.txt", rows).toString());
        LoadFiles.Run whole = plain.loadWith(Map.of("hub.load.compact-mb", "0"), "--channel", "catalogue",
                "--mapping", CDNOW, plain.write("orders.txt", rows).toString());

        assertThat(compacted.result().state()).isEqualTo(State.DONE);
        assertThat(compacted.result().counts().valid()).isEqualTo(ORDERS);
        assertThat(compacted.output()).contains("compacted the store's file from");
        assertThat(whole.output()).doesNotContain("compact");
        assertThat(StoreSnapshot.read(compacting.jdbcUrl())).isEqualTo(StoreSnapshot.read(plain.jdbcUrl()));
        assertThat(Files.size(storeFile(compacting))).isLessThan(Files.size(storeFile(plain)));
    }

    @Test
    void aStoreOtherProcessesMayShareIsNotCompacted() throws Exception {
        LoadFiles shared = new LoadFiles();
        String url = shared.jdbcUrl().replace(";DB_CLOSE_ON_EXIT=FALSE", "") + ";AUTO_SERVER=TRUE";

        LoadFiles.Run run = shared.loadWith(Map.of("hub.db.url", url, "hub.load.compact-mb", "1"), "--channel", "catalogue",
                "--mapping", CDNOW, shared.write("orders.txt", orders()).toString());

        assertThat(run.result().state()).isEqualTo(State.DONE);
        assertThat(run.output()).doesNotContain("compact");
        // grown by more than the MB that would have started a compaction
        assertThat(Files.size(storeFile(shared))).isGreaterThan(3 * 512 * 1024);
    }

    private static String orders() {
        StringBuilder rows = new StringBuilder(" customer_id  date number_of_cds  dollar_value\n");
        for (int i = 0; i < ORDERS; i++) {
            rows.append(String.format(" %05d 199701%02d %2d %7.2f%n", 1 + i % 300, 1 + i % 28, 1 + i % 4, 10 + i % 90 + 0.99));
        }
        return rows.toString();
    }

    private static Path storeFile(LoadFiles files) {
        return files.folder.resolve("data/db/customerhub.mv.db");
    }
}
