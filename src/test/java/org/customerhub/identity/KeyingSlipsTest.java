package org.customerhub.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slips the matcher counts: optimal string alignment distance, asked up to one or two slips. */
class KeyingSlipsTest {

    @ParameterizedTest(name = "{0} / {1} = {2}")
    @CsvSource({
            "'', '', 0",
            "'', abc, 3",
            "abc, '', 3",
            "oneil, oneil, 0",
            "oneil, onell, 1",          // substitution
            "kowalski, kowalsky, 1",    // substitution at the end
            "raman, rmaan, 1",          // adjacent transposition
            "kimura, kimrua, 1",        // adjacent transposition
            "nunez, nunes, 1",
            "smith, smyth, 1",
            "smith, smiths, 1",         // insertion
            "priya, pria, 1",           // deletion
            "ab, ba, 1",
            "abc, ca, 3",               // OSA, unlike true Damerau-Levenshtein (2), edits no substring twice
            "raman, namar, 2",
            "smith, jones, 5",
            "kitten, sitting, 3"})
    void countsSlips(String a, String b, int distance) {
        for (String[] pair : new String[][] {{a, b}, {b, a}}) {
            assertThat(KeyingSlips.exactlyOne(pair[0], pair[1])).isEqualTo(distance == 1);
            assertThat(KeyingSlips.atMost(pair[0], pair[1], 1)).isEqualTo(distance <= 1);
            assertThat(KeyingSlips.atMost(pair[0], pair[1], 2)).isEqualTo(distance <= 2);
        }
    }

    @Test
    void aSwapOfNeighboursIsOneSlipNotTwo() {
        assertThat(KeyingSlips.exactlyOne("rmaan", "raman")).isTrue();
        assertThat(KeyingSlips.exactlyOne("02134", "02143")).isTrue();
    }

    @Test
    void longStringsFarApartAreMoreThanTwoSlips() {
        String a = "a".repeat(10_000);
        String b = "b".repeat(10_000);
        assertThat(KeyingSlips.atMost(a, b, 2)).isFalse();
        assertThat(KeyingSlips.atMost(a, a + "b", 1)).isTrue();
    }

    @Test
    void countsOnlyOneOrTwoSlips() {
        assertThatThrownBy(() -> KeyingSlips.atMost("a", "b", 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
