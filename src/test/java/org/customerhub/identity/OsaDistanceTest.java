package org.customerhub.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OsaDistanceTest {

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
    void countsSlips(String a, String b, int expected) {
        assertThat(OsaDistance.between(a, b)).isEqualTo(expected);
        assertThat(OsaDistance.between(b, a)).isEqualTo(expected);
    }
}
