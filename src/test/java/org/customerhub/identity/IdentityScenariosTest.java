package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The identity cases of the scenarios folder, sent through the broker and checked through the REST API. */
class IdentityScenariosTest {
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        TestHub hub = TestHub.shared();
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    private static void play(String scenario) throws Exception {
        Path folder = Path.of("src/test/resources/messages/scenarios", scenario);
        List<String> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(folder)) {
            listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).sorted().forEach(files::add);
        }
        for (String file : files) {
            ingest.send(Ingest.channelOf(file), "scenarios/" + scenario + "/" + file);
        }
    }

    private static JsonNode only(String parameter, String value) {
        return client.only(parameter, value);
    }

    private static List<String> keysOf(JsonNode customer) {
        return HubClient.sourceKeys(customer);
    }

    @Test
    void nicknameSamePhoneIsOneCustomer() throws Exception {
        play("nickname");
        assertThat(keysOf(only("key", "catalogue:0210457"))).containsExactlyInAnyOrder("catalogue:0210457", "web:U41020457");
    }

    @Test
    void surnameTypoIsOneCustomer() throws Exception {
        play("surname-typo");
        assertThat(keysOf(only("key", "web:U41244813")))
                .containsExactlyInAnyOrder("catalogue:0244813", "retail:7201448130", "web:U41244813");
    }

    @Test
    void marriedNameRenamesAndTheOldNameStillMatches() throws Exception {
        play("married-name");
        JsonNode customer = only("key", "catalogue:0331902");
        assertThat(keysOf(customer)).containsExactlyInAnyOrder("catalogue:0331902", "retail:7203319025", "web:U41331902");
        List<String> currentFamilies = new ArrayList<>();
        List<String> allFamilies = new ArrayList<>();
        customer.get("names").forEach(n -> {
            allFamilies.add(n.get("family").asText().toUpperCase());
            if (n.get("current").asBoolean()) {
                currentFamilies.add(n.get("family").asText().toUpperCase());
            }
        });
        assertThat(allFamilies).contains("PARK", "WHITFIELD");
        assertThat(currentFamilies).containsExactly("WHITFIELD");
    }

    @Test
    void householdSharingPhoneAndAddressStaysApart() throws Exception {
        play("household");
        JsonNode mei = only("key", "catalogue:0408876");
        JsonNode david = only("key", "retail:7204088761");
        assertThat(mei.get("hubId").asText()).isNotEqualTo(david.get("hubId").asText());
        assertThat(keysOf(mei)).containsExactly("catalogue:0408876");
        assertThat(keysOf(david)).containsExactlyInAnyOrder("retail:7204088761", "web:U41408876");
    }

    @Test
    void twoJohnSmithsStayApart() throws Exception {
        play("john-smiths");
        assertThat(only("key", "catalogue:0452019").get("hubId").asText())
                .isNotEqualTo(only("key", "web:U41452019").get("hubId").asText());
    }

    @Test
    void anonymousSaleIsLinkedToNobody() throws Exception {
        play("anonymous-sale");
        assertThat(client.find("order", "retail:2210-01-010044")).isEmpty();
        assertThat(TestHub.shared().count("SELECT COUNT(*) FROM interaction WHERE reference = ? AND hub_id IS NULL",
                "2210-01-010044")).isEqualTo(1);
    }

    @Test
    void guestCheckoutIsNeverAKey() throws Exception {
        play("guest-checkout");
        JsonNode customer = only("key", "web:U41500318");
        assertThat(keysOf(customer)).containsExactly("web:U41500318");
        assertThat(client.find("key", "web:guest-6783bd96bc99")).isEmpty();
        assertThat(only("order", "web:W000614402").get("hubId").asText()).isEqualTo(customer.get("hubId").asText());
    }

    @Test
    void duplicateDeliveryChangesNothing() throws Exception {
        play("duplicate");
        JsonNode customer = only("key", "web:U41622705");
        assertThat(customer.get("interactions")).hasSize(1);
        assertThat(customer.get("interactions").get(0).get("id").asText()).isEqualTo("W000615519");
    }

    @Test
    void lateMessageNeverOverwritesANewerValue() throws Exception {
        play("late-message");
        JsonNode customer = only("key", "web:U41517734");
        assertThat(keysOf(customer)).containsExactlyInAnyOrder("web:U41517734", "catalogue:0517734");
        List<String> current = new ArrayList<>();
        customer.get("addresses").forEach(a -> {
            if (a.get("current").asBoolean()) {
                current.add(a.get("line1").asText());
            }
        });
        assertThat(current).isNotEmpty().allMatch(line -> line.contains("Whitney"));
    }

    @Test
    void similarAddressIsAPossibleMatchNotAMerge() throws Exception {
        play("possible-match");
        assertPossibleMatchNotMerged("catalogue:0583361", "web:U41583361");
    }

    @Test
    void closeGivenNamesAtOneBuildingAreAPossibleMatchNotAMerge() throws Exception {
        play("close-given-names");
        assertPossibleMatchNotMerged("catalogue:0714402", "web:U41714402");
    }

    @Test
    void theFullNameAtOneHouseNumberOfOneTownOnAnotherStreetIsAPossibleMatchNotAMerge() throws Exception {
        play("number-in-place");
        assertPossibleMatchNotMerged("catalogue:0714403", "web:U41714403");
    }

    private static void assertPossibleMatchNotMerged(String olderKey, String laterKey) {
        JsonNode older = only("key", olderKey);
        JsonNode later = only("key", laterKey);
        assertThat(older.get("hubId").asText()).isNotEqualTo(later.get("hubId").asText());
        List<String> possible = new ArrayList<>();
        later.get("possibleMatches").forEach(m -> possible.add(m.get("hubId").asText()));
        assertThat(possible).contains(older.get("hubId").asText());
    }
}
