package org.customerhub.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.postgresql.PGConnection;

/**
 * Rows of one table written together, in the order given: on PostgreSQL one {@code COPY ... FROM STDIN} (about half
 * the CPU of the same rows inserted, `bench/load-floor --postgres`), elsewhere one JDBC batch. Values are Strings,
 * times, numbers, booleans, bytes or null.
 */
final class BulkRows {
    private static final HexFormat HEX = HexFormat.of();

    private BulkRows() {
    }

    /** columns: the table's columns the rows give, in order, separated by commas. */
    static void write(Handle handle, boolean postgres, String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (postgres) {
            copy(handle, table, columns, rows);
            return;
        }
        int width = columns.split(",").length;
        PreparedBatch batch = handle.prepareBatch("INSERT INTO " + table + " (" + columns + ") VALUES ("
                + IntStream.range(0, width).mapToObj(i -> "?").collect(Collectors.joining(", ")) + ")");
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                batch.bind(i, row[i]);
            }
            batch.add();
        }
        batch.execute();
    }

    private static void copy(Handle handle, String table, String columns, List<Object[]> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                appendValue(text, row[i]);
            }
            text.append('\n');
        }
        try {
            handle.getConnection().unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new StringReader(text.toString()));
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value in COPY's text format: \N for null, bytea as \x and hex, text with its backslashes and breaks escaped. */
    static void appendValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof byte[] bytes) {
            text.append("\\\\x").append(HEX.formatHex(bytes));
        } else if (value instanceof Boolean flag) {
            text.append(flag ? 't' : 'f');
        } else if (value instanceof BigDecimal number) {
            text.append(number.toPlainString());
        } else {
            // the text between two characters to escape in one append: a character at a time was a tenth of the writer's time
            String string = value.toString();
            int plain = 0;
            for (int i = 0; i < string.length(); i++) {
                String escaped = switch (string.charAt(i)) {
                    case '\\' -> "\\\\";
                    case '\t' -> "\\t";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    default -> null;
                };
                if (escaped != null) {
                    text.append(string, plain, i).append(escaped);
                    plain = i + 1;
                }
            }
            text.append(string, plain, string.length());
        }
    }
}
