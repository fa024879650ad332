package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.customerhub.faults.HubProcess;
import org.customerhub.store.LoadRuns.State;
import org.junit.jupiter.api.Test;

/**
 * A load killed with SIGKILL half-way (a JVM of its own, as faults/HubProcess starts a hub) and run again with the same
 * command resumes after its last committed batch: the store ends equal to one full load of the same file, nothing
 * doubled.
 */
class LoadResumeTest {
    private static final String CDNOW = "config/load/cdnow-orders.properties";
    private static final int ROWS = 3_000;

    @Test
    void aKilledLoadResumesAfterItsLastCommittedBatchAndEndsAsOneFullLoad() throws Exception {
        String log = orderLog();
        LoadFiles killed = new LoadFiles();
        Path file = killed.write("cdnow.txt", log);
        Process load = startLoad(killed, sharedUrl(killed), file);
        try {
            awaitCommitted(killed, load, 600);
        } finally {
            load.destroyForcibly();
            load.waitFor(1, TimeUnit.MINUTES);
        }
        long committedBeforeKill = StoreSnapshot.count(killed.jdbcUrl(), "SELECT read_count FROM load_run");
        assertThat(committedBeforeKill).isLessThan(ROWS);
        assertThat(StoreSnapshot.count(killed.jdbcUrl(), "SELECT COUNT(*) FROM load_run WHERE state = 'RUNNING'")).isEqualTo(1);

        LoadFiles.Run resumed = killed.load("--channel", "catalogue", "--mapping", CDNOW, file.toString());

        assertThat(resumed.output()).contains("Resuming load");
        assertThat(resumed.result().state()).isEqualTo(State.DONE);
        assertThat(resumed.result().counts().read()).isEqualTo(ROWS + ROWS / 500);
        assertThat(resumed.result().counts().rejected()).isEqualTo(ROWS / 500);
        assertThat(resumed.result().counts().repeated()).isZero();
        assertThat(Files.readAllLines(RejectFile.of(file))).hasSize(ROWS / 500);

        LoadFiles whole = new LoadFiles();
        Path sameFile = whole.write("cdnow.txt", log);
        whole.load("--channel", "catalogue", "--mapping", CDNOW, sameFile.toString());
        StoreSnapshot resumedStore = StoreSnapshot.read(killed.jdbcUrl());
        assertThat(resumedStore.rows().get("interaction")).isEqualTo(ROWS);
        assertThat(resumedStore.rows().get("raw_message")).isEqualTo(ROWS);
        assertThat(resumedStore).isEqualTo(StoreSnapshot.read(whole.jdbcUrl()));
    }

    @Test
    void aLoadStoppedBySigtermRecordsWhyAndResumes() throws Exception {
        LoadFiles stopped = new LoadFiles();
        Path file = stopped.write("cdnow.txt", orderLog());
        // the store as the hub's own URL names it (H2 keeps it open for the load's last commit on SIGTERM); the load's
        // plain progress lines tell when it is under way
        Process load = startLoad(stopped, stopped.jdbcUrl(), file);
        Path output = stopped.folder.resolve("load.log");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(output).matches("(?s).*read [1-9].*"));
        load.destroy();
        assertThat(load.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(StoreSnapshot.count(stopped.jdbcUrl(), "SELECT COUNT(*) FROM load_run WHERE state = 'STOPPED'"
                + " AND detail LIKE 'stopped on request after % records; the same command resumes it'")).isEqualTo(1);
        assertThat(Files.readString(output)).contains(" STOPPED: stopped on request");

        LoadFiles.Run resumed = stopped.load("--channel", "catalogue", "--mapping", CDNOW, file.toString());

        assertThat(resumed.output()).contains("Resuming load").contains("(STOPPED)");
        assertThat(resumed.result().counts().read()).isEqualTo(ROWS + ROWS / 500);
        assertThat(StoreSnapshot.count(stopped.jdbcUrl(), "SELECT COUNT(*) FROM interaction")).isEqualTo(ROWS);
    }

    /** Orders of 700 customers in the CDNOW layout, with a rejected line in every 500. */
    private static String orderLog() {
        StringBuilder log = new StringBuilder(" customer_id  date number_of_cds  dollar_value\n");
        for (int i = 1; i <= ROWS; i++) {
            String date = String.format("1997%02d%02d", 1 + i % 12, 1 + i % 28);
            log.append(String.format(" %05d %s %2d %7.2f%n", 1 + i % 700, date, 1 + i % 4, 9.99 + i % 50));
            if (i % 500 == 0) {
                // a reject in every stretch: the reject file must not list one twice after the resume
                log.append(" 00001 19971399  1   1.00\n");
            }
        }
        return log.toString();
    }

    /** Waits until the load in the other JVM has committed at least this many records, reading its store meanwhile. */
    private static void awaitCommitted(LoadFiles files, Process load, long records) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!load.isAlive()) {
                throw new IllegalStateException("the load ended before it was stopped, exit " + load.exitValue() + ":\n"
                        + Files.readString(files.folder.resolve("load.log")));
            }
            // before its first progress line the load may not have made the store yet: reading it from here earlier
            // would make the store in this JVM and serve it to the load (IFEXISTS refuses that too)
            if (!Files.readString(files.folder.resolve("load.log")).matches("(?s).*\\bread [0-9].*")) {
                return false;
            }
            try {
                return StoreSnapshot.count(sharedUrl(files) + ";IFEXISTS=TRUE",
                        "SELECT COALESCE(MAX(read_count), 0) FROM load_run") >= records;
            } catch (java.sql.SQLException notYet) {
                return false;
            }
        });
    }

    /** H2's own server mode lets this test read the store while the other JVM writes it. */
    private static String sharedUrl(LoadFiles files) {
        return files.jdbcUrl().replace(";DB_CLOSE_ON_EXIT=FALSE", "") + ";AUTO_SERVER=TRUE";
    }

    private static Process startLoad(LoadFiles files, String jdbcUrl, Path file) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", HubProcess.classPath()));
        files.store().forEach((key, value) -> command.add("-D" + key + "=" + (key.equals("hub.db.url") ? jdbcUrl : value)));
        command.addAll(List.of("org.customerhub.load.LoadMain", "--channel", "catalogue", "--mapping", CDNOW, file.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.folder.resolve("load.log").toFile())).start();
    }
}
