package org.customerhub.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The hub's H2 store after a run, read directly once the hub has stopped: keys, customers, interactions, events. */
record StoreContents(Map<String, String> keyOwners, long customers, List<Interaction> interactions, List<Event> events) {
    record Interaction(String channel, String sourceId, String hubId) {
    }

    record Event(String eventId, String hubId) {
    }

    static StoreContents read(String databaseUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl, "sa", "");
             Statement statement = connection.createStatement()) {
            Map<String, String> keyOwners = new HashMap<>();
            try (ResultSet rows = statement.executeQuery("SELECT id_value, hub_id FROM identifier WHERE kind = 'key'")) {
                while (rows.next()) {
                    keyOwners.put(rows.getString(1), rows.getString(2));
                }
            }
            long customers;
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM customer")) {
                rows.next();
                customers = rows.getLong(1);
            }
            List<Interaction> interactions = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT channel, source_id, hub_id FROM interaction")) {
                while (rows.next()) {
                    interactions.add(new Interaction(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
            List<Event> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT event_id, hub_id FROM change_event")) {
                while (rows.next()) {
                    events.add(new Event(rows.getString(1), rows.getString(2)));
                }
            }
            return new StoreContents(keyOwners, customers, interactions, events);
        }
    }
}
