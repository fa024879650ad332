package org.customerhub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.customerhub.TestHub;
import org.customerhub.load.WeightsMain;

/**
 * Identity quality on the FEBRL synthetic person data: every record is fed through a running hub as a channel message
 * of its own, and the customers the hub made of them are compared with the truth (a record {@code rec-N-org} and its
 * copies {@code rec-N-dup-K} are one person) as pairwise precision, recall and F1. Run through
 * {@code bench/febrl DIR}, DIR holding dataset2.csv and dataset3.csv; each dataset goes into a hub of its own,
 * started on a fresh data folder.
 *
 * <p>How a record becomes a channel message. No channel carries a date of birth or a social security number, so both
 * are left out: the hub matches on name and address only. The catalogue cannot hold an Australian address (its ZIP
 * is 5 or 9 digits, its state a two-letter USPS code), the retail till captures no address, and the direct-sales
 * address is the company's. So a record goes to the web shop, which takes international addresses, as a guest
 * checkout: an {@code ORDER_PLACED} event with a {@code guest-} user id and an e-mail of its own, the given and
 * family name as typed, and one shipping address: street number and street as line1, the FEBRL address_2 (a
 * building or locality) as line2, suburb as city, state as region, the 4-digit postcode, country AU. Guest
 * checkouts rather than registered accounts, because the hub never merges two accounts of one channel (the channel
 * keeps them apart on purpose; they become possible matches), so duplicates under web accounts would measure that
 * rule rather than matching. Its customer is found afterwards by the order number. The web form cannot leave out a
 * part of the name, the suburb or the street; so a record without a given name or a surname is a store sale with a
 * loyalty card of its own and the name parts it has (no address: the till takes none), and an address without
 * street or suburb is left out of its web event. A state that is empty is the postcode's state, as a shop's address
 * form fills it; identity resolution does not compare regions.
 */
public final class FebrlQuality {
    /** The datasets measured, each with its own hub. */
    static final List<String> DATASETS = List.of("dataset2.csv", "dataset3.csv");
    private static final Path RESULT = Path.of("target", "bench", "febrl.json");
    private static final Pattern PERSON_NAME = Pattern.compile("[\\p{L}][\\p{L}\\p{M}'’\\-. ]*");
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(30);
    private static final List<String> QUEUES = List.of("hub.in.web", "hub.work.web", "hub.in.retail", "hub.work.retail");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a running hub is: its broker with the demo channel users (password = name) and its HTTP API. */
    public record HubAddress(String brokerUrl, String httpBaseUrl, String agentUser, String agentPassword,
                             String adminUser, String adminPassword) {
        public static HubAddress of(TestHub hub) {
            return new HubAddress("tcp://127.0.0.1:" + hub.brokerPort(), "http://127.0.0.1:" + hub.httpPort(),
                    "agent", "agent", "admin", "admin");
        }
    }

    /** Figures of one dataset, or of several added up. */
    public record Quality(String dataset, String weights, int records, long truePairs, long foundPairs,
                          long truePositives, long offeredTrue, long offeredFalse, int deadLetters, Duration elapsed) {
        public double precision() {
            return foundPairs == 0 ? 1.0 : (double) truePositives / foundPairs;
        }

        public double recall() {
            return truePairs == 0 ? 1.0 : (double) truePositives / truePairs;
        }

        /** Recall counting the true pairs offered to agents as possible matches as found. */
        public double recallWithReview() {
            return truePairs == 0 ? 1.0 : (double) (truePositives + offeredTrue) / truePairs;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        Quality plus(Quality other) {
            return new Quality("combined", weights, records + other.records, truePairs + other.truePairs,
                    foundPairs + other.foundPairs, truePositives + other.truePositives, offeredTrue + other.offeredTrue,
                    offeredFalse + other.offeredFalse, deadLetters + other.deadLetters, elapsed.plus(other.elapsed));
        }
    }

    /** One FEBRL row; empty fields are empty strings. */
    record FebrlRecord(String recId, String givenName, String surname, String streetNumber, String address1,
                       String address2, String suburb, String postcode, String state) {
        /** rec-N of rec-N-org and rec-N-dup-K: the person. */
        String person() {
            String[] parts = recId.split("-");
            return parts[0] + "-" + parts[1];
        }
    }

    /** A record as the message sent for it and the search (parameter and value) that finds its customer afterwards. */
    record ChannelMessage(String queue, String lookup, String lookupValue, String xml) {
    }

    private FebrlQuality() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.remove("--febrl");
        if (arguments.size() != 1) {
            System.err.println("usage: bench/febrl DIR   (DIR holds dataset2.csv and dataset3.csv)");
            System.exit(2);
        }
        int status = 0;
        try {
            measureAll(Path.of(arguments.get(0)));
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        }
        // Broker and pool threads may outlive the hub; the figures are printed, so end here.
        System.exit(status);
    }

