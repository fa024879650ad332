package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.bench.CatalogueOrders;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.identity.HubWritePath;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.store.ValueRows.History;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementContextListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history the live figures are worked out from, read from a store on H2 that the write path filled: every order of
 * the customer, and no statement left open in the transaction. H2 reuses a parsed statement only once its last use is
 * closed; left open until the transaction ended, the history's join was parsed and planned again at every message.
 */
class ValueHistoryTest {
    private static final int ORDERS = 3;

    @Test
    void theHistoryReadHasEveryOrderAndLeavesNoStatementOpen(@TempDir Path folder) throws Exception {
        // the shipped store settings, H2's cache of parsed statements among them
        try (HikariDataSource pool = Database.pool(HubWritePath.storeUrl(folder), "sa", "", 2, 10_000)) {
            Database.migrate(pool);
            CustomerStore store = new CustomerStore(pool);
            ProfileUpdater valued = HubWritePath.profileUpdater(new GroupCommit(store, 32, 1, 5));
            valued.keepValue(HubWritePath.valueState());
            String hubId = null;
            for (int n = 0; n < ORDERS; n++) {
                ChannelRecord order = CatalogueOrders.record(
                        HubWritePath.evanstonParty("0000042", "NORA", "BAKELI", "12 Maple Lane"), "C42-" + n,
                        String.format("2025-0%d-01T10:00:00", n + 1));
                hubId = valued.apply(order, HubWritePath.messageOf(order), (tx, first, repeat) -> {
                    throw new AssertionError("no order of this test is a copy of another");
                }).customers().get(0);
            }
            try (Handle handle = store.jdbi().open()) {
                Set<StatementContext> open = ConcurrentHashMap.newKeySet();
                handle.getConfig(SqlStatements.class).addContextListener(new StatementContextListener() {
                    @Override
                    public void contextCreated(StatementContext context) {
                        open.add(context);
                    }

                    @Override
                    public void contextCleaned(StatementContext context) {
                        open.remove(context);
                    }
                });
                ValueRows values = new ValueRows(handle);
                History history = values.history(hubId);
                assertThat(history.live()).isTrue();
                assertThat(history.tier()).isPresent();
                assertThat(history.touches()).hasSize(ORDERS);
                assertThat(open).as("statements of the history read left open").isEmpty();
                assertThat(values.history(hubId).touches()).isEqualTo(history.touches());
                assertThat(open).isEmpty();
            }
        }
    }
}
