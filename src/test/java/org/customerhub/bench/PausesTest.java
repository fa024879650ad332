package org.customerhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench/tails reads the pauses HotSpot itself logs: a JVM that collects its heap on request shows that pause. */
class PausesTest {
    @TempDir
    Path folder;

    /** A JVM of its own that asks for one full collection and ends. */
    public static void main(String[] args) {
        System.gc();
    }

    @Test
    void aFullCollectionOfAnotherJvmIsReadAsAPauseWithinItsLifetime() throws Exception {
        Path log = folder.resolve("safepoints.log");
        long started = System.nanoTime();
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseG1GC", Pauses.jvmOption(log), "-cp", System.getProperty("java.class.path"),
                PausesTest.class.getName()).inheritIO().start();
        assertThat(jvm.waitFor()).isZero();
        long ended = System.nanoTime();

        Pauses pauses = Pauses.read(log);
        List<Pauses.Pause> full = pauses.pauses().stream().filter(p -> p.operation().equals("G1CollectFull")).toList();
        assertThat(full).hasSize(1);
        Pauses.Pause pause = full.get(0);
        assertThat(pause.startNanos()).isGreaterThan(started).isLessThan(pause.endNanos());
        assertThat(pause.endNanos()).isLessThan(ended);

        RoundTrip whole = new RoundTrip(started, ended, "the JVM's lifetime");
        RoundTrip before = new RoundTrip(started - 2_000_000_000L, started, "before it started");
        assertThat(pauses.overlapNanos(whole))
                .isEqualTo(pauses.pauses().stream().mapToLong(p -> p.endNanos() - p.startNanos()).sum());
        assertThat(pauses.overlapNanos(before)).isZero();
        assertThat(pauses.longestDuring(before)).isNull();
        assertThat(pauses.between(started, ended).pauses()).containsAll(full);
    }
}
