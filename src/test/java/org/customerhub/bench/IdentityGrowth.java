package org.customerhub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Party;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.identity.HubWritePath;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;
import org.customerhub.store.GroupCommit;

/**
 * The write path's cost per message against a seeded store, without a hub, broker or mapping: for telling apart what
 * grows with the store from what does not in seconds rather than a bench run. Seeds a store of N customers once into
 * target/bench/seeded-N/ (CustomerSeeder, as bench/run does), copies it for each run, then applies catalogue orders of
 * the bench's traffic people (common surnames and given names, so name blocks grow with the store as in bench/run),
 * each a new customer, through the hub's ProfileUpdater, and prints the applying thread's CPU per message.
 * <p>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dhub.main.class=org.customerhub.bench.IdentityGrowth
 * -Dexec.args="--customers 1000000 --messages 2000 --warm-up 1000 [--cache KB] [--from N] [--keep]"; --keep applies to the
 * copy of an earlier run (give each run its own --from), --cache sets H2's CACHE_SIZE in KB in place of the shipped hub.db.url's.
 */
public final class IdentityGrowth {
    private IdentityGrowth() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        int customers = IngestProfile.option(options, "--customers", 10_000);
        int messages = IngestProfile.option(options, "--messages", 2_000);
        int warmUp = IngestProfile.option(options, "--warm-up", 1_000);
        int cacheKb = IngestProfile.option(options, "--cache", 0);
        // traffic people of earlier runs on a kept copy are in the store: start after them
        int from = IngestProfile.option(options, "--from", 10_000);
        Path seeded = Path.of("target", "bench", "seeded-" + customers);
        Path seededFile = seeded.resolve("customerhub.mv.db");
        if (!Files.exists(seededFile)) {
            Files.createDirectories(seeded);
            System.out.printf("seeded %,d customers in %.0f s%n", customers,
                    new CustomerSeeder("jdbc:h2:file:./" + seeded.resolve("customerhub")).seed(0, customers));
        }
        Path work = Path.of("target", "bench", "growth-" + customers);
        Files.createDirectories(work);
        if (!options.contains("--keep") || !Files.exists(work.resolve("customerhub.mv.db"))) {
            Files.copy(seededFile, work.resolve("customerhub.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        }
        String shipped = HubWritePath.storeUrl(work);
        String url = cacheKb > 0 ? shipped.replaceAll(";CACHE_SIZE=\\d+", "") + ";CACHE_SIZE=" + cacheKb : shipped;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HikariDataSource pool = Database.pool(url, "sa", "", 4, 30_000)) {
            Database.migrate(pool);
            CustomerStore store = new CustomerStore(pool);
            ProfileUpdater profiles = HubWritePath.profileUpdater(new GroupCommit(store, 32, 1, 5));
            apply(profiles, from, from + warmUp);
            long cpu = threads.getCurrentThreadCpuTime();
            long process = processCpuNanos();
            long wall = System.nanoTime();
            apply(profiles, from + warmUp, from + warmUp + messages);
            System.out.printf("growth: %,d customers, cache %s KB: %.3f ms/msg applying thread CPU, %.3f ms/msg process CPU,"
                            + " %.3f ms/msg wall, load average %.1f, heap used %d MB%n", customers,
                    cacheKb > 0 ? String.valueOf(cacheKb) : "default",
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / messages, (processCpuNanos() - process) / 1e6 / messages,
                    (System.nanoTime() - wall) / 1e6 / messages,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
    }

    private static void apply(ProfileUpdater profiles, int from, int to) throws Exception {
        for (int n = from; n < to; n++) {
            ChannelRecord order = order(People.person(n, People.TRAFFIC_KEY_BASE));
            profiles.apply(order, HubWritePath.messageOf(order), (tx, first, repeat) -> {
                throw new AssertionError("every order is new");
            });
        }
    }

    /** A catalogue order of a person the store does not know yet: key, name, address, phone and the order. */
    private static ChannelRecord order(Person person) throws Exception {
        Party party = new Party();
        party.setSourceKey(person.catalogueAccount());
        PersonName name = new PersonName();
        name.setGiven(Person.upper(person.given()));
        name.setFamily(Person.upper(person.family()));
        party.setName(name);
        PostalAddress address = new PostalAddress();
        address.setLine1(person.house() + " " + Person.upper(person.street()) + " " + person.streetType());
        address.setCity(Person.upper(person.city()));
        address.setRegion(person.region());
        address.setPostalCode(person.zip5());
        address.setCountry("US");
        party.getAddress().add(address);
        party.getPhone().add(person.phone10());
        return CatalogueOrders.record(party, "G" + person.number());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