    /**
     * Every dataset of the folder, each on a fresh hub of its own twice: first with the hand-set weights; then the
     * weights are learned from that hub's store as {@code bin/hub weights} does (no truth used), and the dataset is fed
     * again to a fresh hub reading them. Prints the table and returns the combined figures of the learned weights.
     */
    public static Quality measureAll(Path folder) throws Exception {
        List<Quality> results = new ArrayList<>();
        for (String dataset : DATASETS) {
            Path weights = RESULT.resolveSibling("febrl-" + dataset.replaceFirst("\\.csv$", "") + "-weights.properties");
            Files.deleteIfExists(weights);
            Properties handSet = new Properties();
            handSet.setProperty("hub.identity.weights", weights.toString());
            TestHub hub = TestHub.isolated(handSet);
            try {
                results.add(measure(folder.resolve(dataset), HubAddress.of(hub), "hand-set"));
            } finally {
                hub.stop();
            }
            Properties store = new Properties();
            store.setProperty("hub.data-dir", hub.dataDir().toString());
            store.setProperty("hub.identity.weights", weights.toString());
            WeightsMain.estimate(store, new String[0], System.out);
            TestHub learned = TestHub.isolated(handSet);
            try {
                results.add(measure(folder.resolve(dataset), HubAddress.of(learned), "learned"));
            } finally {
                learned.stop();
            }
        }
        return report(results);
    }

