package org.customerhub.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Input files for load tests, written by the tests themselves, and a private H2 store to load them into. */
final class LoadFiles {
    final Path folder;

    LoadFiles() throws IOException {
        folder = Path.of("target", "load-test", UUID.randomUUID().toString());
        Files.createDirectories(folder);
    }

    /** The store's settings: an H2 file of this folder's own. */
    Properties store() {
        Properties settings = new Properties();
        settings.setProperty("hub.data-dir", folder.resolve("data").toString());
        settings.setProperty("hub.db.url", jdbcUrl());
        settings.setProperty("hub.load.batch-size", "7");
        return settings;
    }

    /** A hub running on this store (in this JVM, so a load here and the hub share the H2 file). Stop it when done. */
    org.customerhub.TestHub hub() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("hub.db.url", jdbcUrl());
        return org.customerhub.TestHub.isolated(settings);
    }

    String jdbcUrl() {
        return "jdbc:h2:file:./" + folder.resolve("data/db/customerhub") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    Path write(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Runs the load command in this JVM; answers its result and what it printed. */
    Run load(String... args) throws Exception {
        return run(store(), args);
    }

    /** As load, with settings of the test's own over the store's (a running hub's broker for --publish-events, say). */
    Run loadWith(Map<String, String> settings, String... args) throws Exception {
        Properties all = store();
        all.putAll(settings);
        return run(all, args);
    }

    private static Run run(Properties settings, String... args) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Loader.Result result = LoadMain.load(settings, args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new Run(result, printed.toString(StandardCharsets.UTF_8));
    }

    record Run(Loader.Result result, String output) {
    }

    /** A schema-valid catalogue order; day is 1..28 of January 2026. */
    static String order(int orderNo, String account, String name, String street, String zip, String phone, int day) {
        return """
                <CATALOGUE_ORDER>
                  <HDR><ORDER_NO>PH%08d</ORDER_NO><ORDER_DT>202601%02d</ORDER_DT><ORDER_SRC>PHONE</ORDER_SRC></HDR>
                  <CUST><ACCT_NO>%s</ACCT_NO><NAME>%s</NAME><ADDR1>%s</ADDR1><CITY>WORCESTER</CITY><ST>MA</ST><ZIP>%s</ZIP>
                    <PHONE>%s</PHONE></CUST>
                  <LINES><LINE><LINE_NO>1</LINE_NO><SKU>120334</SKU><DESC>PRINTER PAPER</DESC><QTY>2</QTY>
                    <UNIT_CENTS>4599</UNIT_CENTS><COST_CENTS>2870</COST_CENTS></LINE></LINES>
                  <TOTAL_CENTS>9198</TOTAL_CENTS>
                </CATALOGUE_ORDER>""".formatted(orderNo, day, account, name, street, zip, phone);
    }

    /** A catalogue order of person n of a small made-up customer base: people 0..9 share surnames in pairs. */
    static String orderOfPerson(int orderNo, int person, int day) {
        String[] surnames = {"LINDQVIST", "ESPOSITO", "FARROW", "OKAFOR", "BRANDT"};
        String[] given = {"NORA", "GINA", "PAUL", "AMARA", "JONAS", "ELLEN", "MARCO", "IDA", "TOMAS", "RUTH"};
        return order(orderNo, String.format("%07d", 50_000 + person), surnames[person % 5] + ", " + given[person],
                (10 + person) + " HARLOW ST", String.format("016%02d", person), String.valueOf(5_085_550_100L + person), day);
    }

    /** Documents as one file: many under a root of another name. */
    static String sequence(List<String> documents) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<orders>\n" + String.join("\n", documents) + "\n</orders>\n";
    }
}
