package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.store.LoadRuns.Counts;
import org.customerhub.store.LoadRuns.State;
import org.junit.jupiter.api.Test;

/** The load command against a real H2 store: rejects, dry run, a second identical load, --max-rejects. */
class LoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CDNOW = "config/load/cdnow-orders.properties";

    @Test
    void rejectedDocumentsGoToTheRejectFileAndTheRestIsLoaded() throws Exception {
        LoadFiles files = new LoadFiles();
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            documents.add(LoadFiles.orderOfPerson(100 + i, i, 1 + i));
        }
        // an account number of 5 digits breaks the schema; a customer change with a root the channel does not know
        documents.set(3, LoadFiles.order(103, "12345", "FARROW, PAUL", "1 MAIN ST", "01601", "5085550199", 4));
        documents.set(6, "<CATALOGUE_RETURN><ACCT_NO>0050006</ACCT_NO></CATALOGUE_RETURN>");
        Path file = files.write("orders.xml", LoadFiles.sequence(documents));

        LoadFiles.Run run = files.load("--channel", "catalogue", file.toString());

        Counts counts = run.result().counts();
        assertThat(run.result().state()).isEqualTo(State.DONE);
        assertThat(counts.read()).isEqualTo(10);
        assertThat(counts.valid()).isEqualTo(8);
        assertThat(counts.rejected()).isEqualTo(2);
        assertThat(counts.created()).isEqualTo(8);
        assertThat(StoreSnapshot.count(files.jdbcUrl(), "SELECT COUNT(*) FROM identifier WHERE kind = 'key'")).isEqualTo(8);
        List<String> lines = Files.readAllLines(RejectFile.of(file));
        assertThat(lines).hasSize(2);
        JsonNode schema = JSON.readTree(lines.get(0));
        assertThat(schema.get("position").asText()).startsWith("document 4 at line ");
        assertThat(schema.get("reason").asText()).isEqualTo("SCHEMA_INVALID");
        assertThat(schema.get("detail").asText()).contains("12345");
        assertThat(schema.get("record").asText()).contains("<ACCT_NO>12345</ACCT_NO>").contains("FARROW, PAUL");
        JsonNode root = JSON.readTree(lines.get(1));
        assertThat(root.get("position").asText()).startsWith("document 7 at line ");
        assertThat(root.get("reason").asText()).isEqualTo("WRONG_DOCUMENT_TYPE");
        assertThat(root.get("record").asText()).contains("CATALOGUE_RETURN");
    }

    @Test
    void rejectedRowsOfAMappedFileNameTheirLine() throws Exception {
        LoadFiles files = new LoadFiles();
        Path file = files.write("cdnow.txt", """
                 customer_id  date number_of_cds  dollar_value
                 00001 19970101  1   11.77
                 00002 19970112  1   12.00
                 00002 19971399  5   77.00
                 00003 19970102  2
                 00003 19970102  2   20.76
                 00003 19970102  2   20.76
                """);

        LoadFiles.Run run = files.load("--channel", "catalogue", "--mapping", CDNOW, file.toString());

        Counts counts = run.result().counts();
        assertThat(counts.read()).isEqualTo(6);
        assertThat(counts.valid()).isEqualTo(4);
        assertThat(counts.rejected()).isEqualTo(2);
        assertThat(counts.created()).isEqualTo(3);
        assertThat(counts.matched()).isEqualTo(1);
        // two equal lines are two orders
        assertThat(StoreSnapshot.count(files.jdbcUrl(), "SELECT COUNT(*) FROM interaction")).isEqualTo(4);
        List<JsonNode> rejects = new ArrayList<>();
        for (String line : Files.readAllLines(RejectFile.of(file))) {
            rejects.add(JSON.readTree(line));
        }
        assertThat(rejects).extracting(r -> r.get("position").asText()).containsExactly("line 4", "line 5");
        assertThat(rejects).extracting(r -> r.get("reason").asText()).containsExactly("MAPPING_FAILED", "SCHEMA_INVALID");
        assertThat(rejects.get(0).get("record").asText()).isEqualTo(" 00002 19971399  5   77.00");
        assertThat(rejects.get(1).get("detail").asText()).isEqualTo("row has 3 columns, the mapping names 4");
    }

    @Test
    void aDryRunChecksAndCountsAndWritesNothing() throws Exception {
        LoadFiles files = new LoadFiles();
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            documents.add(LoadFiles.orderOfPerson(200 + i, i % 6, 1 + i));
        }
        documents.set(2, LoadFiles.order(202, "0050002", "lower, case", "1 MAIN ST", "01601", "5085550199", 4));
        Path file = files.write("orders.xml", LoadFiles.sequence(documents));

        LoadFiles.Run run = files.load("--channel", "catalogue", "--dry-run", file.toString());

        Counts counts = run.result().counts();
        assertThat(counts.read()).isEqualTo(10);
        assertThat(counts.valid()).isEqualTo(9);
        assertThat(counts.rejected()).isEqualTo(1);
        assertThat(counts.created()).isPositive();
        assertThat(run.output()).contains("reject document 3 at line").contains("SCHEMA_INVALID").contains("nothing was written");
        assertThat(Files.exists(RejectFile.of(file))).isFalse();
        for (String table : List.of("customer", "raw_message", "interaction", "change_event", "load_run", "load_sample")) {
            assertThat(StoreSnapshot.count(files.jdbcUrl(), "SELECT COUNT(*) FROM " + table)).as(table).isZero();
        }
    }

    @Test
    void loadingTheSameFileTwiceChangesNothingTheSecondTime() throws Exception {
        LoadFiles files = new LoadFiles();
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            documents.add(LoadFiles.orderOfPerson(300 + i, i % 10, 1 + i % 28));
        }
        Path file = files.write("orders.xml", LoadFiles.sequence(documents));
        LoadFiles.Run first = files.load("--channel", "catalogue", file.toString());
        StoreSnapshot afterFirst = StoreSnapshot.read(files.jdbcUrl());
        assertThat(first.result().counts().created()).isEqualTo(10);
        assertThat(afterFirst.rows().get("interaction")).isEqualTo(30);

        LoadFiles.Run second = files.load("--channel", "catalogue", file.toString());

        assertThat(second.result().state()).isEqualTo(State.DONE);
        assertThat(second.result().loadId()).isNotEqualTo(first.result().loadId());
        assertThat(second.result().counts().repeated()).isEqualTo(30);
        assertThat(second.result().counts().created()).isZero();
        assertThat(StoreSnapshot.read(files.jdbcUrl())).isEqualTo(afterFirst);
    }

    /**
     * A batch writes its archive rows when it ends: a copy of a document later in the same batch is still known by its
     * dedupe key, counted as loaded before and changes nothing, as a copy in a later load would.
     */
    @Test
    void aCopyOfADocumentInTheSameBatchIsLoadedBefore() throws Exception {
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            documents.add(LoadFiles.orderOfPerson(700 + i, i % 3, 1 + i));
        }
        LoadFiles once = new LoadFiles();
        once.load("--channel", "catalogue", once.write("orders.xml", LoadFiles.sequence(documents)).toString());
        List<String> withCopies = new ArrayList<>(documents);
        withCopies.add(documents.get(1));
        withCopies.add(3, documents.get(3));
        LoadFiles twice = new LoadFiles();

        LoadFiles.Run run = twice.load("--channel", "catalogue", twice.write("orders.xml", LoadFiles.sequence(withCopies)).toString());

        assertThat(run.result().state()).isEqualTo(State.DONE);
        assertThat(run.result().counts().read()).isEqualTo(8);
        assertThat(run.result().counts().rejected()).isZero();
        assertThat(run.result().counts().repeated()).isEqualTo(2);
        assertThat(StoreSnapshot.read(twice.jdbcUrl())).isEqualTo(StoreSnapshot.read(once.jdbcUrl()));
        assertThat(StoreSnapshot.count(twice.jdbcUrl(), "SELECT COUNT(*) FROM message_customer"))
                .isEqualTo(StoreSnapshot.count(once.jdbcUrl(), "SELECT COUNT(*) FROM message_customer")).isPositive();
    }

    @Test
    void tooManyRejectsStopTheLoadEarlyWithAClearMessage() throws Exception {
        LoadFiles files = new LoadFiles();
        StringBuilder wrongFile = new StringBuilder(" customer_id  date number_of_cds  dollar_value\n");
        for (int i = 0; i < 100; i++) {
            wrongFile.append("rec-").append(i).append(", jane, smith, 4, main street\n");
        }
        Path file = files.write("master.csv", wrongFile.toString());

        LoadFiles.Run run = files.load("--channel", "catalogue", "--mapping", CDNOW, "--max-rejects", "5", file.toString());

        assertThat(run.result().state()).isEqualTo(State.FAILED);
        assertThat(run.result().detail()).contains("6 records rejected, more than --max-rejects 5")
                .contains("SCHEMA_INVALID x6").contains("wrong file or wrong mapping");
        assertThat(run.result().counts().read()).isLessThan(100);
        assertThat(Files.readAllLines(RejectFile.of(file))).hasSize(6);
    }
}
