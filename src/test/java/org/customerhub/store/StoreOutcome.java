package org.customerhub.store;

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
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a store holds, with each customer named by its content (its identifiers and values, sorted) instead of its
 * random hub id, so two stores that made the same decisions compare equal.
 */
public record StoreOutcome(List<String> customers, List<String> interactions, List<String> possibleMatches,
                           List<String> figures, long mergedAway, long keysOfMergedAway) {

    public static StoreOutcome read(String url, String user) throws SQLException {
        try (Connection db = DriverManager.getConnection(url, user, "")) {
            Map<String, List<String>> contents = new HashMap<>();
            collect(db, "SELECT hub_id, 'id ' || kind || ':' || id_value FROM identifier", contents);
            collect(db, "SELECT hub_id, 'value ' || attribute || ' ' || qualifier || ' ' || value_key || ' from '"
                    + " || channel FROM attribute_value", contents);
            Map<String, String> names = new TreeMap<>();
            contents.forEach((hubId, lines) -> names.put(hubId, String.join("; ", lines.stream().sorted().toList())));

            List<String> customers = new ArrayList<>();
            List<String> interactions = new ArrayList<>();
            List<String> possibleMatches = new ArrayList<>();
            List<String> figures = new ArrayList<>();
            long mergedAway = 0;
            long keysOfMergedAway;
            try (Statement query = db.createStatement()) {
                try (ResultSet rows = query.executeQuery("SELECT hub_id, merged_into FROM customer")) {
                    while (rows.next()) {
                        if (rows.getString(2) == null) {
                            customers.add(names.getOrDefault(rows.getString(1), "(nothing)"));
                        } else {
                            mergedAway++;
                        }
                    }
                }
                try (ResultSet rows = query.executeQuery(
                        "SELECT hub_id, channel, type, source_id, reference, amount FROM interaction")) {
                    while (rows.next()) {
                        interactions.add(rows.getString(2) + " " + rows.getString(3) + " " + rows.getString(4) + " "
                                + rows.getString(5) + " " + rows.getBigDecimal(6) + " of "
                                + (rows.getString(1) == null ? "nobody" : names.get(rows.getString(1))));
                    }
                }
                try (ResultSet rows = query.executeQuery("""
                        SELECT COUNT(*) FROM blocking_key b JOIN customer c ON c.hub_id = b.hub_id
                        WHERE c.merged_into IS NOT NULL""")) {
                    rows.next();
                    keysOfMergedAway = rows.getLong(1);
                }
                try (ResultSet rows = query.executeQuery("SELECT hub_id, other_hub_id FROM possible_match")) {
                    while (rows.next()) {
                        possibleMatches.add(Stream.of(names.get(rows.getString(1)), names.get(rows.getString(2)))
                                .sorted().toList().toString());
                    }
                }
                // the figures that do not move with the time they were worked out at (the window's do)
                try (ResultSet rows = query.executeQuery("""
                        SELECT hub_id, orders, revenue, margin, profit, first_purchase, repeats, tier FROM customer_value""")) {
                    while (rows.next()) {
                        figures.add(names.get(rows.getString(1)) + ": " + rows.getInt(2) + " orders, revenue "
                                + rows.getBigDecimal(3) + ", margin " + rows.getBigDecimal(4) + ", profit "
                                + rows.getBigDecimal(5) + ", first " + Optional.ofNullable(rows.getObject(6, OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant).orElse(null) + ", repeats " + rows.getInt(7) + ", tier " + rows.getString(8));
                    }
                }
            }
            return new StoreOutcome(customers.stream().sorted().toList(), interactions.stream().sorted().toList(),
                    possibleMatches.stream().sorted().toList(), figures.stream().sorted().toList(), mergedAway,
                    keysOfMergedAway);
        }
    }

    private static void collect(Connection db, String sql, Map<String, List<String>> contents) throws SQLException {
        try (Statement query = db.createStatement(); ResultSet rows = query.executeQuery(sql)) {
            while (rows.next()) {
                contents.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
            }
        }
    }
}
