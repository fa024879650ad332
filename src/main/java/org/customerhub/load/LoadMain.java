package org.customerhub.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.transform.TransformerException;
import javax.xml.validation.Schema;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.xml.bind.JAXBException;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.customerhub.broker.BrokerConnections;
import org.customerhub.identity.EvidenceNormalizer;
import org.customerhub.identity.MatchScorer;
import org.customerhub.identity.MatchSettings;
import org.customerhub.identity.Nicknames;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.identity.Survivorship;
import org.customerhub.store.BlockingKeyConstraints;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;
import org.customerhub.store.GroupCommit;
import org.customerhub.store.LoadRuns;
import org.customerhub.xml.DocumentFormat;
import org.customerhub.xml.InboundGuard;
import org.customerhub.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * The load command: {@code load --channel C [--mapping config/load/X.properties] [--dry-run] [--max-rejects N]
 * [--publish-events] FILE|DIR...}. Reads the hub's own settings (config/application.properties, -Dhub.x=y overrides),
 * so it writes the store the hub uses: an H2 file while the hub is stopped, or PostgreSQL beside a running hub.
 * Exit status: 0 done, 2 wrong arguments, 3 failed or stopped by --max-rejects, 130 stopped by Ctrl+C (resumable).
 */
public final class LoadMain {
    private static final Logger LOG = LoggerFactory.getLogger(LoadMain.class);
    private static final String SETTINGS = "file:config/application.properties";
    static final String DEFAULT_PHONE_REGION = "US";
    private static final Path CANONICAL_SCHEMA = Path.of("xsd/canonical/customer.xsd");
    /** H2's "database may be already in use": another process (a running hub) holds the file. */
    private static final int H2_FILE_IN_USE = 90020;
    private static final String USAGE = """
            usage: load --channel CHANNEL [--mapping config/load/NAME.properties] [--dry-run] [--max-rejects N]
                        [--publish-events] [--alone] FILE|DIR...
              --alone  on PostgreSQL: every hub node's writers wait until the load ends (faster: see README)
              FILE     the channel's XML documents (one per file, or many under one root), or with --mapping a
                       delimited file; a DIR loads its files in name order""";

    private LoadMain() {
    }

