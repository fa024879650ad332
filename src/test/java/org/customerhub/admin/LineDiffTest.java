package org.customerhub.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest {

    /** The format the console and the audit log show, as before: an added line comes before the one it replaces. */
    @Test
    void showsOnlyTheLinesRemovedAndAdded() {
        assertThat(LineDiff.of("a\nb\nc\n", "a\nB\nc\nd\n")).isEqualTo("+B\n-b\n+d");
        assertThat(LineDiff.of("a\nb\n", "b\n")).isEqualTo("-a");
        assertThat(LineDiff.of("same\n", "same\n")).isEmpty();
    }

    /** Two 5,000-line files, one line in ten changed: each change found, in order, and nothing else. */
    @Test
    void diffsTwoFiveThousandLineFilesLineByLine() {
        String before = lines(5000, i -> "line " + i);
        String after = lines(5000, i -> i % 10 == 0 ? "changed " + i : "line " + i);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i += 10) {
            expected.add("+changed " + i);
            expected.add("-line " + i);
        }
        assertThat(LineDiff.of(before, after).split("\n")).containsExactlyElementsOf(expected);
    }

    @Test
    void diffsTwoWhollyDifferentFiveThousandLineFiles() {
        String diff = LineDiff.of(lines(5000, i -> "old " + i), lines(5000, i -> "new " + i));
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 5000).forEach(i -> expected.add("+new " + i));
        IntStream.range(0, 5000).forEach(i -> expected.add("-old " + i));
        assertThat(diff.split("\n")).containsExactlyElementsOf(expected);
    }

    @Test
    void summarisesFilesBeyondTheCap() {
        assertThat(LineDiff.of(lines(20_000, i -> "x" + i), "y\n")).isEqualTo("(20001 lines replaced by 2 lines)");
    }

    private static String lines(int count, IntFunction<String> line) {
        return IntStream.range(0, count).mapToObj(line).collect(Collectors.joining("\n", "", "\n"));
    }
}
