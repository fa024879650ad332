package org.customerhub.bench;

import static org.apache.camel.builder.Builder.exchangeProperty;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.bench.CatalogueOrders.Order;

/**
 * How many catalogue orders per second one channel ingests, next to what the same broker moves when nobody processes
 * the messages: the same bodies, persistent, through a scratch queue to a consumer that commits a local transaction
 * per message, as the hub's listener does. Run through bench/run; arguments: [messages, default 2000].
 */
public final class IngestRateBench {
    private static final int DEFAULT_MESSAGES = 2000;
    /** Lets the JIT compile the ingest path (XSLT, JAXB, H2, both identity paths) before anything is timed; on two
     *  cores it keeps compiling well past this, so later workloads still gain a little. */
    private static final int WARM_UP_MESSAGES = 500;
    private static final String HUB_QUEUE = "hub.in.catalogue";
    private static final String DEAD_LETTER_QUEUE = "hub.dlq.catalogue";
    /** Not under hub.#: the catch-all address setting in broker.xml creates it on first use. */
    private static final String RAW_QUEUE = "bench.raw";
    private static final String ROUTE = "ingest-catalogue";
    private static final long RECEIVE_TIMEOUT_MS = 30_000;
    private static final Path RESULT = Path.of("target", "bench", "ingest-rate.json");

    private final TestHub hub;
    /** Sends as a channel system would and browses the dead-letter queue. */
    private final Connection connection;

    private IngestRateBench(TestHub hub, Connection connection) {
        this.hub = hub;
        this.connection = connection;
    }

