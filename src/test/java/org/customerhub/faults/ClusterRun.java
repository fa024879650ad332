package org.customerhub.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.codec.digest.DigestUtils;
import org.customerhub.bench.TrafficGenerator;
import org.customerhub.store.PostgresServer;
import org.customerhub.store.StoreOutcome;

/**
 * The cluster of README "Run it as a cluster" on this machine, each part a process of its own: a private PostgreSQL
 * server, a shared-store broker pair (bin/broker's BrokerMain, primary and backup on one journal folder) and N hub
 * nodes on both. Mixed traffic of all channels (TrafficGenerator) goes in through the pair's failover URL; while the
 * nodes work, one node is killed with SIGKILL (and started again later, so that it joins again), then the live broker
 * is killed with SIGKILL (the backup takes over, the hubs and the senders reconnect by themselves) and started again
 * (it waits as the pair's backup); or PostgreSQL is stopped and started again. Once everything is taken, every message is looked up in the store by its dedupe key
 * (the web's event id, the others' bytes) and every change event on a subscriber that existed before the first
 * message. Optionally the same traffic then goes through one node on a database of its own, and the two stores must
 * hold the same customers (keys and values, so what every merge made), interactions and possible matches. Used by
 * ClusterTest and bench/cluster.
 */
public final class ClusterRun {
    private static final Pattern EVENTS_ADDRESS = Pattern.compile("(<address name=\"hub.customer.events\">\\s*<multicast>)");
    private static final Pattern WEB_EVENT_ID = Pattern.compile("<Event [^>]*\\bid=\"([^\"]+)\"");
    /** Generous: a cluster that is merely slow on a busy machine finishes, a stuck one fails the run. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    /**
     * nodes: hub nodes; messages and pool: how much traffic about how many people; killNode, killBroker,
     * restartDatabase: the faults; oneNode: also run the traffic through one node and compare the stores; seed: of the
     * traffic.
     */
    public record Settings(int nodes, int messages, int pool, boolean killNode, boolean killBroker,
                           boolean restartDatabase, boolean oneNode, long seed) {
    }

    /**
     * What a run found. sameAsOneNode is null when no one-node run was made; cpuMillisPerMessage over all nodes;
     * writes: the nodes' write-path figures at the end (a killed node's only since it started again).
     */
    public record Report(int nodes, int sent, int stored, int lost, int doubled, Boolean sameAsOneNode, double rate,
                         double oneNodeRate, double cpuMillisPerMessage, double commitsPerMessage, long redeliveries,
                         Writes writes, long mergedAway, long oneNodeMergedAway, List<String> differences) {
        public String line() {
            return String.format(Locale.ROOT, "cluster: nodes %d, sent %d, stored %d, lost %d, doubled %d, same-as-one-node %s,"
                            + " msg/s %.1f, one-node msg/s %s", nodes, sent, stored, lost, doubled,
                    sameAsOneNode == null ? "not run" : sameAsOneNode ? "yes" : "no", rate,
                    oneNodeRate > 0 ? String.format(Locale.ROOT, "%.1f", oneNodeRate) : "not run");
        }
    }

    /** Messages the nodes' write paths applied, how often and how long they waited for another's lock keys, and
     *  attempts tried again; zero from a hub whose dashboard has no "writes". */
    public record Writes(long messages, long lockWaits, double lockWaitMillis, long retries) {
        static Writes of(List<HubProcess> nodes) {
            long messages = 0;
            long waits = 0;
            double waited = 0;
            long retries = 0;
            for (HubProcess node : nodes) {
                JsonNode writes = node.dashboard().path("writes");
                if (writes.isMissingNode()) {
                    continue;
                }
                messages += writes.get("messages").asLong();
                waits += writes.get("lockWaits").asLong();
                waited += writes.get("lockWaitMillis").asDouble();
                retries += writes.get("retries").asLong();
            }
            return new Writes(messages, waits, waited, retries);
        }
    }

    private ClusterRun() {
    }

