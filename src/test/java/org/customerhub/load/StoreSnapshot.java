package org.customerhub.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a store says about its customers, without the ids it made up: each surviving customer as its channel keys, its
 * stated values (with their effective time), its interactions and its blocking keys; and how many rows each kind of
 * record has. Two stores that made the same customers of the same records have equal snapshots.
 */
record StoreSnapshot(List<String> customers, Map<String, Long> rows) {
    static StoreSnapshot read(String jdbcUrl) throws SQLException {
        return read(jdbcUrl, "sa");
    }

    static StoreSnapshot read(String jdbcUrl, String user) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
             Statement statement = connection.createStatement()) {
            Map<String, TreeSet<String>> keys = grouped(statement,
                    "SELECT c.hub_id, i.kind || ' ' || i.id_value FROM customer c JOIN identifier i ON i.hub_id = c.hub_id WHERE c.merged_into IS NULL");
            Map<String, TreeSet<String>> values = new HashMap<>();
            // the time as an instant: H2 and PostgreSQL write a time with a zone as text each their own way
            try (ResultSet rows = statement.executeQuery("SELECT a.hub_id, a.attribute || ' ' || a.qualifier || ' ' || a.value_key"
                    + " || ' ' || a.channel, a.effective_at FROM attribute_value a JOIN customer c ON c.hub_id = a.hub_id"
                    + " WHERE c.merged_into IS NULL")) {
                while (rows.next()) {
                    values.computeIfAbsent(rows.getString(1), id -> new TreeSet<>())
                            .add(rows.getString(2) + " " + rows.getObject(3, OffsetDateTime.class).toInstant());
                }
            }
            Map<String, TreeSet<String>> interactions = grouped(statement,
                    "SELECT n.hub_id, n.channel || ' ' || n.type || ' ' || n.source_id FROM interaction n"
                            + " JOIN customer c ON c.hub_id = n.hub_id WHERE c.merged_into IS NULL");
            Map<String, TreeSet<String>> blocking = grouped(statement,
                    "SELECT b.hub_id, b.block_key FROM blocking_key b JOIN customer c ON c.hub_id = b.hub_id WHERE c.merged_into IS NULL");
            Map<String, TreeSet<String>> customersIds = grouped(statement,
                    "SELECT hub_id, hub_id FROM customer WHERE merged_into IS NULL");
            List<String> customers = new ArrayList<>();
            for (String hubId : customersIds.keySet()) {
                customers.add("keys " + keys.getOrDefault(hubId, new TreeSet<>()) + " values " + values.getOrDefault(hubId, new TreeSet<>())
                        + " interactions " + interactions.getOrDefault(hubId, new TreeSet<>())
                        + " blocking keys " + blocking.getOrDefault(hubId, new TreeSet<>()));
            }
            customers.sort(null);
            Map<String, Long> rows = new TreeMap<>();
            for (String table : List.of("customer", "identifier", "attribute_value", "interaction", "raw_message",
                    "possible_match", "merge_log", "change_event", "blocking_key")) {
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    count.next();
                    rows.put(table, count.getLong(1));
                }
            }
            return new StoreSnapshot(customers, rows);
        }
    }

    /** Rows of a table, as SQL counts them. */
    static long count(String jdbcUrl, String sql) throws SQLException {
        return count(jdbcUrl, "sa", sql);
    }

    static long count(String jdbcUrl, String user, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, TreeSet<String>> grouped(Statement statement, String sql) throws SQLException {
        Map<String, TreeSet<String>> grouped = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                grouped.computeIfAbsent(rows.getString(1), id -> new TreeSet<>()).add(rows.getString(2));
            }
        }
        return grouped;
    }
}
