package org.customerhub.bench;

import static org.apache.camel.builder.Builder.exchangeProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.bench.CatalogueOrders.Order;

/**
 * Round trip of a customer lookup from a client's side: JMS request/reply on hub.customer.query (one requester with
 * a temporary reply queue, one non-persistent question at a time) and REST GET /api/customers?key=, after a batch of customers has
 * been ingested. Prints p50, p95, p99 and mean in milliseconds: bench/query [customers] [lookups].
 */
public final class QueryLatencyBench {
    private static final int WARM_UP = 300;

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        TestHub hub = TestHub.isolated(new Properties());
        int status = 0;
        try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + hub.brokerPort(), "catalogue", "catalogue")
                .createConnection()) {
            connection.start();
            List<Order> orders = new CatalogueOrders().distinctCustomers(customers);
            ingest(hub, connection, orders);
            Random random = new Random(7);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < WARM_UP + lookups; i++) {
                keys.add("catalogue:" + orders.get(random.nextInt(orders.size())).customer().accountNo());
            }
            double[] jms = jmsRoundTrips(connection, keys);
            double[] rest = restRoundTrips(hub, keys);
            System.out.printf("%ncustomers stored: %d, lookups: %d (after %d warm-up), one at a time%n", customers, lookups, WARM_UP);
            System.out.printf("%-22s %8s %8s %8s %8s%n", "round trip (ms)", "p50", "p95", "p99", "mean");
            print("JMS request/reply", jms);
            print("REST GET ?key=", rest);
            System.out.printf("bench: query p50 %.2f ms, p99 %.2f ms; REST p50 %.2f ms, p99 %.2f ms%n",
                    percentile(jms, 50), percentile(jms, 99), percentile(rest, 50), percentile(rest, 99));
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        } finally {
            hub.stop();
        }
        System.exit(status);
    }

    private static void ingest(TestHub hub, Connection connection, List<Order> orders) throws Exception {
        // count the inbound messages, not the change events each one splits off
        NotifyBuilder done = new NotifyBuilder(hub.context()).fromRoute("ingest-catalogue")
                .filter(exchangeProperty(Exchange.SPLIT_INDEX).isNull()).whenDone(orders.size()).create();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue("hub.in.catalogue"))) {
            for (Order order : orders) {
                producer.send(session.createTextMessage(order.xml()));
            }
        }
        if (!done.matches(60 + orders.size() / 5, TimeUnit.SECONDS)) {
            throw new AssertionError("the hub did not ingest the customers in time");
        }
    }

    /** Milliseconds per lookup, warm-up dropped; each reply must be the customer asked for. */
    private static double[] jmsRoundTrips(Connection connection, List<String> keys) throws Exception {
        double[] millis = new double[keys.size() - WARM_UP];
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageProducer producer = session.createProducer(session.createQueue("hub.customer.query"));
                 MessageConsumer consumer = session.createConsumer(replies)) {
                // a question can be asked again: like the hub's replies, it needs no journal write
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                for (int i = 0; i < keys.size(); i++) {
                    TextMessage request = session.createTextMessage(
                            "<customerQuery xmlns=\"urn:customerhub:query:1\"><key>" + keys.get(i) + "</key></customerQuery>");
                    String correlation = UUID.randomUUID().toString();
                    request.setJMSCorrelationID(correlation);
                    request.setJMSReplyTo(replies);
                    long start = System.nanoTime();
                    producer.send(request);
                    TextMessage reply = (TextMessage) consumer.receive(10_000);
                    long elapsed = System.nanoTime() - start;
                    if (reply == null || !correlation.equals(reply.getJMSCorrelationID()) || !reply.getText().contains("FOUND")) {
                        throw new AssertionError("no matching reply for " + keys.get(i));
                    }
                    if (i >= WARM_UP) {
                        millis[i - WARM_UP] = elapsed / 1e6;
                    }
                }
            }
        }
        return millis;
    }

    private static double[] restRoundTrips(TestHub hub, List<String> keys) throws Exception {
        double[] millis = new double[keys.size() - WARM_UP];
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + hub.httpPort() + "/api/customers?key=";
        for (int i = 0; i < keys.size(); i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + keys.get(i)))
                    .header("Authorization", HubClient.AGENT_LOGIN).GET().build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200 || !response.body().contains(keys.get(i))) {
                throw new AssertionError("REST lookup of " + keys.get(i) + " answered " + response.statusCode());
            }
            if (i >= WARM_UP) {
                millis[i - WARM_UP] = elapsed / 1e6;
            }
        }
        return millis;
    }

    private static void print(String name, double[] millis) {
        System.out.printf("%-22s %8.2f %8.2f %8.2f %8.2f%n", name, percentile(millis, 50), percentile(millis, 95),
                percentile(millis, 99), Arrays.stream(millis).average().orElse(0));
    }

    private static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