    public static Report run(Path folder, Settings settings, PrintStream progress) throws Exception {
        Files.createDirectories(folder);
        List<TrafficGenerator.Message> traffic = new TrafficGenerator(settings.seed(), settings.pool()).messages(settings.messages());
        Path brokerXml = watchedBrokerXml(folder);
        List<HubProcess> started = new ArrayList<>();
        BrokerProcess primary = new BrokerProcess(folder.resolve("broker"), "primary", brokerXml);
        BrokerProcess backup = new BrokerProcess(folder.resolve("broker"), "backup", brokerXml);
        try (PostgresServer postgres = PostgresServer.start()) {
            primary.launch();
            primary.awaitLive();
            backup.launch();
            backup.awaitWaiting();
            String url = BrokerProcess.pairUrl(primary, backup);
            progress.printf("broker pair: primary %s live, backup %s waiting; PostgreSQL up%n", primary.url(), backup.url());

            String clusterDb = postgres.createDatabase("cluster");
            List<HubProcess> nodes = new ArrayList<>();
            for (int i = 1; i <= settings.nodes(); i++) {
                nodes.add(node(folder.resolve("node-" + i), "node-" + i, url, clusterDb));
            }
            started.addAll(nodes);
            launchAll(nodes);
            progress.printf("%d hub nodes up%n", nodes.size());
            Phase cluster = play(traffic, url, clusterDb, nodes, settings, new Faults(primary, backup, postgres), progress);
            Outcome outcome = Outcome.check(traffic, clusterDb, BrokerOutputs.drain(url).events());
            Writes writes = Writes.of(nodes);
            for (HubProcess node : nodes) {
                node.stop();
            }
            long redeliveries = 0;
            for (HubProcess node : nodes) {
                redeliveries += linesOfLog(node.log(), "redelivery, its");
            }

            Boolean same = null;
            double oneNodeRate = 0;
            long oneNodeMerged = 0;
            StoreOutcome clusterStore = StoreOutcome.read(clusterDb, PostgresServer.USER);
            List<String> differences = new ArrayList<>();
            if (settings.oneNode()) {
                String oneDb = postgres.createDatabase("one_node");
                HubProcess alone = node(folder.resolve("one-node"), "one-node", url, oneDb);
                started.add(alone);
                launchAll(List.of(alone));
                progress.println("the same traffic through one node");
                Phase one = play(traffic, url, oneDb, List.of(alone), new Settings(1, settings.messages(), settings.pool(),
                        false, false, false, false, settings.seed()), new Faults(primary, backup, postgres), progress);
                BrokerOutputs.drain(url);
                alone.stop();
                oneNodeRate = one.rate();
                StoreOutcome oneNodeStore = StoreOutcome.read(oneDb, PostgresServer.USER);
                oneNodeMerged = oneNodeStore.mergedAway();
                differences = compare(clusterStore, oneNodeStore);
                same = differences.isEmpty();
            }
            return new Report(settings.nodes(), traffic.size(), outcome.stored(), outcome.lost(), outcome.doubled(), same,
                    cluster.rate(), oneNodeRate, cluster.cpuMillis() / Math.max(1, traffic.size()),
                    (double) cluster.commits() / Math.max(1, traffic.size()), redeliveries, writes,
                    clusterStore.mergedAway(), oneNodeMerged, differences);
        } finally {
            for (HubProcess node : started) {
                if (node.running()) {
                    node.kill();
                }
            }
            primary.stop();
            backup.stop();
        }
    }

    private static HubProcess node(Path folder, String id, String brokerUrl, String databaseUrl) throws IOException {
        Files.createDirectories(folder);
        return new HubProcess(folder, Map.of("hub.broker.embedded", "false", "hub.broker.url", brokerUrl,
                "hub.db.url", databaseUrl, "hub.db.user", PostgresServer.USER, "hub.db.password", "",
                "hub.node.id", id, "hub.node.heartbeat-seconds", "2"), List.of("-Xmx512m"));
    }

