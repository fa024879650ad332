package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.identity.MatchSettings;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/hub weights} on a real store: guest checkouts of generated people (each typed twice, some with a
 * household member) go through the broker into a hub; with the hub stopped, the command learns the weights from its
 * H2 store and writes the file; a hub started with it merges a person typed with a slip and still keeps a household
 * member and two namesakes apart; a weights file with an unreachable match threshold keeps even that person apart,
 * so the file is what decides.
 */
class LearnedWeightsTest {
    private static final List<String> GIVEN = List.of("Matilda", "Oscar", "Harriet", "Lachlan", "Imogen", "Angus",
            "Beatrix", "Fergus", "Clementine", "Rupert", "Winifred", "Thaddeus", "Philippa", "Cornelius", "Rosalind",
            "Barnaby", "Georgina", "Percival", "Henrietta", "Ambrose");
    private static final List<String> FAMILY = List.of("Vanterpool", "Quarrington", "Ellsworth", "Pemberton",
            "Ravensdale", "Fairbairn", "Culverhouse", "Mortensen", "Ashcombe", "Tregarthen", "Wolstenholme", "Hazeldine",
            "Brackenridge", "Oddsson", "Kilbride", "Sandringham");
    private static final List<String> STREETS = List.of("Jacaranda Crescent", "Lomandra Street", "Boronia Road",
            "Waratah Avenue", "Grevillea Place", "Banksia Drive");
    private static final List<String> SUBURBS = List.of("Toowong:4066", "Paddington:4064", "Ashgrove:4060",
            "Bardon:4065", "Milton:4064", "Auchenflower:4066");
    private static final int PEOPLE = 60;

