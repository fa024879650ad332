package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.identity.HubWritePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reminder check reads the interactions above its watermark, its marks, the requests to plan again and the due
 * reminders a batch at a time. Each batch must come off its index in order and stop at the limit: a query the
 * database has to sort reads every row for every batch, and the first check after a million customers were seeded
 * read 200 customers a second (hours). Checked on H2's plan for the store's own schema (H2 says "index sorted" when
 * no sort is needed).
 */
class ReminderQueryPlanTest {
    @TempDir
    Path folder;

    @Test
    void theCheckReadsItsBatchesInIndexOrderWithoutSorting() throws Exception {
        try (HikariDataSource pool = Database.pool(HubWritePath.storeUrl(folder), "sa", "", 2, 5_000)) {
            Database.migrate(pool);
            assertThat(plan(pool, ReminderRows.PENDING.replace(":summed", "FALSE").replace(":upTo", "1000").replace(":limit", "200")))
                    .contains("index sorted").doesNotContain("index sorted:");
            // the due index is (state, due_at): H2 reads it in order and sorts by id only reminders due at the same
            // instant, so it still stops after the limit
            assertThat(plan(pool, ReminderRows.DUE.replace(":now", "CURRENT_TIMESTAMP").replace(":limit", "200")))
                    .contains("index sorted: 2 of 3 columns");
            assertThat(plan(pool, ReminderRows.INTERACTIONS_AFTER.replace(":upTo", "1000").replace(":limit", "10000")))
                    .contains("index sorted").doesNotContain("index sorted:");
            assertThat(plan(pool, ReminderRows.TO_REPLAN.replace(":now", "CURRENT_TIMESTAMP").replace(":limit", "200")))
                    .contains("index sorted").doesNotContain("index sorted:");
        }
    }

    private static String plan(HikariDataSource pool, String sql) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet plan = statement.executeQuery("EXPLAIN " + sql)) {
            plan.next();
            return plan.getString(1);
        }
    }
}