    private static void launchAll(List<HubProcess> nodes) throws IOException {
        for (HubProcess node : nodes) {
            node.launch();
        }
        nodes.forEach(HubProcess::awaitHealthy);
    }

    /** How a phase went: messages per second from the first send to the last message stored, CPU of its nodes. */
    private record Phase(double rate, double cpuMillis, long commits) {
    }

    /** What the faults are made on. */
    private record Faults(BrokerProcess primary, BrokerProcess backup, PostgresServer postgres) {
    }

    /** Sends the traffic, makes the faults the settings ask for while the nodes work, and waits until all is taken. */
    private static Phase play(List<TrafficGenerator.Message> traffic, String brokerUrl, String databaseUrl,
                              List<HubProcess> nodes, Settings settings, Faults faults, PrintStream progress)
            throws Exception {
        Map<Long, Double> cpuBefore = new HashMap<>();
        nodes.forEach(node -> cpuBefore.put(node.pid(), cpuSeconds(node.pid())));
        long commitsBefore = commits(databaseUrl);
        long begun = System.nanoTime();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> Senders.sendAll(brokerUrl, traffic));
        int total = traffic.size();
        double cpuOfKilled = 0;
        if (settings.killNode()) {
            awaitStored(databaseUrl, total * 3 / 10);
            HubProcess victim = nodes.get(nodes.size() - 1);
            cpuOfKilled = cpuSeconds(victim.pid()) - cpuBefore.get(victim.pid());
            victim.kill();
            progress.printf("SIGKILL hub node %d of %d with %d of %d messages stored%n", nodes.size(), nodes.size(),
                    stored(databaseUrl), total);
        }
        if (settings.restartDatabase()) {
            awaitStored(databaseUrl, total * 4 / 10);
            faults.postgres().stop();
            progress.printf("PostgreSQL stopped (fast) with about %d of %d messages stored%n", total * 4 / 10, total);
            faults.postgres().startAgain();
            progress.println("PostgreSQL started again");
        }
        if (settings.killBroker()) {
            awaitStored(databaseUrl, total * 6 / 10);
            faults.primary().kill();
            progress.printf("SIGKILL live broker (primary) with %d of %d messages stored%n", stored(databaseUrl), total);
            faults.backup().awaitLive();
            progress.println("backup broker live");
            faults.primary().launch();
            faults.primary().awaitWaiting();
            progress.println("primary back, waiting as the pair's backup (no fail-back)");
        }
        if (settings.killNode()) {
            HubProcess victim = nodes.get(nodes.size() - 1);
            victim.start();
            cpuBefore.put(victim.pid(), cpuSeconds(victim.pid()));
            progress.printf("hub node %d started again and joined%n", nodes.size());
        }
        sending.get();
        awaitStored(databaseUrl, total);
        double seconds = (System.nanoTime() - begun) / 1e9;
        Queues.awaitEmpty(brokerUrl, PATIENCE);
        double cpu = cpuOfKilled;
        for (HubProcess node : nodes) {
            cpu += cpuSeconds(node.pid()) - cpuBefore.get(node.pid());
        }
        return new Phase(total / seconds, cpu * 1000, commits(databaseUrl) - commitsBefore);
    }

    private static void awaitStored(String databaseUrl, int count) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> stored(databaseUrl) >= count);
    }

    private static long stored(String databaseUrl) throws SQLException {
        return query(databaseUrl, "SELECT COUNT(*) FROM raw_message");
    }

    /** Transactions committed in the database so far (PostgreSQL's statistics, sent every half second or so). */
    private static long commits(String databaseUrl) throws SQLException {
        return query(databaseUrl, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    private static long query(String databaseUrl, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(databaseUrl, PostgresServer.USER, "");
             Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(cpu -> cpu.toNanos() / 1e9).orElse(0.0);
    }

    /**
     * Store contents that differ between the cluster and the one node, by kind; empty when they are the same: the
     * customers with their keys and values (so the outcome of every merge), the interactions and whose they are, the
     * possible matches. How many customers were made and merged on the way is not compared but reported: it depends on
     * which of a person's messages in different channels comes first, which no broker orders, one node included.
     */
    private static List<String> compare(StoreOutcome cluster, StoreOutcome oneNode) {
        List<String> differences = new ArrayList<>();
        difference(differences, "customers", cluster.customers(), oneNode.customers());
        difference(differences, "interactions", cluster.interactions(), oneNode.interactions());
        difference(differences, "possible matches", cluster.possibleMatches(), oneNode.possibleMatches());
        if (cluster.keysOfMergedAway() != 0 || oneNode.keysOfMergedAway() != 0) {
            differences.add("blocking keys of merged-away customers: cluster " + cluster.keysOfMergedAway() + ", one node "
                    + oneNode.keysOfMergedAway());
        }
        return differences;
    }

    private static void difference(List<String> differences, String what, List<String> cluster, List<String> oneNode) {
        List<String> onlyCluster = new ArrayList<>(cluster);
        oneNode.forEach(onlyCluster::remove);
        List<String> onlyOneNode = new ArrayList<>(oneNode);
        cluster.forEach(onlyOneNode::remove);
        onlyCluster.stream().limit(5).forEach(line -> differences.add(what + " only in the cluster: " + line));
        onlyOneNode.stream().limit(5).forEach(line -> differences.add(what + " only through one node: " + line));
        if (onlyCluster.size() + onlyOneNode.size() > 10) {
            differences.add(what + ": " + onlyCluster.size() + " only in the cluster, " + onlyOneNode.size() + " only through one node");
        }
    }

    /** Messages stored, lost (sent and not in the store, or an event stored and never published) and doubled (an
     *  event published more than once). */
    private record Outcome(int stored, int lost, int doubled) {
        static Outcome check(List<TrafficGenerator.Message> traffic, String databaseUrl, Map<String, Integer> published)
                throws SQLException {
            Set<String> archived = new HashSet<>();
            List<String> events = new ArrayList<>();
            try (Connection db = DriverManager.getConnection(databaseUrl, PostgresServer.USER, "");
                 Statement statement = db.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT dedupe_key FROM raw_message")) {
                    while (rows.next()) {
                        archived.add(rows.getString(1));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT event_id FROM change_event")) {
                    while (rows.next()) {
                        events.add(rows.getString(1));
                    }
                }
            }
            int stored = 0;
            for (TrafficGenerator.Message message : traffic) {
                if (archived.contains(dedupeKey(message))) {
                    stored++;
                }
            }
            int lost = traffic.size() - stored;
            int doubled = 0;
            for (String event : events) {
                int times = published.getOrDefault(event, 0);
                lost += times == 0 ? 1 : 0;
                doubled += Math.max(0, times - 1);
            }
            Set<String> known = new HashSet<>(events);
            doubled += (int) published.keySet().stream().filter(id -> !known.contains(id)).count();
            return new Outcome(stored, lost, doubled);
        }

        /** As the hub's archive knows a message: the web by its event id, the other channels by a hash of the bytes. */
        private static String dedupeKey(TrafficGenerator.Message message) {
            if ("web".equals(message.channel())) {
                Matcher id = WEB_EVENT_ID.matcher(message.xml());
                return id.find() ? "id:" + id.group(1) : "web event without id";
            }
            return "sha256:" + DigestUtils.sha256Hex(message.xml().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The run's copy of config/broker.xml with a queue of its own on the events address, to count events on. */
    private static Path watchedBrokerXml(Path folder) throws IOException {
        String shipped = Files.readString(Path.of("config/broker.xml"));
        Matcher address = EVENTS_ADDRESS.matcher(shipped);
        if (!address.find()) {
            throw new IllegalStateException("config/broker.xml has no multicast address hub.customer.events");
        }
        Path copy = folder.resolve("broker.xml");
        Files.writeString(copy, address.replaceFirst("$1<queue name=\"" + BrokerOutputs.WATCH_QUEUE + "\"/>"));
        return copy.toAbsolutePath();
    }

    private static long linesOfLog(Path log, String text) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