    /** As the hub's own broker user: the raw baseline needs a scratch queue, which no channel user may create. */
    private static Connection brokerConnection(int port) throws JMSException {
        Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, "hub", "hub").createConnection();
        connection.start();
        return connection;
    }

    private Connection brokerConnection() throws JMSException {
        return brokerConnection(hub.brokerPort());
    }

    record Workload(String name, List<Order> orders) {
        int customers() {
            Set<String> accounts = new HashSet<>();
            orders.forEach(order -> accounts.add(order.customer().accountNo()));
            return accounts.size();
        }
    }

    record Result(String workload, int messages, int customers, double brokerPerSecond, double hubPerSecond) {
        double ratio() {
            return hubPerSecond / brokerPerSecond;
        }

        double msPerMessage() {
            return 1000.0 / hubPerSecond;
        }
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_MESSAGES;
        TestHub hub = TestHub.isolated(new Properties());
        int status = 0;
        try (Connection producerConnection = brokerConnection(hub.brokerPort())) {
            new IngestRateBench(hub, producerConnection).run(messages);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        } finally {
            hub.stop();
        }
        // Broker and pool threads may outlive the hub; the figures are printed, so end here.
        System.exit(status);
    }

    private void run(int messages) throws Exception {
        double loadAtStart = loadAverage();
        CatalogueOrders generator = new CatalogueOrders();
        Workload warmUp = new Workload("warm-up", generator.halfRepeatCustomers(WARM_UP_MESSAGES));
        rawBroker(warmUp);
        throughHub(warmUp);
        verify(warmUp);
        System.out.printf("warm-up: %d messages through the broker and the hub, not counted%n", WARM_UP_MESSAGES);

        List<Result> results = new ArrayList<>();
        for (Workload workload : List.of(
                new Workload("distinct customers", generator.distinctCustomers(messages)),
                new Workload("50% repeat customers", generator.halfRepeatCustomers(messages)))) {
            double broker = rawBroker(workload);
            double ingest = throughHub(workload);
            verify(workload);
            results.add(new Result(workload.name(), messages, workload.customers(), broker, ingest));
        }
        System.gc();
        long heapUsedMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        report(results, heapUsedMb, loadAtStart, loadAverage());
    }

    /** Other work on the machine skews every figure here; the 1-minute load average (this run included) hints at it. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Messages per second from the first send until the last message is received and its transaction committed. */
    private double rawBroker(Workload workload) throws Exception {
        // its own connection, like the hub's listener, so producer and consumer do not share one socket
        try (Connection consumerConnection = brokerConnection();
             Session session = consumerConnection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(RAW_QUEUE))) {
            CompletableFuture<Long> firstSend = sendAll(RAW_QUEUE, workload.orders());
            for (int i = 0; i < workload.orders().size(); i++) {
                Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
                if (message == null) {
                    throw new AssertionError("raw broker: only " + i + " of " + workload.orders().size() + " messages arrived");
                }
                session.commit();
            }
            return perSecond(workload.orders().size(), System.nanoTime() - firstSend.get());
        }
    }

    /** Messages per second from the first send until the ingest route has finished the last message. */
    private double throughHub(Workload workload) throws Exception {
        int count = workload.orders().size();
        // count the inbound messages, not the change events each one splits off
        NotifyBuilder done = new NotifyBuilder(hub.context()).fromRoute(ROUTE)
                .filter(exchangeProperty(Exchange.SPLIT_INDEX).isNull()).whenDone(count).create();
        CompletableFuture<Long> firstSend = sendAll(HUB_QUEUE, workload.orders());
        // generous: a hub that is merely slow still gets a figure, a stuck one fails
        if (!done.matches(60 + count / 5, TimeUnit.SECONDS)) {
            throw new AssertionError("hub did not finish " + count + " messages of " + workload.name() + " in time");
        }
        long end = System.nanoTime();
        return perSecond(count, end - firstSend.get());
    }

    /** One persistent producer on its own session and thread, as a channel system would send; completes with the
     *  time of the first send once all are sent. */
    private CompletableFuture<Long> sendAll(String queue, List<Order> orders) {
        return CompletableFuture.supplyAsync(() -> {
            try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                long first = System.nanoTime();
                for (Order order : orders) {
                    producer.send(session.createTextMessage(order.xml()));
                }
                return first;
            } catch (JMSException e) {
                throw new IllegalStateException("cannot send to " + queue, e);
            }
        });
    }

    /** Through the REST API: every account is one customer holding all its orders, and nothing was dead-lettered. */
    private void verify(Workload workload) throws Exception {
        HubClient client = hub.client();
        try {
            Map<String, Integer> ordersByAccount = new LinkedHashMap<>();
            workload.orders().forEach(order -> ordersByAccount.merge(order.customer().accountNo(), 1, Integer::sum));
            Set<String> hubIds = new HashSet<>();
            for (Map.Entry<String, Integer> account : ordersByAccount.entrySet()) {
                JsonNode found = client.find("key", "catalogue:" + account.getKey());
                require(found.size() == 1, "account " + account.getKey() + " is " + found.size() + " customers");
                JsonNode customer = found.get(0);
                require(customer.get("interactions").size() == account.getValue(), "account " + account.getKey() + " has "
                        + customer.get("interactions").size() + " orders, sent " + account.getValue());
                require(customer.get("possibleMatches").isEmpty(), "account " + account.getKey() + " has possible matches");
                hubIds.add(customer.get("hubId").asText());
            }
            require(hubIds.size() == workload.customers(), workload.name() + ": " + hubIds.size() + " customers, expected "
                    + workload.customers());
            Order last = workload.orders().get(workload.orders().size() - 1);
            JsonNode owner = client.find("order", "catalogue:" + last.orderNo());
            require(owner.size() == 1 && HubClient.sourceKeys(owner.get(0)).contains("catalogue:" + last.customer().accountNo()),
                    "order " + last.orderNo() + " is not with account " + last.customer().accountNo());
            int deadLetters = deadLetters();
            require(deadLetters == 0, DEAD_LETTER_QUEUE + " holds " + deadLetters + " messages");
        } finally {
            client.close();
        }
    }

    private int deadLetters() throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(DEAD_LETTER_QUEUE))) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    private static double perSecond(int messages, long nanos) {
        return messages * 1e9 / nanos;
    }

    private static void report(List<Result> results, long heapUsedMb, double loadAtStart, double loadAtEnd)
            throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("%n%-22s %8s %9s %11s %9s %9s %8s%n", "workload", "messages", "customers", "broker msg/s",
                "hub msg/s", "hub/broker", "ms/msg");
        for (Result r : results) {
            System.out.printf("%-22s %8d %9d %12.0f %9.1f %10.3f %8.2f%n", r.workload(), r.messages(), r.customers(),
                    r.brokerPerSecond(), r.hubPerSecond(), r.ratio(), r.msPerMessage());
        }
        System.out.printf("heap used after GC: %d MB; %d cores, Java %s; load average %.2f at start, %.2f at end%n",
                heapUsedMb, cores, Runtime.version(), loadAtStart, loadAtEnd);
        Result headline = results.get(0);
        System.out.printf("bench: ingest %.1f msg/s, broker %.0f msg/s, ratio %.3f%n", headline.hubPerSecond(),
                headline.brokerPerSecond(), headline.ratio());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", "ingest-rate");
        json.put("channel", "catalogue");
        json.put("warmUpMessages", WARM_UP_MESSAGES);
        json.put("cores", cores);
        json.put("java", Runtime.version().toString());
        json.put("heapUsedMbAfterGc", heapUsedMb);
        json.put("loadAverageAtStart", round(loadAtStart));
        json.put("loadAverageAtEnd", round(loadAtEnd));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("workload", r.workload());
            row.put("messages", r.messages());
            row.put("customers", r.customers());
            row.put("brokerMsgPerSecond", round(r.brokerPerSecond()));
            row.put("hubMsgPerSecond", round(r.hubPerSecond()));
            row.put("ratioHubToBroker", round(r.ratio()));
            row.put("msPerMessage", round(r.msPerMessage()));
            rows.add(row);
        }
        json.put("results", rows);
        Files.createDirectories(RESULT.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(RESULT.toFile(), json);
        System.out.println("written to " + RESULT);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
