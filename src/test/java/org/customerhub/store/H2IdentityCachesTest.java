package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On an H2 file store the identity columns written for every record hand out numbers from a cache of 10,000 (a
 * sequence's next block is a commit of its own, which writes out the whole open transaction), and survive a reopen.
 */
class H2IdentityCachesTest {
    @TempDir
    Path folder;

    @Test
    void theRowsOfEveryRecordTakeTheirIdsFromALargeCache() throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("store") + ";WRITE_DELAY=0";
        try (HikariDataSource dataSource = Database.pool(url, "hub", "hub", 2, 10_000)) {
            Database.migrate(dataSource);
        }
        try (HikariDataSource reopened = Database.pool(url, "hub", "hub", 2, 10_000)) {
            Database.migrate(reopened);
            assertThat(identityCaches(reopened)).containsAllEntriesOf(Map.of("ATTRIBUTE_VALUE.ID", 10_000L,
                    "INTERACTION.ID", 10_000L, "MERGE_LOG.ID", 10_000L, "CHANGE_EVENT.SEQ", 10_000L));
        }
    }

    private static Map<String, Long> identityCaches(HikariDataSource dataSource) throws Exception {
        Map<String, Long> caches = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT TABLE_NAME, COLUMN_NAME, IDENTITY_CACHE FROM "
                     + "INFORMATION_SCHEMA.COLUMNS WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA = 'PUBLIC'")) {
            while (rows.next()) {
                caches.put(rows.getString(1) + "." + rows.getString(2), rows.getLong(3));
            }
        }
        return caches;
    }
}