    @Test
    void weightsLearnedFromTheStoreDecideAndTheGuardsStillHold() throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "learned-weights", UUID.randomUUID().toString()));
        Path weights = folder.resolve("weights.properties");
        Properties settings = new Properties();
        settings.setProperty("hub.identity.weights", weights.toString());

        TestHub teaching = TestHub.isolated(settings);
        try (HubClient client = teaching.client()) {
            Ingest ingest = new Ingest(teaching, client);
            int order = 0;
            for (int i = 0; i < PEOPLE; i++) {
                String given = GIVEN.get(i % GIVEN.size());
                String family = FAMILY.get(i * 7 % FAMILY.size());
                String street = STREETS.get(i % STREETS.size());
                String[] suburb = SUBURBS.get(i * 5 % SUBURBS.size()).split(":");
                String number = String.valueOf(10 + i);
                guestOrder(ingest, ++order, given, family, number + " " + street, suburb[0], suburb[1]);
                // the same person again, typed with a slip in one field
                switch (i % 3) {
                    case 0 -> guestOrder(ingest, ++order, given, swapTwoLetters(family), number + " " + street, suburb[0], suburb[1]);
                    case 1 -> guestOrder(ingest, ++order, given, family, number + " " + swapTwoLetters(street), suburb[0], suburb[1]);
                    default -> guestOrder(ingest, ++order, given.toLowerCase(), family, number + " " + street, suburb[0], suburb[1]);
                }
                if (i % 6 == 0) {
                    guestOrder(ingest, ++order, GIVEN.get((i + 7) % GIVEN.size()), family, number + " " + street, suburb[0], suburb[1]);
                }
            }
        } finally {
            teaching.stop();
        }

        Properties store = new Properties();
        store.setProperty("hub.data-dir", teaching.dataDir().toString());
        store.setProperty("hub.identity.weights", weights.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WeightsMain.estimate(store, new String[0], new PrintStream(out, true, StandardCharsets.UTF_8));

        Properties learned = read(weights);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("written to");
        assertThat(learned.getProperty("learned.estimated-on")).startsWith("jdbc:h2:file:");
        assertThat(learned.getProperty("learned.estimated-at")).isNotBlank();
        assertThat(Integer.parseInt(learned.getProperty("learned.records"))).isEqualTo(PEOPLE * 2 + PEOPLE / 6);
        assertThat(Double.parseDouble(learned.getProperty("identity.weight.given.agree"))).isPositive();
        assertThat(Double.parseDouble(learned.getProperty("identity.weight.family.agree"))).isPositive();
        assertThat(Double.parseDouble(learned.getProperty("identity.weight.address.agree"))).isPositive();
        assertThat(Double.parseDouble(learned.getProperty("identity.weight.given.disagree"))).isNegative();
        assertThat(learned.getProperty("identity.threshold.match")).isNotBlank();
        MatchSettings.load(Path.of("config", "identity", "matching.properties"), weights);

        TestHub deciding = TestHub.isolated(settings);
        try (HubClient client = deciding.client()) {
            Ingest ingest = new Ingest(deciding, client);
            guestOrder(ingest, 901, "Winifred", "Brackenridge", "5 Waratah Avenue", "Bardon", "4065");
            guestOrder(ingest, 902, "Winifred", "Brakcenridge", "5 Waratah Avenue", "Bardon", "4065");
            guestOrder(ingest, 903, "Ambrose", "Brackenridge", "5 Waratah Avenue", "Bardon", "4065");
            guestOrder(ingest, 904, "Rupert", "Ashcombe", "9 Boronia Road", "Ashgrove", "4060");
            guestOrder(ingest, 905, "Rupert", "Ashcombe", "301 Grevillea Place", "Milton", "4064");

            String winifred = customerOf(client, 901);
            assertThat(customerOf(client, 902)).as("surname slip, learned weights").isEqualTo(winifred);
            assertThat(customerOf(client, 903)).as("household member").isNotEqualTo(winifred);
            assertThat(customerOf(client, 905)).as("namesake across town").isNotEqualTo(customerOf(client, 904));
        } finally {
            deciding.stop();
        }

        Files.writeString(weights, Files.readString(weights) + "identity.threshold.match=500\nidentity.threshold.possible=400\n");
        TestHub strict = TestHub.isolated(settings);
        try (HubClient client = strict.client()) {
            Ingest ingest = new Ingest(strict, client);
            guestOrder(ingest, 911, "Winifred", "Brackenridge", "5 Waratah Avenue", "Bardon", "4065");
            guestOrder(ingest, 912, "Winifred", "Brakcenridge", "5 Waratah Avenue", "Bardon", "4065");
            assertThat(customerOf(client, 912)).as("the weights file's threshold decides").isNotEqualTo(customerOf(client, 911));
        } finally {
            strict.stop();
        }
    }

    private static String swapTwoLetters(String text) {
        int at = text.length() / 2;
        return text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2);
    }

    private static void guestOrder(Ingest ingest, int order, String given, String family, String line1, String suburb,
                                   String postcode) throws Exception {
        String session = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ingest.sendText("web", """
                <Event xmlns="urn:example:web:events:2026" type="ORDER_PLACED" id="%s" at="2026-03-02T09:30:00Z">
                  <Shopper>
                    <userId>guest-%s</userId><email>guest-%s@mail.example.com</email>
                    <Name><given>%s</given><family>%s</family></Name>
                    <Address type="shipping"><line1>%s</line1><city>%s</city><region>QLD</region>
                      <postalCode>%s</postalCode><country>AU</country></Address>
                  </Shopper>
                  <Order><orderId>W%09d</orderId><Line><sku>120334</sku><qty>1</qty><unitPrice>12.50</unitPrice></Line>
                    <total>12.50</total><currency>USD</currency></Order>
                </Event>""".formatted(UUID.randomUUID(), session, session, given, family, line1, suburb, postcode, order),
                Map.of());
    }

    private static String customerOf(HubClient client, int order) {
        return client.only("order", String.format("web:W%09d", order)).get("hubId").asText();
    }

    private static Properties read(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
