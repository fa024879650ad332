package org.customerhub;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.jms.ConnectionFactory;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.xslt.XsltUriResolver;
import org.apache.camel.component.xslt.saxon.XsltSaxonComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.customerhub.admin.AdminApi;
import org.customerhub.admin.AdminRoutes;
import org.customerhub.admin.ClusterApi;
import org.customerhub.admin.ConsoleRoutes;
import org.customerhub.admin.SessionApi;
import org.customerhub.admin.DeadLetterQueues;
import org.customerhub.admin.EditableFiles;
import org.customerhub.admin.ErasureApi;
import org.customerhub.admin.FileWatcher;
import org.customerhub.admin.HealthCheck;
import org.customerhub.admin.LoadsApi;
import org.customerhub.admin.HubHealthChecks;
import org.customerhub.admin.MappingTrial;
import org.customerhub.admin.NodeHeartbeat;
import org.customerhub.admin.OrderExceptionsApi;
import org.customerhub.admin.MonitoringApi;
import org.customerhub.admin.MonitoringRoutes;
import org.customerhub.admin.RouteErrors;
import org.customerhub.admin.RoutePauses;
import org.customerhub.broker.BrokerConnections;
import org.customerhub.broker.BrokerSecurity;
import org.customerhub.care.CareRoutes;
import org.customerhub.care.CustomerCare;
import org.customerhub.care.ReviewQueue;
import org.customerhub.channel.ArchivedRecords;
import org.customerhub.broker.EmbeddedBroker;
import org.customerhub.http.HardenedResponses;
import org.customerhub.http.HttpHeaderPolicy;
import org.customerhub.identity.EvidenceNormalizer;
import org.customerhub.identity.MatchScorer;
import org.customerhub.identity.MatchSettings;
import org.customerhub.identity.NameSearch;
import org.customerhub.identity.Nicknames;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.channel.ChannelMappings;
import org.customerhub.channel.ChannelFeeds;
import org.customerhub.channel.ChannelIngest;
import org.customerhub.channel.DeadLetters;
import org.customerhub.procurement.ConfirmationRoutes;
import org.customerhub.procurement.Confirmations;
import org.customerhub.procurement.ContractOrderSchema;
import org.customerhub.procurement.CurrencyRates;
import org.customerhub.monitoring.ChannelMonitor;
import org.customerhub.monitoring.HubMetrics;
import org.customerhub.monitoring.LookupTimer;
import org.customerhub.monitoring.Thresholds;
import org.customerhub.procurement.CxmlDtdValidator;
import org.customerhub.procurement.CxmlGateway;
import org.customerhub.procurement.CxmlReader;
import org.customerhub.procurement.CxmlRoutes;
import org.customerhub.procurement.DirectSalesFit;
import org.customerhub.procurement.OrderDesk;
import org.customerhub.procurement.OrderSoapRoutes;
import org.customerhub.procurement.OrderSoapService;
import org.customerhub.procurement.PartNumbers;
import org.customerhub.procurement.Partners;
import org.customerhub.procurement.ProcurementOrders;
import org.customerhub.query.CustomerApi;
import org.customerhub.query.CustomerFinder;
import org.customerhub.query.CustomerProfiles;
import org.customerhub.query.CustomerQueries;
import org.customerhub.query.CustomerSoapService;
import org.customerhub.query.QueryRoutes;
import org.customerhub.query.ReplyDestinations;
import org.customerhub.query.SoapRoutes;
import org.customerhub.security.ConsoleSessions;
import org.customerhub.segments.SegmentRoutes;
import org.customerhub.segments.Reminders;
import org.customerhub.segments.SegmentsApi;
import org.customerhub.segments.ValueRefit;
import org.customerhub.security.DemoCredentials;
import org.customerhub.security.HubAccess;
import org.customerhub.security.HashedSecret;
import org.customerhub.security.HubUsers;
import org.customerhub.security.LoginThrottle;
import org.customerhub.security.SoapLogin;
import org.customerhub.store.AuditLog;
import org.customerhub.store.CustomerErasure;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;
import org.customerhub.store.LoadRuns;
import org.customerhub.store.GroupCommit;
import org.customerhub.store.HubNodes;
import org.customerhub.store.MonitoringStore;
import org.customerhub.store.ProcurementStore;
import org.customerhub.store.ReminderStore;
import org.customerhub.store.ValueStore;
import org.customerhub.value.ValueRules;
import org.customerhub.value.ValueState;
import org.customerhub.identity.Survivorship;
import org.customerhub.xml.DocumentFormat;
import org.customerhub.xml.InboundGuard;
import org.customerhub.xml.SealedXslt;
import org.customerhub.xml.SecureXml;
import org.xml.sax.SAXException;

