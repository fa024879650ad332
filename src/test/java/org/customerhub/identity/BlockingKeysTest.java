package org.customerhub.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customerhub.identity.PersonBuilder.person;

class BlockingKeysTest {

    private final BlockingKeys blockingKeys = new BlockingKeys(ShippedConfig.normalizer());

    @Test
    void keysPhoneAddressNameAndGivenNameWithZip() {
        Set<String> keys = blockingKeys.of(person("JANE M", "O'NEIL")
                .phone("(413) 555-0142")
                .email("JANE.ONEIL@EXAMPLE.COM")
                .address("27 MAPLE ST", "010601234")
                .build());

        assertThat(keys).containsExactly(
                "phone:4135550142",
                "addr:27|maple st|01060",
                "family:O540|01060",
                "family:J500|01060",
                "name:O540|jane",
                "given:jane|01060");
    }

    @Test
    void everyNameOfAPersonIsKeyed() {
        Set<String> keys = blockingKeys.of(person("Jane", "O'Neil").alsoNamed("Jane", "Whitcomb").build());

        assertThat(keys).contains("name:O540|jane", "name:W325|jane");
    }

    @Test
    void nicknamesShareTheNameKey() {
        assertThat(blockingKeys.of(person("Bob", "Smith").build()))
                .isEqualTo(blockingKeys.of(person("Robert", "SMITH").build()))
                .containsExactly("name:S530|robert");
    }

    @Test
    void unusableValuesGiveNoKeys() {
        assertThat(blockingKeys.of(person(null, "Smith").phone("n/a").address("PO Box 7", "01060").build())).isEmpty();
        assertThat(blockingKeys.of(PersonBuilder.nameless().build())).isEmpty();
    }

    @Test
    void emailsAreNoBlockingKeys() {
        assertThat(blockingKeys.of(PersonBuilder.nameless().email("jane.oneil@example.com").build())).isEmpty();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
            "O'Neil, Onell",
            "O'Neil, ONEIL",
            "Kowalski, Kowalsky",
            "Raman, Rmaan",
            "Núñez, Nunez",
            "Smith, Smyth",
            "Kimura, Kimrua",
            "Brandt-Müller, Brandt"})
    void surnameTyposShareANameKey(String family, String typo) {
        Set<String> a = blockingKeys.of(person("Priya", family).build());
        Set<String> b = blockingKeys.of(person("Priya", typo).build());

        assertThat(a).containsAnyElementsOf(b);
    }

    @Test
    void firstLetterSlipIsFoundThroughGivenNameAndZip() {
        // Soundex keeps the first letter, so Raman/Aramn get different codes; the given-name-and-ZIP key still meets.
        Set<String> a = blockingKeys.of(person("Priya", "Raman").address("18 College Ave", "14850").build());
        Set<String> b = blockingKeys.of(person("Priya", "Aramn").address("18 College Avenue", "Apt 2", "14850-1122").build());

        assertThat(a).filteredOn(key -> key.startsWith("name:")).doesNotContainAnyElementsOf(b);
        assertThat(a).contains("given:priya|14850");
        assertThat(b).contains("given:priya|14850");
    }

    @Test
    void householdMembersMeetOnPhoneAndAddressToBeScored() {
        Set<String> jane = blockingKeys.of(person("Jane", "O'Neil").phone("4135550142").address("27 Maple St", "01060").build());
        Set<String> john = blockingKeys.of(person("John", "O'Neil").phone("+14135550142").address("27 Maple Street", "01060").build());

        assertThat(jane).contains("phone:4135550142", "addr:27|maple st|01060");
        assertThat(john).contains("phone:4135550142", "addr:27|maple st|01060");
    }

    @Test
    void aPostcodeSlipIsFoundThroughTheHouseNumberAndLocality() {
        Set<String> a = blockingKeys.of(person("Chelsea", "Hanigan")
                .address("46 McMillan Crescent", "Arcadia", "Fullarton", "3037", "AU").build());
        Set<String> b = blockingKeys.of(person("Chelsae", "Hanigan")
                .address("46 McMillan Crescent", "Arcadia", "Fullarton", "3073", "AU").build());
        Set<String> otherTown = blockingKeys.of(person("Chelsea", "Hanigan")
                .address("46 McMillan Crescent", null, "Orange", "2800", "AU").build());

        assertThat(a).filteredOn(key -> !key.startsWith("place:") && !key.contains("-house:") && !key.startsWith("given-street:"))
                .doesNotContainAnyElementsOf(b);
        assertThat(a).contains("place:46|mcmillan crescent|fullarton", "family-house:H525|46|fullarton");
        assertThat(b).contains("place:46|mcmillan crescent|fullarton", "family-house:H525|46|fullarton");
        assertThat(otherTown).filteredOn(key -> key.startsWith("place:") || key.contains("-house:"))
                .doesNotContainAnyElementsOf(a);
    }

    @Test
    void theSameGivenNameOnTheSameStreetIsFoundWhenPostcodeLocalityAndSurnameSlip() {
        Set<String> stated = blockingKeys.of(person("Sascha", "Clarke")
                .address("49 Perry Drive", "Rockette Lodge", "South Perth", "4054", "AU").build());
        Set<String> typed = blockingKeys.of(person("Sascha", "Clarnke")
                .address("49 Perry Drive", "Rockettel Odge", "South Pdrth", "4044", "AU").build());
        Set<String> swapped = blockingKeys.of(person("Clarke", "Sascha")
                .address("49 Perry Drive", null, "Sputh Perth", "4045", "AU").build());

        assertThat(typed).as("postcode, locality and surname slipped").containsAnyElementsOf(stated);
        assertThat(swapped).as("name fields swapped too").containsAnyElementsOf(stated);
        assertThat(stated).contains("given-street:sascha|perrydrive|s", "given-street:clarke|perrydrive|s");
    }
}
