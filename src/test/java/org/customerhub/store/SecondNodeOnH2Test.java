package org.customerhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * An H2 store serves one hub node: a second node on the same file, in this process or another, is refused with why
 * and what to use instead, and once the first node stops the file is anybody's again.
 */
class SecondNodeOnH2Test {
    private static final String ONE_NODE = "An H2 store serves one hub node";
    private static final String INSTEAD = "run several nodes on PostgreSQL";

    private static String newStore() {
        return "jdbc:h2:file:./target/one-node/" + UUID.randomUUID() + "/customerhub;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    @Test
    void aSecondHubOnTheSameH2FileIsRefusedUntilTheFirstStops() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hub.db.url", newStore());
        TestHub first = TestHub.isolated(settings);
        try {
            assertThatThrownBy(() -> TestHub.isolated(settings).stop())
                    .hasStackTraceContaining(ONE_NODE).hasStackTraceContaining("another hub node in this process uses it")
                    .hasStackTraceContaining(INSTEAD);
        } finally {
            first.stop();
        }
        TestHub next = TestHub.isolated(settings);
        next.stop();
    }

    @Test
    void aNodeIsRefusedAnH2FileAnotherProcessHasOpen() throws Exception {
        String url = newStore();
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process other = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", h2.toString(), "org.h2.tools.Shell", "-url", url, "-user", "sa", "-password", ""))
                .redirectErrorStream(true).start();
        try {
            awaitConnected(other);
            assertThatThrownBy(() -> Database.forNode(url, "sa", "", 2, 5_000, null).close())
                    .hasMessageContaining(ONE_NODE).hasMessageContaining("another process has it open")
                    .hasMessageContaining(INSTEAD);
        } finally {
            other.getOutputStream().close();
            other.destroy();
            other.waitFor();
        }
        try (HikariDataSource alone = Database.forNode(url, "sa", "", 2, 5_000, null)) {
            try (var connection = alone.getConnection()) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    /** Reads the other process's output until its shell is connected and waits for input. */
    private static void awaitConnected(Process other) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (int c; (c = output.read()) != -1; ) {
            seen.append((char) c);
            if (seen.toString().contains("sql>")) {
                return;
            }
        }
        throw new IllegalStateException("the H2 shell ended before it connected: " + seen);
    }
}