    /**
     * Feeds every record of one FEBRL file to the hub, waits until the hub has processed them all, and compares the
     * customers found by the records' orders or keys, and the possible matches offered between them, with the truth.
     * Also writes which customer each record became to target/bench/febrl-&lt;dataset&gt;-customers.csv, for looking
     * into the misses.
     */
    public static Quality measure(Path csv, HubAddress hub, String weights) throws Exception {
        List<FebrlRecord> records = read(csv);
        List<ChannelMessage> messages = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            messages.add(toMessage(records.get(i), i));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadLettersBefore = deadLetters(http, hub);
        long start = System.nanoTime();
        send(hub, messages);
        awaitProcessed(http, hub);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int deadLetters = (int) (deadLetters(http, hub) - deadLettersBefore);

        Map<String, String> customerOfRecord = new LinkedHashMap<>();
        Map<String, Set<String>> possible = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ChannelMessage message = messages.get(i);
            JsonNode found = getJson(http, hub, "/api/customers?" + message.lookup() + "="
                    + URLEncoder.encode(message.lookupValue(), StandardCharsets.UTF_8), false);
            // a record the hub made no customer of stands alone
            String customer = found.size() == 1 ? found.get(0).get("hubId").asText() : "none:" + i;
            customerOfRecord.put(records.get(i).recId(), customer);
            if (found.size() == 1 && !possible.containsKey(customer)) {
                Set<String> others = new HashSet<>();
                getJson(http, hub, "/api/customers/" + customer, false).get("possibleMatches")
                        .forEach(match -> others.add(match.get("hubId").asText()));
                possible.put(customer, others);
            }
        }
        writeCustomers(csv, weights, customerOfRecord);
        String dataset = csv.getFileName().toString().replaceFirst("\\.csv$", "");
        return compare(dataset, weights, records, customerOfRecord, possible, deadLetters, elapsed);
    }

    /**
     * Pairwise figures counted by grouping: pairs in a group of n are n(n-1)/2, no pair is looked at one by one. A
     * possible match between two customers offers every pair of their records to an agent: true when the two records
     * are one person.
     */
    static Quality compare(String dataset, String weights, List<FebrlRecord> records, Map<String, String> customerOfRecord,
                           Map<String, Set<String>> possible, int deadLetters, Duration elapsed) {
        long truePairs = pairs(records, FebrlRecord::person);
        long foundPairs = pairs(records, r -> customerOfRecord.get(r.recId()));
        long truePositives = pairs(records, r -> r.person() + "\u0000" + customerOfRecord.get(r.recId()));
        Map<String, Map<String, Long>> peopleOfCustomer = new HashMap<>();
        records.forEach(r -> peopleOfCustomer.computeIfAbsent(customerOfRecord.get(r.recId()), c -> new HashMap<>())
                .merge(r.person(), 1L, Long::sum));
        long offeredTrue = 0;
        long offeredFalse = 0;
        Set<List<String>> offered = new HashSet<>();
        for (Map.Entry<String, Set<String>> matches : possible.entrySet()) {
            for (String other : matches.getValue()) {
                String a = matches.getKey();
                if (a.equals(other) || !offered.add(a.compareTo(other) < 0 ? List.of(a, other) : List.of(other, a))) {
                    continue;
                }
                Map<String, Long> peopleA = peopleOfCustomer.getOrDefault(a, Map.of());
                Map<String, Long> peopleB = peopleOfCustomer.getOrDefault(other, Map.of());
                long all = peopleA.values().stream().mapToLong(Long::longValue).sum()
                        * peopleB.values().stream().mapToLong(Long::longValue).sum();
                long same = peopleA.entrySet().stream().mapToLong(e -> e.getValue() * peopleB.getOrDefault(e.getKey(), 0L)).sum();
                offeredTrue += same;
                offeredFalse += all - same;
            }
        }
        return new Quality(dataset, weights, records.size(), truePairs, foundPairs, truePositives, offeredTrue,
                offeredFalse, deadLetters, elapsed);
    }

    private static long pairs(List<FebrlRecord> records, Function<FebrlRecord, String> group) {
        return records.stream().collect(Collectors.groupingBy(group, Collectors.counting())).values().stream()
                .mapToLong(n -> n * (n - 1) / 2).sum();
    }

    static List<FebrlRecord> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<FebrlRecord> records = new ArrayList<>();
        // the header names rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode,
        // state, date_of_birth, soc_sec_id; FEBRL fields hold no commas or quotes
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 9) {
                throw new IllegalArgumentException(csv + ": not a FEBRL row: " + line);
            }
            records.add(new FebrlRecord(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip(), f[4].strip(),
                    f[5].strip(), f[6].strip(), f[7].strip(), f[8].strip()));
        }
        return records;
    }

    /** The record as a web event, or as a store sale when the web form could not take its name (see the class). */
    static ChannelMessage toMessage(FebrlRecord r, int index) {
        boolean fullName = PERSON_NAME.matcher(r.givenName()).matches() && PERSON_NAME.matcher(r.surname()).matches();
        return fullName ? webEvent(r, index) : storeSale(r, index);
    }

    private static ChannelMessage webEvent(FebrlRecord r, int index) {
        String session = String.format("%012x", 0xfeb000000000L + index);
        String orderId = String.format("W%09d", 100_000_000 + index);
        StringBuilder xml = new StringBuilder()
                .append("<Event xmlns=\"urn:example:web:events:2026\" type=\"ORDER_PLACED\" id=\"").append(UUID.randomUUID())
                .append("\" at=\"2026-03-01T10:00:00Z\">")
                .append("<Shopper><userId>guest-").append(session).append("</userId>")
                .append("<email>shopper-").append(session).append("@mail.example.com</email>")
                .append("<Name><given>").append(escape(r.givenName())).append("</given><family>")
                .append(escape(r.surname())).append("</family></Name>");
        // without a street, the building or locality line is what the shopper typed first
        String street = r.address1().isEmpty() ? r.address2() : r.address1();
        String line2 = r.address1().isEmpty() ? "" : r.address2();
        if (!street.isEmpty() && !r.suburb().isEmpty()) {
            xml.append("<Address type=\"shipping\">").append("<line1>")
                    .append(escape((r.streetNumber() + " " + street).strip())).append("</line1>");
            if (!line2.isEmpty()) {
                xml.append("<line2>").append(escape(line2)).append("</line2>");
            }
            xml.append("<city>").append(escape(r.suburb())).append("</city>")
                    .append("<region>").append(escape(region(r))).append("</region>")
                    .append("<postalCode>").append(escape(r.postcode())).append("</postalCode>")
                    .append("<country>AU</country></Address>");
        }
        xml.append("</Shopper><Order><orderId>").append(orderId).append("</orderId>")
                .append("<Line><sku>120334</sku><qty>1</qty><unitPrice>45.99</unitPrice></Line>")
                .append("<total>45.99</total><currency>USD</currency></Order></Event>");
        return new ChannelMessage("hub.in.web", "order", "web:" + orderId, xml.toString());
    }

    private static ChannelMessage storeSale(FebrlRecord r, int index) {
        String card = String.format("%010d", 8_000_000_000L + index);
        StringBuilder xml = new StringBuilder()
                .append("<pos:Transaction xmlns:pos=\"urn:example:retail:pos:v2\" store=\"0612\" register=\"02\" receipt=\"")
                .append(String.format("0612-02-%06d", index)).append("\" timestamp=\"2026-03-01T10:00:00+10:00\" type=\"SALE\">")
                .append("<pos:Member card=\"").append(card).append("\"/>");
        boolean given = PERSON_NAME.matcher(r.givenName()).matches();
        boolean family = PERSON_NAME.matcher(r.surname()).matches();
        if (given || family) {
            xml.append("<pos:Customer capture=\"CASHIER\">");
            if (given) {
                xml.append("<pos:FirstName>").append(escape(r.givenName())).append("</pos:FirstName>");
            }
            if (family) {
                xml.append("<pos:LastName>").append(escape(r.surname())).append("</pos:LastName>");
            }
            xml.append("</pos:Customer>");
        }
        xml.append("<pos:Items><pos:Item line=\"1\" sku=\"120334\" desc=\"PAPER A4 80GSM 5RM\" qty=\"1\" price=\"45.99\" cost=\"28.70\"/>")
                .append("</pos:Items><pos:Tender type=\"CREDIT\" amount=\"45.99\" last4=\"8213\"/>")
                .append("<pos:Total currency=\"USD\" subtotal=\"45.99\" tax=\"0.00\">45.99</pos:Total></pos:Transaction>");
        return new ChannelMessage("hub.in.retail", "key", "retail:" + card, xml.toString());
    }

    /** The record's state, upper case; an empty one is the state of the postcode, as a shop's address form fills it. */
    private static String region(FebrlRecord r) {
        if (!r.state().isEmpty()) {
            return r.state().toUpperCase(Locale.ROOT);
        }
        int postcode = Integer.parseInt(r.postcode());
        if (postcode >= 2600 && postcode <= 2618 || postcode >= 2900 && postcode <= 2920) {
            return "ACT";
        }
        return switch (r.postcode().charAt(0)) {
            case '0' -> "NT";
            case '2' -> "NSW";
            case '3', '8' -> "VIC";
            case '4', '9' -> "QLD";
            case '5' -> "SA";
            case '6' -> "WA";
            default -> "TAS";
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Each channel sends as its own broker user (the demo users' password is their name), persistent, in file order. */
    private static void send(HubAddress hub, List<ChannelMessage> messages) throws JMSException {
        Map<String, Connection> connections = new HashMap<>();
        Map<String, Session> sessions = new HashMap<>();
        try {
            for (ChannelMessage message : messages) {
                String channel = message.queue().substring("hub.in.".length());
                Session session = sessions.get(channel);
                if (session == null) {
                    Connection connection = new ActiveMQConnectionFactory(hub.brokerUrl(), channel, channel).createConnection();
                    connections.put(channel, connection);
                    session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    sessions.put(channel, session);
                }
                try (MessageProducer producer = session.createProducer(session.createQueue(message.queue()))) {
                    producer.send(session.createTextMessage(message.xml()));
                }
            }
        } finally {
            for (Connection connection : connections.values()) {
                connection.close();
            }
        }
    }

    /** Until the web and retail queues, inbound and work, are empty: every message taken and committed. */
    private static void awaitProcessed(HttpClient http, HubAddress hub) throws InterruptedException {
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            long waiting = 0;
            for (JsonNode queue : getJson(http, hub, "/admin/api/broker", true)) {
                if (QUEUES.contains(queue.get("queue").asText())) {
                    waiting += queue.get("depth").asLong();
                }
            }
            if (waiting == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the hub did not process the FEBRL records within " + PROCESSING_TIMEOUT);
    }

    private static long deadLetters(HttpClient http, HubAddress hub) {
        long count = 0;
        for (JsonNode queue : getJson(http, hub, "/admin/api/broker", true)) {
            if (queue.get("queue").asText().startsWith("hub.dlq.")) {
                count += queue.get("depth").asLong();
            }
        }
        return count;
    }

    private static JsonNode getJson(HttpClient http, HubAddress hub, String path, boolean asAdmin) {
        String login = asAdmin ? hub.adminUser() + ":" + hub.adminPassword() : hub.agentUser() + ":" + hub.agentPassword();
        HttpRequest request = HttpRequest.newBuilder(URI.create(hub.httpBaseUrl() + path))
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void writeCustomers(Path csv, String weights, Map<String, String> customerOfRecord) throws IOException {
        Path file = RESULT.resolveSibling("febrl-" + csv.getFileName().toString().replaceFirst("\\.csv$", "") + "-" + weights
                + "-customers.csv");
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>(List.of("rec_id,hub_id"));
        customerOfRecord.forEach((record, customer) -> lines.add(record + "," + customer));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static Quality report(List<Quality> results) throws IOException {
        List<Quality> rows = new ArrayList<>();
        Quality learned = null;
        for (String weights : List.of("hand-set", "learned")) {
            List<Quality> ofWeights = results.stream().filter(q -> q.weights().equals(weights)).toList();
            rows.addAll(ofWeights);
            Quality combined = ofWeights.stream().reduce(Quality::plus).orElseThrow();
            rows.add(combined);
            learned = combined;
        }
        System.out.printf("%n%-10s %-8s %7s %10s %11s %9s %9s %7s %7s %13s %14s %12s %9s%n", "dataset", "weights",
                "records", "true pairs", "found pairs", "true pos", "precision", "recall", "F1", "offered true",
                "offered false", "recall+review", "elapsed s");
        for (Quality q : rows) {
            System.out.printf("%-10s %-8s %7d %10d %11d %9d %9.4f %7.4f %7.4f %13d %14d %12.4f %9.1f%n", q.dataset(),
                    q.weights(), q.records(), q.truePairs(), q.foundPairs(), q.truePositives(), q.precision(), q.recall(),
                    q.f1(), q.offeredTrue(), q.offeredFalse(), q.recallWithReview(), q.elapsed().toMillis() / 1000.0);
        }
        System.out.printf("bench: febrl F1 %.4f (precision %.4f, recall %.4f, with review %.4f) over %d records%n",
                learned.f1(), learned.precision(), learned.recall(), learned.recallWithReview(), learned.records());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", "febrl");
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("java", Runtime.version().toString());
        List<Map<String, Object>> jsonRows = new ArrayList<>();
        for (Quality q : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dataset", q.dataset());
            row.put("weights", q.weights());
            row.put("records", q.records());
            row.put("truePairs", q.truePairs());
            row.put("foundPairs", q.foundPairs());
            row.put("truePositives", q.truePositives());
            row.put("precision", round(q.precision()));
            row.put("recall", round(q.recall()));
            row.put("f1", round(q.f1()));
            row.put("offeredTrue", q.offeredTrue());
            row.put("offeredFalse", q.offeredFalse());
            row.put("recallWithReview", round(q.recallWithReview()));
            row.put("deadLetters", q.deadLetters());
            row.put("elapsedSeconds", round(q.elapsed().toMillis() / 1000.0));
            jsonRows.add(row);
        }
        json.put("results", jsonRows);
        Files.createDirectories(RESULT.getParent());
        JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(RESULT.toFile(), json);
        System.out.println("written to " + RESULT);
        return learned;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
