package org.customerhub.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NicknamesTest {

    private final Nicknames shipped = ShippedConfig.nicknames();

    @Test
    void parsesClassesSkippingCommentsAndBlankLines() throws IOException {
        Nicknames nicknames = Nicknames.parse(new StringReader("""
                # given names
                robert, bob ,rob

                Elizabeth,LIZ,beth
                """));

        assertThat(nicknames.classCount()).isEqualTo(2);
        assertThat(nicknames.canonical("bob")).isEqualTo("robert");
        assertThat(nicknames.canonical("rob")).isEqualTo("robert");
        assertThat(nicknames.canonical("robert")).isEqualTo("robert");
        assertThat(nicknames.canonical("liz")).isEqualTo("elizabeth");
        assertThat(nicknames.isKnown("beth")).isTrue();
    }

    @Test
    void unknownNameIsItsOwnCanonical() throws IOException {
        Nicknames nicknames = Nicknames.parse(new StringReader("robert,bob\n"));

        assertThat(nicknames.canonical("priya")).isEqualTo("priya");
        assertThat(nicknames.isKnown("priya")).isFalse();
    }

    @Test
    void rejectsANameInTwoClasses() {
        assertThatThrownBy(() -> Nicknames.parse(new StringReader("alexander,alex\nalexandra,alex\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("alex");
    }

    @Test
    void shippedListHasAtLeastSixtyClasses() {
        assertThat(shipped.classCount()).isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest
    @CsvSource({
            "bob, robert", "rob, robert", "bobby, robert", "robbie, robert",
            "bill, william", "will, william", "billy, william", "liam, william",
            "liz, elizabeth", "beth, elizabeth", "betty, elizabeth", "lizzie, elizabeth", "eliza, elizabeth",
            "tom, thomas", "tommy, thomas",
            "peggy, margaret", "maggie, margaret", "meg, margaret",
            "jim, james", "jimmy, james", "jamie, james",
            "harry, harold", "rafa, rafael"})
    void shippedListMapsNicknamesToTheirFullName(String nickname, String canonical) {
        assertThat(shipped.canonical(nickname)).isEqualTo(canonical);
    }
}