    /** The command's arguments, parsed. */
    record Arguments(String channel, Path mapping, boolean dryRun, long maxRejects, boolean publishEvents, boolean alone,
                     List<Path> files) {
        static Arguments parse(String[] args) {
            String channel = null;
            Path mapping = null;
            boolean dryRun = false;
            long maxRejects = -1;
            boolean publish = false;
            boolean alone = false;
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--channel" -> channel = value(args, ++i, "--channel");
                    case "--mapping" -> mapping = Path.of(value(args, ++i, "--mapping"));
                    case "--dry-run" -> dryRun = true;
                    case "--max-rejects" -> maxRejects = Long.parseLong(value(args, ++i, "--max-rejects"));
                    case "--publish-events" -> publish = true;
                    case "--alone" -> alone = true;
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        files.addAll(expand(Path.of(args[i])));
                    }
                }
            }
            if (channel == null || files.isEmpty()) {
                throw new IllegalArgumentException("a channel and at least one file are needed");
            }
            return new Arguments(channel, mapping, dryRun, maxRejects, publish, alone, List.copyOf(files));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        /** A folder's files in name order, leaving out reject files of earlier loads. */
        private static List<Path> expand(Path path) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("no file or folder " + path);
            }
            if (!Files.isDirectory(path)) {
                return List.of(path);
            }
            try (Stream<Path> listed = Files.list(path)) {
                return listed.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(RejectFile.SUFFIX))
                        .sorted().toList();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + path + ": " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        int status;
        try {
            Loader.Result result = load(new Properties(), args, System.out);
            status = switch (result.state()) {
                case DONE -> 0;
                case STOPPED -> 130;
                default -> 3;
            };
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.err.println(USAGE);
            status = 2;
        } catch (Exception e) {
            System.err.println("load failed: " + e.getMessage());
            status = 3;
        }
        System.exit(status);
    }

    /**
     * Runs the command; overrides win over the settings file and -D (tests and the benchmark name their store this
     * way). Progress and the outcome go to out; a stop (Ctrl+C) ends the batch in hand and records a checkpoint.
     */
    public static Loader.Result load(Properties overrides, String[] args, PrintStream out) throws Exception {
        Arguments arguments = Arguments.parse(args);
        Settings settings = new Settings(overrides);
        if (!settings.set("hub.channels").contains(arguments.channel())) {
            throw new IllegalArgumentException("no channel " + arguments.channel() + "; the hub's channels are "
                    + settings.set("hub.channels"));
        }
        RowFormat rows = arguments.mapping() == null ? null : RowFormat.load(arguments.mapping());
        if (rows != null && !rows.channel().equals(arguments.channel())) {
            throw new IllegalArgumentException("the mapping " + arguments.mapping() + " is for channel " + rows.channel()
                    + ", not " + arguments.channel());
        }
        if (arguments.alone() && Database.sharedH2(settings.get("hub.db.url"))) {
            throw new IllegalArgumentException("--alone needs PostgreSQL or an H2 file the load opens itself, not "
                    + settings.get("hub.db.url"));
        }
        try (HikariDataSource dataSource = open(settings, arguments.alone() ? 1 : 0)) {
            Database.migrate(dataSource);
            CustomerStore store = new CustomerStore(dataSource);
            ProfileUpdater profiles = profileUpdater(settings, store);
            int keptCustomers = settings.integer("hub.load.kept-customers");
            boolean keeps = keptCustomers > 0 && keepsLoadedCustomers(settings, arguments, store);
            DocumentFormat format = DocumentFormat.load(arguments.channel(),
                    settings.path("hub.channel." + arguments.channel() + ".schema"));
            int maxBytes = settings.integer("hub.ingest.max-bytes");
            RecordMapper mapper = recordMapper(settings, arguments.channel(), format, rows);
            Loader.Job job = new Loader.Job(arguments.channel(), arguments.files(),
                    arguments.mapping() == null ? null : arguments.mapping().toAbsolutePath().normalize().toString(),
                    arguments.dryRun(), arguments.maxRejects(), settings.integer("hub.load.batch-size"),
                    settings.integer("hub.load.threads"), resolvers(settings));
            long bytesTotal = 0;
            for (Path file : arguments.files()) {
                bytesTotal += Files.size(file);
            }
            Loader.ReaderFactory readers = rows != null ? file -> new DelimitedRows(file, rows)
                    : file -> new XmlDocuments(file, format, maxBytes);
            AtomicReference<CustomerStore.Kept> keptHolder = new AtomicReference<>();
            // every customer's keys in memory: no search reads a blocking key from the store
            BooleanSupplier allKeysKept = () -> keptHolder.get() != null && keptHolder.get().keys().holdsAll();
            Optional<BlockingKeyConstraints> keyConstraints = BlockingKeyConstraints.of(dataSource);
            try (BrokerEvents events = arguments.publishEvents() && !arguments.dryRun() ? new BrokerEvents(settings) : null;
                 TerminalProgress progress = TerminalProgress.of(arguments.dryRun() ? "dry run" : "load", bytesTotal, out)) {
                Loader loader = new Loader(job, mapper, profiles, new LoadRuns(dataSource), readers, events,
                        upkeep(dataSource, settings, () -> !allKeysKept.getAsBoolean(), keyConstraints),
                        progress, out);
                CountDownLatch ended = new CountDownLatch(1);
                Thread stopper = new Thread(() -> {
                    loader.requestStop();
                    try {
                        ended.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "load-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                Loader.Result result;
                try {
                    // kept from when nothing else writes: the store's newest customer then is the boundary of the kept
                    Supplier<Loader.Result> keepingAndLoading = () -> {
                        if (keeps) {
                            keptHolder.set(store.keepLoadedCustomers(keptCustomers));
                        }
                        // no search reads the store's blocking keys: their constraints are checked once, at the end
                        Optional<BlockingKeyConstraints> putOff = keyConstraints.filter(constraints -> !arguments.dryRun()
                                && allKeysKept.getAsBoolean());
                        putOff.ifPresent(BlockingKeyConstraints::putOff);
                        try {
                            return loader.run();
                        } catch (IOException e) {
                            throw new LoadFailed(e);
                        } finally {
                            putOff.ifPresent(constraints -> addKeyConstraints(constraints, progress));
                        }
                    };
                    result = arguments.alone() ? loadAlone(profiles, keepingAndLoading) : run(keepingAndLoading);
                    CustomerStore.Kept kept = keptHolder.get();
                    progress.close();
                    out.printf("load %s %s: %s%n", result.loadId(), result.state(), result.detail());
                    if (kept != null) {
                        out.printf("candidates' values: %d from memory, %d read from the store%n", kept.values().answered(),
                                kept.values().fromStore());
                        out.printf("candidate searches that counted the load's customers' keys in memory: %d%n",
                                kept.keys().searches());
                    }
                    if (arguments.dryRun()) {
                        out.println("dry run: nothing was written");
                    }
                } finally {
                    // on Ctrl+C the JVM ends once this is counted down: the outcome is printed first
                    ended.countDown();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException stopping) {
                    // the JVM is stopping (Ctrl+C): the hook has returned
                }
                return result;
            }
        }
    }

    /**
     * Whether the load keeps its new customers' identity values and blocking keys in memory (see KeptIdentityValues,
     * KeptBlockingKeys): only when nothing else writes to the store while it runs: an H2 file it opened itself, or
     * PostgreSQL with --alone.
     */
    private static boolean keepsLoadedCustomers(Settings settings, Arguments arguments, CustomerStore store) {
        return !Database.sharedH2(settings.get("hub.db.url")) && (arguments.alone() || !store.postgres());
    }

    /**
     * Adds the blocking keys' constraints the load put off; should that fail, the load's own outcome stands and the
     * store's next opening adds them (Database.migrate).
     */
    private static void addKeyConstraints(BlockingKeyConstraints constraints, Progress progress) {
        long started = System.nanoTime();
        try {
            if (constraints.restore()) {
                progress.say(String.format(Locale.ROOT, "checked the blocking keys' constraints, put off for the load, in %.1f s",
                        (System.nanoTime() - started) / 1e9));
            }
        } catch (RuntimeException failure) {
            LOG.warn("Adding the blocking keys' constraints after the load failed; the store's next opening adds them", failure);
            progress.say("could not add the blocking keys' constraints put off for the load (" + failure.getMessage()
                    + "); the hub's next start or the next load adds them");
        }
    }

    /** The load with the writers' key held alone until it ends: every hub node's writers wait meanwhile. */
    private static Loader.Result loadAlone(ProfileUpdater profiles, Supplier<Loader.Result> load) throws IOException {
        return run(() -> profiles.exclusively(load));
    }

    private static Loader.Result run(Supplier<Loader.Result> load) throws IOException {
        try {
            return load.get();
        } catch (LoadFailed e) {
            throw e.reading;
        }
    }

    /** A load's IOException through the Supplier that runs it. */
    private static final class LoadFailed extends RuntimeException {
        private final IOException reading;

        LoadFailed(IOException reading) {
            super(reading);
            this.reading = reading;
        }
    }

    /** The message path's write step with the hub's identity settings, on one writer: a load's batches commit alone. */
    static ProfileUpdater profileUpdater(Settings settings, CustomerStore store) throws IOException {
        EvidenceNormalizer normalizer = new EvidenceNormalizer(Nicknames.load(settings.path("hub.identity.nicknames")),
                DEFAULT_PHONE_REGION);
        MatchScorer scorer = new MatchScorer(MatchSettings.load(settings.path("hub.identity.matching"),
                settings.path("hub.identity.weights")), normalizer);
        GroupCommit writer = new GroupCommit(store, 1, 1, settings.integer("hub.store.max-write-attempts"));
        return new ProfileUpdater(writer, new Survivorship(properties(settings.path("hub.survivorship"))), normalizer, scorer,
                settings.integer("hub.identity.max-candidates"), ZoneId.of(settings.get("hub.channel.zone")),
                settings.set("hub.identity.personal-email-channels"));
    }

    /**
     * What the store needs between a load's batches: compaction of an H2 file, statistics of PostgreSQL and, while
     * searches read the load's blocking keys from it (storeKeysSearched), their pages marked visible and their constraints, if put off, added.
     */
    private static Loader.StoreUpkeep upkeep(HikariDataSource dataSource, Settings settings, BooleanSupplier storeKeysSearched,
                                             Optional<BlockingKeyConstraints> keyConstraints) {
        return CompactOnGrowth.of(dataSource, settings.integer("hub.load.compact-mb"))
                .or(() -> PostgresUpkeep.of(dataSource, storeKeysSearched, keyConstraints))
                .orElse((progress, counts) -> { });
    }

    /** The message path's checks and mapping for the channel's records: its documents, or rows of a column mapping. */
    static RecordMapper recordMapper(Settings settings, String channel, DocumentFormat format, RowFormat rows)
            throws SAXException, TransformerException, JAXBException {
        int maxValueLength = settings.integer("hub.ingest.max-value-length");
        InboundGuard guard = new InboundGuard(Map.of(channel, format), settings.integer("hub.ingest.max-bytes"), maxValueLength);
        Schema canonical = SecureXml.schemaFactory().newSchema(CANONICAL_SCHEMA.toFile());
        Path mapping = rows != null ? rows.mapping() : settings.path("hub.mappings-dir").resolve(channel + "-to-canonical.xsl");
        return new RecordMapper(channel, guard, settings.set("hub.ingest.dedupe-by-document-id"), mapping, rows, maxValueLength,
                canonical);
    }

    /**
     * Threads that resolve a batch's people ahead of its writer, against the store as the batch found it: none where
     * another process may write while a batch is open, an H2 store shared through its server mode (PostgreSQL's
     * writers wait for a batch's advisory lock; an H2 file the load opened is its alone).
     */
    static int resolvers(Settings settings) {
        int resolvers = settings.integer("hub.load.resolvers");
        if (resolvers < 0) {
            throw new IllegalArgumentException("hub.load.resolvers is a number of threads, 0 or more, not " + resolvers);
        }
        return Database.sharedH2(settings.get("hub.db.url")) ? 0 : resolvers;
    }

    /** The store, or a clear refusal when a running hub holds its H2 file. */
    static HikariDataSource open(Settings settings) {
        return open(settings, 0);
    }

    /** As open, with more connections: --alone holds one for the whole load. */
    private static HikariDataSource open(Settings settings, int more) {
        try {
            // the writer's, a spare, and one for each thread resolving ahead of the writer
            return Database.pool(settings.get("hub.db.url"), settings.get("hub.db.user"), settings.get("hub.db.password"),
                    2 + resolvers(settings) + more,
                    settings.integer("hub.db.connection-timeout"));
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && sql.getErrorCode() == H2_FILE_IN_USE) {
                    throw new IllegalStateException("the store " + settings.get("hub.db.url") + " is in use by another "
                            + "process, a running hub: an H2 store is loaded while the hub is stopped (or run the hub on "
                            + "PostgreSQL and load beside it)", e);
                }
            }
            throw e;
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    /** The hub's settings as the hub reads them: the settings file, then -D and the overrides given. */
    static final class Settings {
        private final CamelContext context = new DefaultCamelContext();

        Settings(Properties overrides) {
            Properties all = new Properties();
            System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("hub.") || key.startsWith("camel."))
                    .forEach(key -> all.setProperty(key, System.getProperty(key)));
            all.putAll(overrides);
            context.getPropertiesComponent().setLocation(SETTINGS);
            context.getPropertiesComponent().setOverrideProperties(all);
        }

        String get(String key) {
            return context.getPropertiesComponent().resolveProperty(key)
                    .orElseThrow(() -> new IllegalStateException("missing setting " + key));
        }

        int integer(String key) {
            return Integer.parseInt(get(key).trim());
        }

        Path path(String key) {
            return Path.of(get(key).trim());
        }

        Set<String> set(String key) {
            return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }
    }

    /** --publish-events: each committed batch's change events to the hub's event topic, as the message path sends them. */
    private static final class BrokerEvents implements Loader.Events, AutoCloseable {
        private static final String TOPIC = "hub.customer.events";
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;

        BrokerEvents(Settings settings) throws JMSException {
            ConnectionFactory factory = BrokerConnections.pooled(settings.get("hub.broker.url"), settings.get("hub.broker.user"),
                    settings.get("hub.broker.password"), 1);
            connection = factory.createConnection();
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            producer = session.createProducer(session.createTopic(TOPIC));
        }

        @Override
        public void publish(List<String> events) {
            try {
                for (String event : events) {
                    producer.send(session.createTextMessage(event));
                }
                session.commit();
            } catch (JMSException e) {
                throw new IllegalStateException("the batch is stored, but its change events could not be published: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }
}