/**
 * Wires the hub from config/application.properties: broker, JMS, store, identity, ingest and query beans. Runs before
 * the routes in routes/ are loaded, so everything they refer to exists when they start.
 */
public final class HubConfiguration implements CamelConfiguration {
    private static final String DEFAULT_PHONE_REGION = "US";
    /** The canonical record's schema is part of the build, not a setting: mappings and the code both rely on it. */
    private static final Path CANONICAL_SCHEMA = Path.of("xsd/canonical/customer.xsd");

    @Override
    public void configure(CamelContext context) throws Exception {
        HubSettings settings = new HubSettings(context);
        Registry registry = context.getRegistry();

        refuseDemoCredentialsOffLoopback(settings);

        // one registry for Camel's meters (camel.metrics.*, found by this name), the broker's, the pool's and the hub's own
        PrometheusMeterRegistry meters = context.getRegistry().findSingleByType(PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        // the store first: a second node on an H2 file is refused before it starts a broker
        HikariDataSource dataSource = Database.forNode(settings.get("hub.db.url"), settings.get("hub.db.user"),
                settings.get("hub.db.password"), settings.integer("hub.db.pool-size"),
                settings.integer("hub.db.connection-timeout"), meters);
        context.addService(new Closer(dataSource), true, true);

        EmbeddedBroker broker = null;
        BrokerSecurity brokerSecurity = null;
        if (settings.bool("hub.broker.embedded")) {
            HubUsers brokerUsers = HubUsers.load(settings.path("hub.broker.users"));
            if (brokerUsers.login(settings.get("hub.broker.user"), settings.get("hub.broker.password")).isEmpty()) {
                throw new IllegalStateException("hub.broker.user and hub.broker.password do not match a user of "
                        + settings.get("hub.broker.users") + ": the hub could not connect to its own broker");
            }
            EmbeddedBroker.Tls tls = settings.bool("hub.broker.tls.enabled")
                    ? new EmbeddedBroker.Tls(settings.path("hub.broker.tls.key-store"), settings.get("hub.broker.tls.key-store-password"))
                    : EmbeddedBroker.Tls.NONE;
            brokerSecurity = new BrokerSecurity(brokerUsers);
            broker = new EmbeddedBroker(settings.path("hub.broker.config"), settings.path("hub.data-dir"),
                    settings.get("hub.broker.bind"), brokerSecurity, tls);
            broker.reportTo(meters);
            // started now, not with the context: routes and their JMS consumers need the broker as they start
            broker.start();
            context.addService(broker, true, false);
        }
        ConnectionFactory connections = BrokerConnections.pooled(settings.get("hub.broker.url"),
                settings.get("hub.broker.user"), settings.get("hub.broker.password"), settings.integer("hub.broker.max-connections"));
        JmsComponent jms = context.getComponent("jms", JmsComponent.class);
        jms.setConnectionFactory(connections);
        // A transacted route runs in its listener session's local transaction, which the route's sends join: taking a
        // message and publishing what it caused commit as one. A JmsTransactionManager would hold the sends in a
        // session of its own and commit it after the listener's, so a crash between the two lost what was sent.
        jms.setLazyCreateTransactionManager(false);
        // Every listener of a stopping node finishes what it received: rolled back after its consumer is gone, a
        // message would come back behind later ones (a person's later changes, a feed's later events), which
        // another node has meanwhile taken.
        jms.getConfiguration().setAcceptMessagesWhileStopping(true);
        context.getComponent("platform-http", PlatformHttpComponent.class).setHeaderFilterStrategy(new HttpHeaderPolicy());
        String routerName = VertxPlatformHttpRouter.getRouterNameFromPort(settings.integer("camel.server.port"));
        // the HTTP server exists once the context has started its services, before any route takes a request
        context.addStartupListener((started, alreadyStarted) -> VertxPlatformHttpRouter.lookup(started, routerName)
                .route().order(-1).handler(new HardenedResponses(settings.bool("hub.http.tls.enabled"))));
        XsltSaxonComponent xslt = context.getComponent("xslt-saxon", XsltSaxonComponent.class);
        xslt.setSaxonConfiguration(SealedXslt.configuration());
        xslt.setUriResolverFactory((camel, stylesheet) -> SealedXslt.stylesheetOnly(stylesheet, new XsltUriResolver(camel, stylesheet)));

        Database.migrate(dataSource);
        CustomerStore store = new CustomerStore(dataSource);

        Set<String> watched = new LinkedHashSet<>();
        settings.set("hub.channels").forEach(channel -> watched.add(ChannelMonitor.channel(channel)));
        Partners.load(settings.path("hub.cxml.partners")).names().forEach(partner -> watched.add(ChannelMonitor.partner(partner)));
        ChannelMonitor monitor = new ChannelMonitor(Thresholds.parse(load(settings.path("hub.monitoring.thresholds"))),
                new MonitoringStore(dataSource), Clock.systemUTC(), ZoneId.of(settings.get("hub.monitoring.zone")),
                Duration.ofHours(settings.integer("hub.monitoring.history-hours")), watched);
        HubMetrics metrics = new HubMetrics(meters, monitor);
        context.getManagementStrategy().addEventNotifier(new LookupTimer(
                Map.of("api-customer", "rest", "api-customer-search", "rest", "customer-query", "jms", "soap-customers", "soap"),
                metrics));

        EvidenceNormalizer normalizer = new EvidenceNormalizer(Nicknames.load(settings.path("hub.identity.nicknames")),
                DEFAULT_PHONE_REGION);
        MatchScorer scorer = new MatchScorer(MatchSettings.load(settings.path("hub.identity.matching"),
                settings.path("hub.identity.weights")), normalizer);
        Survivorship survivorship = new Survivorship(load(settings.path("hub.survivorship")));
        GroupCommit writer = new GroupCommit(store, settings.integer("hub.store.max-messages-per-commit"),
                settings.integer("hub.store.writers"), settings.integer("hub.store.max-write-attempts"));
        ProfileUpdater profiles = new ProfileUpdater(writer, survivorship, normalizer, scorer, settings.integer("hub.identity.max-candidates"),
                ZoneId.of(settings.get("hub.channel.zone")), settings.set("hub.identity.personal-email-channels"));

        Map<String, DocumentFormat> formats = channelFormats(settings);
        formats.put(ChannelIngest.AGENT, DocumentFormat.load(ChannelIngest.AGENT, CANONICAL_SCHEMA));
        formats.put(CustomerQueries.QUERY_FORMAT, DocumentFormat.load(CustomerQueries.QUERY_FORMAT, settings.path("hub.query.schema")));
        InboundGuard guard = new InboundGuard(formats, settings.integer("hub.ingest.max-bytes"),
                settings.integer("hub.ingest.max-value-length"));
        registry.bind("channelIngest", new ChannelIngest(guard, profiles, settings.set("hub.ingest.dedupe-by-document-id"),
                store::isReachable, metrics));
        registry.bind("channelMappings", new ChannelMappings(settings.path("hub.mappings-dir"), AttributeCodec.canonicalContext(),
                SecureXml.schemaFactory().newSchema(CANONICAL_SCHEMA.toFile())));
        registry.bind("deadLetters", new DeadLetters(metrics));
        ChannelFeeds feeds = new ChannelFeeds(load(settings.path("hub.subscriptions")), settings.set("hub.channels"));
        registry.bind("channelFeeds", feeds);

        Clock hubClock = Clock.offset(Clock.systemUTC(), Duration.parse(settings.get("hub.clock.offset").trim()));
        ValueState valueState = new ValueState(ValueRules.from(load(settings.path("hub.value.rules"))),
                Period.parse(settings.get("hub.value.window").trim()), settings.integer("hub.value.horizon-months"),
                Double.parseDouble(settings.get("hub.value.discount-rate").trim()), hubClock);
        if (settings.bool("hub.value.live")) {
            profiles.keepValue(valueState);
        }
        ValueStore valueStore = new ValueStore(store);
        CustomerProfiles customerProfiles = new CustomerProfiles(store, survivorship, valueStore, valueState);
        ValueRefit valueRefit = new ValueRefit(store, valueStore, valueState, customerProfiles,
                context.createProducerTemplate(), settings.integer("hub.value.refit"));
        context.addService(valueRefit, true, true);
        registry.bind("segmentsApi", new SegmentsApi(valueStore, valueState, valueRefit));
        Reminders reminders = new Reminders(store, customerProfiles, context.createProducerTemplate(), hubClock,
                new Reminders.Settings(settings.integer("hub.reminders.min-purchases"),
                        Double.parseDouble(settings.get("hub.reminders.prior-weight").trim()),
                        settings.integer("hub.reminders.lead-days"), reminderChannel(settings),
                        settings.integer("hub.reminders.check-seconds")), meters);
        context.addService(reminders, true, true);
        registry.bind("reminders", reminders);
        Set<String> searchChannels = new LinkedHashSet<>(settings.set("hub.channels"));
        searchChannels.add("procurement");
        CustomerFinder finder = new CustomerFinder(store, normalizer::emailKey, normalizer::phone10,
                new NameSearch(store, profiles::normalizer), searchChannels);
        registry.bind("customerApi", new CustomerApi(customerProfiles, finder, new ReminderStore(store)));
        registry.bind("customerQueries", new CustomerQueries(guard, finder, customerProfiles, settings.set("hub.channels"),
                settings.path("hub.mappings-dir"), context.createProducerTemplate(),
                new ReplyDestinations(settings.set("hub.channels"), brokerSecurity)));
        EmbeddedBroker embedded = broker;
        String brokerUrl = settings.get("hub.broker.url");
        Supplier<Optional<String>> connectedBroker = () -> embedded != null
                ? Optional.of("embedded " + settings.get("hub.broker.bind"))
                        .filter(up -> embedded.isStarted() && embedded.server().getActiveMQServer().isActive())
                : BrokerConnections.connectedBroker(connections);
        String nodeId = nodeId(settings);
        RoutePauses pauses = new RoutePauses();
        HubHealthChecks healthChecks = new HubHealthChecks(context, () -> connectedBroker.get().isPresent(),
                store::isReachable, pauses);
        healthChecks.register(context);
        registry.bind("healthCheck", new HealthCheck(healthChecks, nodeId, connectedBroker));
        HubNodes hubNodes = new HubNodes(dataSource);
        Duration heartbeat = Duration.ofSeconds(settings.integer("hub.node.heartbeat-seconds"));
        context.addService(new NodeHeartbeat(nodeId, InetAddress.getLocalHost().getHostName(), hubNodes, context,
                connectedBroker, heartbeat.toSeconds()), true, false);
        registry.bind("clusterApi", new ClusterApi(nodeId, hubNodes, heartbeat, () -> embedded != null
                ? List.of(new ClusterApi.BrokerState(connectedBroker.get().orElse("embedded"), connectedBroker.get().isPresent()))
                : BrokerConnections.members(brokerUrl).stream().map(member -> new ClusterApi.BrokerState(member,
                        BrokerConnections.takesConnections(member, settings.get("hub.broker.user"),
                                settings.get("hub.broker.password")))).toList()));
        registry.bind("customerSoap", new CustomerSoapService(finder, customerProfiles));
        HubUsers users = HubUsers.load(settings.path("hub.users"));
        ConsoleSessions sessions = new ConsoleSessions(Duration.ofMinutes(settings.integer("hub.console.session-minutes")),
                settings.integer("hub.console.max-sessions"), Clock.systemUTC());
        LoginThrottle throttle = new LoginThrottle(settings.integer("hub.login.max-failures"),
                Duration.ofSeconds(settings.integer("hub.login.window-seconds")), Clock.systemUTC());
        HubAccess access = new HubAccess(users, sessions, throttle,
                Duration.ofSeconds(settings.integer("hub.api.credential-cache-seconds")), Clock.systemUTC());
        registry.bind("hubAccess", access);
        registry.bind("sessionApi", new SessionApi(sessions, access, settings.bool("hub.console.secure-cookie")));
        AuditLog audit = new AuditLog(dataSource);
        registry.bind("erasureApi", new ErasureApi(new CustomerErasure(store), profiles, audit));
        profiles.replayWith(new ArchivedRecords(settings.path("hub.mappings-dir"), settings.set("hub.channels"),
                SecureXml.schemaFactory().newSchema(CANONICAL_SCHEMA.toFile())));
        registry.bind("reviewQueue", new ReviewQueue(store, customerProfiles, profiles, settings.integer("hub.care.review-queue-size")));
        registry.bind("customerCare", new CustomerCare(customerProfiles, context.createProducerTemplate(),
                "jms:queue:hub.in.agent?requestTimeout=" + settings.integer("hub.care.reply-timeout"),
                SecureXml.schemaFactory().newSchema(CANONICAL_SCHEMA.toFile()), audit));
        context.addRoutes(new CareRoutes());
        context.addRoutes(new QueryRoutes(settings.path("hub.api.openapi")));
        context.addRoutes(new SoapRoutes(settings.get("hub.soap.address"), settings.path("hub.soap.customers-wsdl"),
                new SoapLogin(access, Set.of(HubAccess.AGENT, HubAccess.ADMIN)), settings.integer("hub.ingest.max-bytes")));
        registry.bind("orderSoap", new OrderSoapService(context.createProducerTemplate()));
        context.addRoutes(new OrderSoapRoutes(settings.get("hub.soap.address"), settings.path("hub.soap.orders-wsdl"),
                new SoapLogin(access, Set.of(HubAccess.ORDERS, HubAccess.ADMIN)), settings.integer("hub.ingest.max-bytes")));

        ProcurementStore procurement = new ProcurementStore(dataSource);
        CxmlGateway gateway = new CxmlGateway(new CxmlReader(settings.integer("hub.cxml.max-bytes")),
                new CxmlDtdValidator(settings.path("hub.cxml.dtd-dir")), Partners.load(settings.path("hub.cxml.partners")), procurement, settings.get("hub.cxml.endpoint-url"),
                settings.get("hub.cxml.punchout-url"), metrics);
        registry.bind("cxmlGateway", gateway);
        Confirmations confirmations = new Confirmations(procurement, gateway::partners,
                Duration.ofSeconds(settings.integer("hub.cxml.confirmation-timeout-seconds")));
        confirmations.useProducer(context.createProducerTemplate());
        registry.bind("cxmlConfirmations", confirmations);
        OrderDesk desk = new OrderDesk(procurement, new DirectSalesFit(settings.set("hub.cxml.directsales-currencies")),
                new ContractOrderSchema(settings.path("hub.channel.directsales.schema")),
                PartNumbers.load(settings.path("hub.cxml.part-numbers")), CurrencyRates.load(settings.path("hub.cxml.currency-rates")),
                confirmations);
        desk.useProducer(context.createProducerTemplate());
        registry.bind("procurementOrders", new ProcurementOrders(store, procurement, normalizer::emailKey, desk, confirmations));
        context.addRoutes(new CxmlRoutes(settings.get("hub.mappings-dir")));
        context.addRoutes(new ConfirmationRoutes());

        EditableFiles files = new EditableFiles(settings.path("hub.home"), settings.path("hub.data-dir").resolve("history"),
                new MappingTrial(settings.path("hub.config-dir").resolve("samples"), CANONICAL_SCHEMA));
        files.onChange(settings.path("hub.subscriptions"), content -> new Properties().load(new StringReader(content)),
                file -> feeds.subscribe(load(file)));
        EditableFiles.Reloader matching = file -> {
            EvidenceNormalizer reloaded = new EvidenceNormalizer(Nicknames.load(settings.path("hub.identity.nicknames")),
                    DEFAULT_PHONE_REGION);
            profiles.useMatching(reloaded, new MatchScorer(MatchSettings.load(settings.path("hub.identity.matching"),
                    settings.path("hub.identity.weights")), reloaded));
        };
        files.onChange(settings.path("hub.identity.matching"), content -> MatchSettings.from(properties(content)), matching);
        files.onChange(settings.path("hub.identity.nicknames"), content -> Nicknames.parse(new StringReader(content)), matching);
        files.onChange(settings.path("hub.monitoring.thresholds"), content -> Thresholds.parse(properties(content)),
                file -> monitor.useThresholds(Thresholds.parse(load(file))));
        files.onChange(settings.path("hub.value.rules"), content -> ValueRules.from(properties(content)), file -> {
            valueState.useRules(ValueRules.from(load(file)));
            valueRefit.request("value rules changed");
        });
        files.onChange(settings.path("hub.cxml.partners"), content -> Partners.parse(new StringReader(content)),
                file -> gateway.usePartners(Partners.load(file)));
        files.onChange(settings.path("hub.cxml.part-numbers"), content -> PartNumbers.parse(new StringReader(content)),
                file -> desk.usePartNumbers(PartNumbers.load(file)));
        files.onChange(settings.path("hub.cxml.currency-rates"), content -> CurrencyRates.parse(new StringReader(content)),
                file -> desk.useRates(CurrencyRates.load(file)));
        registry.bind("orderExceptionsApi", new OrderExceptionsApi(desk, files, settings.path("hub.home"),
                settings.path("hub.cxml.part-numbers"), audit));
        RouteErrors routeErrors = new RouteErrors();
        context.getManagementStrategy().addEventNotifier(routeErrors);
        registry.bind("adminApi", new AdminApi(new DeadLetterQueues(connections, store),
                audit, settings.set("hub.channels"), Optional.ofNullable(broker), files, routeErrors, pauses, profiles::writeStats));
        registry.bind("loadsApi", new LoadsApi(new LoadRuns(dataSource)));
        if (settings.bool("hub.files.watch")) {
            context.addService(new FileWatcher(files, audit, context, settings.integer("hub.files.debounce-ms")), true, false);
        }
        registry.bind("monitoringApi", new MonitoringApi(metrics, meters, monitor, Optional.ofNullable(broker),
                Duration.ofHours(settings.integer("hub.monitoring.history-hours"))));
        context.addRoutes(new MonitoringRoutes(settings.integer("hub.monitoring.check-seconds") * 1000L));
        context.addRoutes(new AdminRoutes());
        context.addRoutes(new ConsoleRoutes());
        context.addRoutes(new SegmentRoutes());
    }

    /** Checked before anything listens: a demo password on a public address would be an open door. */
    /** The reminder channel must be one the hub has an out queue for. */
    private static String reminderChannel(HubSettings settings) {
        String channel = settings.get("hub.reminders.channel").trim();
        if (!settings.set("hub.channels").contains(channel)) {
            throw new IllegalArgumentException("hub.reminders.channel " + channel + " is none of hub.channels "
                    + settings.set("hub.channels"));
        }
        return channel;
    }

    private static void refuseDemoCredentialsOffLoopback(HubSettings settings) throws Exception {
        List<String> hosts = List.of(settings.get("camel.server.host"),
                settings.get("hub.broker.bind").substring(0, settings.get("hub.broker.bind").lastIndexOf(':')),
                URI.create(settings.get("hub.soap.address")).getHost());
        if (hosts.stream().allMatch(host -> host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1"))) {
            return;
        }
        Map<String, HashedSecret> stored = new HashMap<>(HubUsers.load(settings.path("hub.users")).passwords("user"));
        stored.putAll(Partners.load(settings.path("hub.cxml.partners")).secrets());
        Map<String, String> demo = new HashMap<>(Map.of("user admin", "admin", "user agent", "agent", "user monitoring", "monitoring"));
        stored.keySet().stream().filter(who -> who.startsWith("partner ")).forEach(who -> demo.put(who, "coyote"));
        if (settings.bool("hub.broker.embedded")) {
            // each demo broker user (channels, admin, the hub) has its own name as password
            HubUsers brokerUsers = HubUsers.load(settings.path("hub.broker.users"));
            stored.putAll(brokerUsers.passwords("broker user"));
            brokerUsers.names().forEach(name -> demo.put("broker user " + name, name));
        }
        DemoCredentials.refuseOffLoopback(hosts, DemoCredentials.inPlace(stored, demo));
    }

    private static Map<String, DocumentFormat> channelFormats(HubSettings settings) throws IOException, SAXException {
        Map<String, DocumentFormat> formats = new LinkedHashMap<>();
        for (String channel : settings.set("hub.channels")) {
            formats.put(channel, DocumentFormat.load(channel, settings.path("hub.channel." + channel + ".schema")));
        }
        return formats;
    }

    /** hub.node.id, or when it is empty the host and process id: unique among nodes on one machine or several. */
    private static String nodeId(HubSettings settings) throws UnknownHostException {
        String configured = settings.context().getPropertiesComponent().resolveProperty("hub.node.id").orElse("").trim();
        return configured.isEmpty() ? InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid() : configured;
    }

    private static Properties properties(String content) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(content));
        return properties;
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Closes the connection pool when Camel stops, after the routes that use it. */
    private static final class Closer extends ServiceSupport {
        private final HikariDataSource dataSource;

        Closer(HikariDataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        protected void doStop() {
            dataSource.close();
        }
    }

    /** Typed access to the hub.* settings, resolved by Camel's property placeholders (so -D and env overrides apply). */
    private record HubSettings(CamelContext context) {
        String get(String key) {
            return context.getPropertiesComponent().resolveProperty(key)
                    .orElseThrow(() -> new IllegalStateException("missing setting " + key));
        }

        int integer(String key) {
            return Integer.parseInt(get(key).trim());
        }

        boolean bool(String key) {
            return Boolean.parseBoolean(get(key).trim());
        }

        Path path(String key) {
            return Path.of(get(key).trim());
        }

        Set<String> set(String key) {
            return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        }
    }
}
