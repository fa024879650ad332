package org.customerhub.load;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.customerhub.xml.RejectReason;
import org.customerhub.xml.RejectedMessageException;

/**
 * A column mapping for delimited files (config/load/*.properties): the channel, how a line splits into columns, the
 * columns' names, and the XSLT that maps a row, written as {@code <row line="N"><name>value</name>…</row>}, to the
 * canonical channel record. One record per line; blank lines are skipped.
 */
record RowFormat(Path file, String channel, boolean whitespace, boolean header, List<String> columns, Path mapping) {
    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();

    static RowFormat load(Path file) throws IOException {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            settings.load(reader);
        }
        String format = required(settings, file, "format");
        if (!format.equals("csv") && !format.equals("whitespace")) {
            throw new IllegalArgumentException(file + ": format is csv or whitespace, not " + format);
        }
        List<String> columns = Arrays.stream(required(settings, file, "columns").split(",")).map(String::trim).toList();
        columns.stream().filter(name -> !COLUMN_NAME.matcher(name).matches()).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException(file + ": column name '" + name + "' is not a plain name");
        });
        Path mapping = file.toAbsolutePath().getParent().resolve(required(settings, file, "mapping")).normalize();
        return new RowFormat(file, required(settings, file, "channel"), format.equals("whitespace"),
                Boolean.parseBoolean(settings.getProperty("header", "false").trim()), columns, mapping);
    }

    private static String required(Properties settings, Path file, String key) {
        String value = settings.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + " has no " + key);
        }
        return value.trim();
    }

    /** The values of one line, in column order. */
    List<String> split(String line) throws RejectedMessageException {
        if (whitespace) {
            return List.of(WHITESPACE.split(line.strip()));
        }
        try (CSVParser parser = CSVParser.parse(new StringReader(line), CSV)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new RejectedMessageException(RejectReason.SCHEMA_INVALID, "not one row of comma-separated values");
            }
            return records.get(0).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RejectedMessageException(RejectReason.SCHEMA_INVALID, "not a row of comma-separated values: " + e.getMessage(), e);
        }
    }

    /** Refuses a header that names other columns: the wrong file or the wrong mapping, caught on the first line. */
    void checkHeader(String line) throws RejectedMessageException {
        List<String> named = split(line).stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).toList();
        List<String> expected = columns.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
        if (!named.equals(expected)) {
            throw new IllegalArgumentException("the header of the file names the columns " + named + ", the mapping "
                    + file + " expects " + expected + ": wrong file or wrong mapping");
        }
    }

    /** The row as the mapping reads it; its line is part of it, so two equal lines are two records. */
    String rowXml(long line, String text, int maxValueLength) throws RejectedMessageException {
        List<String> values = split(text);
        if (values.size() != columns.size()) {
            throw new RejectedMessageException(RejectReason.SCHEMA_INVALID,
                    "row has " + values.size() + " columns, the mapping names " + columns.size());
        }
        StringBuilder xml = new StringBuilder("<row line=\"").append(line).append("\">");
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value.length() > maxValueLength) {
                throw new RejectedMessageException(RejectReason.SCHEMA_INVALID,
                        "value of " + columns.get(i) + " is " + value.length() + " characters, limit " + maxValueLength);
            }
            xml.append('<').append(columns.get(i)).append('>');
            escape(value, xml);
            xml.append("</").append(columns.get(i)).append('>');
        }
        return xml.append("</row>").toString();
    }

    private static void escape(String value, StringBuilder xml) throws RejectedMessageException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                default -> {
                    if (c < 0x20 && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
                        throw new RejectedMessageException(RejectReason.ENCODING_ERROR,
                                "control character U+" + String.format("%04X", (int) c) + " in a value");
                    }
                    xml.append(c);
                }
            }
        }
    }
}
