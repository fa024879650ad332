package org.customerhub.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceNormalizerTest {

    private final EvidenceNormalizer normalizer = ShippedConfig.normalizer();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Núñez | nunez",
            "NUÑEZ | nunez",
            "Zoë | zoe",
            "Müller | muller",
            "O'Neil | oneil",
            "O’Neil | oneil",
            "ONEIL | oneil",
            "O'NEIL | oneil",
            "Brandt-Müller | brandt muller",
            "BRANDT MULLER | brandt muller",
            "'  Jane   Marie  ' | jane marie",
            "Strauß | strauss",
            "Søren | soren",
            "St. John | st john"})
    void foldsNames(String raw, String folded) {
        assertThat(normalizer.foldName(raw)).isEqualTo(folded);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", " - ", "'"})
    void blankNamesFoldToEmpty(String raw) {
        assertThat(normalizer.foldName(raw)).isEmpty();
        assertThat(normalizer.givenKey(raw)).isEmpty();
        assertThat(normalizer.familyKey(raw)).isEmpty();
    }

    @Test
    void catalogueUpperCaseNameSplitElsewhereFoldsLikeTheOtherChannels() {
        // "O'NEIL, JANE M" arrives split at the comma; the middle initial may stay in the given field.
        assertThat(normalizer.familyKey("O'NEIL")).isEqualTo(normalizer.familyKey("O'Neil"));
        assertThat(normalizer.givenKey("JANE M")).isEqualTo(normalizer.givenKey("Jane")).isEqualTo("jane");
        assertThat(normalizer.givenKey("JANE")).isEqualTo("jane");
    }

    @Test
    void familyKeyIgnoresSpacesApostrophesAndHyphens() {
        assertThat(normalizer.familyKey("Brandt-Müller"))
                .isEqualTo(normalizer.familyKey("BRANDT MULLER"))
                .isEqualTo(normalizer.familyKey("Brandtmuller"))
                .isEqualTo("brandtmuller");
        assertThat(normalizer.familyKey("Mc Donald")).isEqualTo(normalizer.familyKey("McDonald"));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({
            "Bob, Robert", "Rob, Robert", "ROBERT, bobby",
            "Liz, Elizabeth", "Beth, ELIZABETH", "Betty, Liz",
            "Bill, William", "Will, William", "Billy, Bill",
            "Tom, Thomas", "Tommy, THOMAS",
            "Peggy, Margaret", "Jim, James",
            "Zoë, ZOE", "Rafa, Rafael"})
    void givenKeyJoinsNicknames(String a, String b) {
        assertThat(normalizer.givenKey(a)).isEqualTo(normalizer.givenKey(b));
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource({"Robert, William", "Jane, John", "Louis, Louise", "Priya, Pria"})
    void givenKeyKeepsDifferentNamesApart(String a, String b) {
        assertThat(normalizer.givenKey(a)).isNotEqualTo(normalizer.givenKey(b));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "(413) 555-0142", "413.555.0142", "+1 413 555 0142", "4135550142", "+14135550142",
            "1-413-555-0142", "1 (413) 555 0142", "413-555-0142", " 413 555 0142 ",
            "413-555-0142 x12", "413-555-0142 ext. 12", "(413) 555-0142 ext 7"})
    void phonesReduceToTenDigits(String raw) {
        assertThat(normalizer.phone10(raw)).contains("4135550142");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"207-555-0150 x12, 2075550150", "'207-555-0150 ext. 12', 2075550150", "(802) 555-0163, 8025550163"})
    void extensionsAreDropped(String raw, String digits) {
        assertThat(normalizer.phone10(raw)).contains(digits);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "n/a", "call me", "12345", "555-0142", "+44 20 7946 0958", "+33 1 42 68 53 00",
            "41355501420000000"})
    void garbageAndNonNorthAmericanPhonesAreEmpty(String raw) {
        assertThat(normalizer.phone10(raw)).isEmpty();
    }

    @Test
    void emailKeyTrimsAndLowerCases() {
        assertThat(normalizer.emailKey("  JANE.ONEIL@EXAMPLE.COM ")).isEqualTo("jane.oneil@example.com");
        assertThat(normalizer.emailKey("Jane.ONeil@Example.com")).isEqualTo("jane.oneil@example.com");
        assertThat(normalizer.emailKey(null)).isEmpty();
    }

    @Test
    void rejectsAnUnknownPhoneRegion() {
        assertThatThrownBy(() -> new EvidenceNormalizer(ShippedConfig.nicknames(), "XX"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
