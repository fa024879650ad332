package org.customerhub.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AddressKeyTest {

    private final EvidenceNormalizer normalizer = ShippedConfig.normalizer();

    private Optional<AddressKey> key(String line1, String line2, String zip) {
        return normalizer.addressKey(new AddressEvidence(line1, line2, "Anytown", "MA", zip, "US"));
    }

    @Test
    void catalogueAndWebSpellingsOfOneStreetAgree() {
        AddressKey catalogue = key("27 MAPLE ST", null, "01060").orElseThrow();
        AddressKey web = key("27 Maple Street", "", "01060").orElseThrow();

        assertThat(catalogue).isEqualTo(new AddressKey("27", "maple st", "", "01060")).isEqualTo(web);
        assertThat(catalogue.blockingKey()).isEqualTo("addr:27|maple st|01060");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "9 WILLOW LN | 9 Willow Lane",
            "44 CHURCH ST. | 44 Church Street",
            "12 Oak Rd | 12 OAK ROAD",
            "5 Elm Ave | 5 Elm Avenue",
            "5 Elm Av | 5 elm ave.",
            "8 Birch Dr | 8 Birch Drive",
            "1 Main Blvd | 1 Main Boulevard",
            "3 Pine Ct | 3 Pine Court",
            "4 Ash Pl | 4 Ash Place",
            "100 State Hwy 9 | 100 State Highway 9",
            "7 Taconic Pkwy | 7 Taconic Parkway",
            "2150 N Halsted St | 2150 North Halsted Street",
            "10 SW Oak St | 10 Southwest Oak Street"})
    void suffixesAndDirectionalsAreNormalised(String a, String b) {
        assertThat(key(a, null, "12345")).isPresent().isEqualTo(key(b, null, "12345"));
    }

    @Test
    void suiteOnTheSecondLine() {
        assertThat(key("1180 SHELBURNE RD", "STE 4", "05403"))
                .contains(new AddressKey("1180", "shelburne rd", "ste 4", "05403"));
        assertThat(key("44 CHURCH ST", "Suite 210", "05401"))
                .contains(new AddressKey("44", "church st", "ste 210", "05401"));
    }

    @Test
    void apartmentOnTheSecondLine() {
        assertThat(key("2150 N Halsted St", "Apt 3R", "60614"))
                .contains(new AddressKey("2150", "n halsted st", "apt 3r", "60614"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2150 N Halsted St Apt 3R | apt 3r",
            "2150 N. Halsted St., Apartment 3-R | apt 3r",
            "2150 N Halsted St #3R | unit 3r",
            "2150 N Halsted St Apt #3R | apt 3r",
            "2150 N Halsted St Unit 3R | unit 3r",
            "2150 N Halsted St Fl 2 | fl 2",
            "2150 N Halsted St Floor 2 | fl 2",
            "Apt 3R, 2150 N Halsted St | apt 3r"})
    void unitAtTheTailOfTheFirstLine(String line1, String unit) {
        assertThat(key(line1, null, "60614")).contains(new AddressKey("2150", "n halsted st", unit, "60614"));
    }

    @Test
    void streetOnTheSecondLineWhenTheFirstNamesACompany() {
        assertThat(key("Pioneer Valley Dental", "31 Beals St", "02446"))
                .contains(new AddressKey("31", "beals st", "", "02446"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"148501122", "14850-1122", "14850 1122", "14850"})
    void zipPlusFourKeysOnTheFirstFiveDigits(String postalCode) {
        assertThat(key("27 Maple Street", null, postalCode)).map(AddressKey::postcode).contains("14850");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "27 Maple St | 1485",
            "27 Maple St | null",
            "27 Maple St | K1A 0B1",
            "Maple St | 01060",
            "27 | 01060",
            "PO Box 12 | 01060",
            "null | 01060"})
    void noKeyWithoutHouseNumberStreetAndZip(String line1, String zip) {
        assertThat(key(line1, null, zip)).isEmpty();
    }

    @Test
    void anAddressIsParsedOnceHoweverOftenItIsCompared() {
        AddressEvidence address = new AddressEvidence("12 High Street", null, "Springfield", "IL", "62704", "US");
        assertThat(normalizer.addressKey(address)).isPresent().isSameAs(normalizer.addressKey(address));
        assertThat(StreetAddressParser.partsOf(address)).isPresent().isSameAs(StreetAddressParser.partsOf(address));
        assertThat(StreetAddressParser.placeOf(address)).isPresent().isSameAs(StreetAddressParser.placeOf(address));
        assertThat(address).isEqualTo(new AddressEvidence("12 High Street", null, "Springfield", "IL", "62704", "US"))
                .hasSameHashCodeAs(new AddressEvidence("12 High Street", null, "Springfield", "IL", "62704", "US"));
    }

    @Test
    void noKeyForNoAddress() {
        assertThat(normalizer.addressKey(null)).isEmpty();
    }

    @Test
    void accentsAndCaseAreFolded() {
        assertThat(key("12 Rue Sainte-Hélène", null, "12345")).isEqualTo(key("12 RUE SAINTE HELENE", null, "12345"));
    }

    @Test
    void blockingKeyLeavesOutTheUnit() {
        AddressKey withUnit = key("2150 N Halsted St", "Apt 3R", "60614").orElseThrow();
        AddressKey withoutUnit = key("2150 N Halsted Street", null, "60614-1234").orElseThrow();

        assertThat(withUnit.blockingKey()).isEqualTo(withoutUnit.blockingKey()).isEqualTo("addr:2150|n halsted st|60614");
        assertThat(withUnit.sameBuilding(withoutUnit)).isTrue();
    }
}
