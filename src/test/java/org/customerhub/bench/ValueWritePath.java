package org.customerhub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Party;
import org.customerhub.identity.HubWritePath;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;
import org.customerhub.store.GroupCommit;

/**
 * What the live value figures add to the write path alone (no broker, routes or mapping): the same orders applied to
 * two stores of the hub's schema, one keeping figures and one not, block by block on one thread, which store goes
 * first alternating, the thread's CPU counted per order after a warm-up. Both stores see the same machine at the same
 * moments, so a difference of a few hundred microseconds stands out from a load that moves the hub's own rounds by
 * more. Each customer comes back for several orders, so that most orders find a history, as in the bench's traffic.
 */
final class ValueWritePath {
    private static final int CUSTOMERS = 2_000;
    private static final int BLOCK = 500;
    private static final int PAIRS = 16;
    private static final int WARM_UP_PAIRS = 6;

    /** Milliseconds of the writing thread's CPU per order without and with the figures. */
    record Result(double offMs, double onMs, int ordersEach) {
        double extraMs() {
            return onMs - offMs;
        }
    }

    private ValueWritePath() {
    }

    static Result run(Path folder) throws Exception {
        try (HikariDataSource without = pool(folder.resolve("without")); HikariDataSource with = pool(folder.resolve("with"))) {
            ProfileUpdater plain = HubWritePath.profileUpdater(new GroupCommit(new CustomerStore(without), 32, 1, 5));
            ProfileUpdater valued = HubWritePath.profileUpdater(new GroupCommit(new CustomerStore(with), 32, 1, 5));
            valued.keepValue(HubWritePath.valueState());
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double[] nanos = new double[2];
            for (int pair = 0; pair < PAIRS; pair++) {
                for (boolean live : pair % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    long start = threads.getCurrentThreadCpuTime();
                    apply(live ? valued : plain, pair * BLOCK, (pair + 1) * BLOCK);
                    if (pair >= WARM_UP_PAIRS) {
                        nanos[live ? 1 : 0] += threads.getCurrentThreadCpuTime() - start;
                    }
                }
            }
            int each = (PAIRS - WARM_UP_PAIRS) * BLOCK;
            return new Result(nanos[0] / each / 1e6, nanos[1] / each / 1e6, each);
        }
    }

    private static void apply(ProfileUpdater profiles, int from, int to) {
        for (int n = from; n < to; n++) {
            ChannelRecord record = order(n);
            profiles.apply(record, HubWritePath.messageOf(record), (tx, first, repeat) -> {
                throw new AssertionError("no order is a copy of another");
            });
        }
    }

    private static HikariDataSource pool(Path folder) throws IOException {
        HikariDataSource pool = Database.pool(HubWritePath.storeUrl(folder), "sa", "", 4, 10_000);
        Database.migrate(pool);
        return pool;
    }

    /** The n-th order: of customer n % CUSTOMERS, who comes back every CUSTOMERS orders, on a day of 2025. */
    private static ChannelRecord order(int n) {
        int customer = n % CUSTOMERS;
        Party party = HubWritePath.evanstonParty(String.format("%07d", 1_000_000 + customer),
                CatalogueOrders.syllables(customer + 7, 3), CatalogueOrders.syllables(customer, 4),
                (10 + customer) + " " + CatalogueOrders.syllables(customer / 900, 3) + " Lane");
        return CatalogueOrders.record(party, "C" + n,
                String.format("2025-%02d-%02dT10:00:00", 1 + n / 28 % 12, 1 + n % 28));
    }
}
