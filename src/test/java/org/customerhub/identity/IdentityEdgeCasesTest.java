package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Evidence that looks like a link but is not one: shared mailboxes, a bare phone, a second account, a reused receipt. */
class IdentityEdgeCasesTest {
    private static final String SALE = HubClient.resource("retail/sale-member-lindqvist.xml");
    private static final String ACCOUNT = HubClient.resource("directsales/account-update-brennan-surveying.xml");
    private static TestHub hub;
    private static HubClient client;
    private static Ingest ingest;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
        client = hub.client();
        ingest = new Ingest(hub, client);
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    /** A store sale with the given card, receipt and captured customer block. */
    private static String sale(String card, String receipt, String customerBlock) {
        String withCard = card == null ? SALE.replaceFirst("\\s*<pos:Member[^>]*/>", "")
                : SALE.replace("card=\"7105821406\"", "card=\"" + card + "\"");
        return withCard.replace("0612-02-004471", receipt)
                .replaceFirst("(?s)<pos:Customer.*</pos:Customer>", customerBlock);
    }

    @Test
    void aRoleMailboxSharedByTwoContactsLinksNobody() throws Exception {
        String contacts = """
                <contact><contactId>CT-880001</contactId><firstName>Ada</firstName><lastName>Voss</lastName>
                  <email>purchasing@vossmarine.example.com</email><role>PURCHASING</role></contact>
                <contact><contactId>CT-880002</contactId><firstName>Ben</firstName><lastName>Okoro</lastName>
                  <email>purchasing@vossmarine.example.com</email><role>PURCHASING</role></contact>""";
        ingest.sendText("directsales", ACCOUNT.replace("DS-311870", "DS-880000")
                .replaceFirst("(?s)<contact>.*</contact>", contacts), Map.of());
        assertThat(client.only("key", "directsales:CT-880001").get("hubId"))
                .isNotEqualTo(client.only("key", "directsales:CT-880002").get("hubId"));
    }

    @Test
    void aContactMissingFromALaterAccountSnapshotIsNoLongerAContact() throws Exception {
        String both = """
                <contact><contactId>CT-880101</contactId><firstName>Cora</firstName><lastName>Lind</lastName>
                  <email>cora@lindmarine.example.com</email><role>PURCHASING</role></contact>
                <contact><contactId>CT-880102</contactId><firstName>Emil</firstName><lastName>Haas</lastName>
                  <email>emil@lindmarine.example.com</email><role>AP</role></contact>""";
        String account = ACCOUNT.replace("DS-311870", "DS-880100");
        ingest.sendText("directsales", account.replaceFirst("(?s)<contact>.*</contact>", both), Map.of());
        ingest.sendText("directsales", account.replaceFirst("(?s)<contact>.*</contact>", both.substring(0, both.indexOf("<contact>", 10)))
                .replace("2026-02-17T08:40:02", "2026-03-17T08:40:02"), Map.of());
        assertThat(currentAffiliation("directsales:CT-880101").get("active").asBoolean()).isTrue();
        assertThat(currentAffiliation("directsales:CT-880102").get("active").asBoolean()).isFalse();
    }

    private static JsonNode currentAffiliation(String key) {
        for (JsonNode affiliation : client.only("key", key).get("affiliations")) {
            if (affiliation.get("current").asBoolean() && affiliation.get("organisationId").asText().equals("DS-880100")) {
                return affiliation;
            }
        }
        throw new AssertionError("no current affiliation of " + key + " with DS-880100");
    }

    @Test
    void aFamilyEmailDoesNotMergeTwoPeopleOfOneHousehold() throws Exception {
        String capture = "<pos:Customer><pos:FirstName>%s</pos:FirstName><pos:LastName>Marsh</pos:LastName>"
                + "<pos:Email>the.marshes@example.org</pos:Email></pos:Customer>";
        ingest.sendText("retail", sale("7188000001", "0612-02-880001", capture.formatted("Lena")), Map.of());
        ingest.sendText("retail", sale("7188000002", "0612-02-880002", capture.formatted("Owen")), Map.of());
        assertThat(client.only("key", "retail:7188000001").get("hubId"))
                .isNotEqualTo(client.only("key", "retail:7188000002").get("hubId"));
    }

    @Test
    void aPhoneAloneIdentifiesNobody() throws Exception {
        String capture = "<pos:Customer><pos:Phone>(508) 555-0186</pos:Phone></pos:Customer>";
        ingest.sendText("retail", sale(null, "0612-02-880003", capture), Map.of());
        ingest.sendText("retail", sale(null, "0612-02-880004", capture), Map.of());
        assertThat(client.find("phone", "5085550186")).isEmpty();
        assertThat(hub.count("SELECT COUNT(*) FROM interaction WHERE reference IN (?, ?) AND hub_id IS NULL",
                "0612-02-880003", "0612-02-880004")).isEqualTo(2);
    }

    @Test
    void twoAccountsOfOneChannelAreKeptApartAsAPossibleMatch() throws Exception {
        String capture = "<pos:Customer><pos:FirstName>Iris</pos:FirstName><pos:LastName>Dahl</pos:LastName>"
                + "<pos:Email>iris.dahl@example.org</pos:Email></pos:Customer>";
        ingest.sendText("retail", sale("7188000005", "0612-02-880005", capture), Map.of());
        ingest.sendText("retail", sale("7188000006", "0612-02-880006", capture), Map.of());
        String first = client.only("key", "retail:7188000005").get("hubId").asText();
        String second = client.only("key", "retail:7188000006").get("hubId").asText();
        assertThat(first).isNotEqualTo(second);
        assertThat(client.only("key", "retail:7188000006").get("possibleMatches").toString()).contains(first);
    }

    @Test
    void aReceiptNumberReusedNextYearIsANewSale() throws Exception {
        String capture = "<pos:Customer><pos:FirstName>Nora</pos:FirstName><pos:LastName>Lindqvist</pos:LastName></pos:Customer>";
        String thisYear = sale("7188000007", "0612-02-880007", capture);
        ingest.sendText("retail", thisYear, Map.of());
        ingest.sendText("retail", thisYear.replace("2026-01-31T14:08:19", "2027-01-31T14:08:19"), Map.of());
        assertThat(client.only("key", "retail:7188000007").get("interactions")).hasSize(2);
    }

    /** The retail schema's attribute is an xs:boolean: "true" or "1", with any whitespace around. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"true|1", "1|2", "' true '|3", "' 1 '|4"})
    void trainingIsRecognisedInEveryBooleanSpelling(String spelling, int sale) throws Exception {
        String card = "718800001" + sale;
        String receipt = "0612-02-88001" + sale;
        ingest.sendText("retail", saleInTrainingMode(spelling, card, receipt), Map.of());
        assertThat(client.find("key", "retail:" + card)).isEmpty();
        assertThat(hub.count("SELECT COUNT(*) FROM interaction WHERE reference = ?", receipt)).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"false|5", "0|6"})
    void aSaleOutOfTrainingModeInEitherSpellingUpdatesItsCustomer(String spelling, int sale) throws Exception {
        String card = "718800001" + sale;
        ingest.sendText("retail", saleInTrainingMode(spelling, card, "0612-02-88001" + sale), Map.of());
        assertThat(client.only("key", "retail:" + card).get("interactions")).hasSize(1);
    }

    /** A sale with the card and receipt whose register gives training as spelled. */
    private static String saleInTrainingMode(String spelling, String card, String receipt) {
        return sale(card, receipt, "").replace("type=\"SALE\"", "type=\"SALE\" training=\"" + spelling + "\"");
    }
}
