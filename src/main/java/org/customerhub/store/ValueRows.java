package org.customerhub.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.customerhub.value.Touch;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The customer_value rows (README: Customer value), read and written in the transaction they belong to. */
public final class ValueRows {
    static final String COLUMNS = """
            hub_id, figures, orders, revenue, margin, profit, profit_in_window, first_purchase, last_purchase, repeats, last_repeat_weeks,
            repeat_value, margin_ratio, main_channel, main_channel_before, expected_purchases, probability_alive,
            lifetime_value, rfm, tier, tier_reason, updated_at""";
    static final RowMapper<ValueRow> MAPPER = (rs, ctx) -> new ValueRow(rs.getString("hub_id"), rs.getString("figures"),
            rs.getInt("orders"), rs.getBigDecimal("revenue"), rs.getBigDecimal("margin"), rs.getBigDecimal("profit"),
            rs.getBigDecimal("profit_in_window"), time(rs, "first_purchase"), time(rs, "last_purchase"), rs.getInt("repeats"), rs.getDouble("last_repeat_weeks"),
            rs.getDouble("repeat_value"), rs.getDouble("margin_ratio"), rs.getString("main_channel"),
            rs.getString("main_channel_before"), nullable(rs, "expected_purchases"), nullable(rs, "probability_alive"),
            nullable(rs, "lifetime_value"), rs.getString("rfm"), rs.getString("tier"), rs.getString("tier_reason"),
            time(rs, "updated_at"));

    private final Handle handle;

    ValueRows(Handle handle) {
        this.handle = handle;
    }

    /** One customer's figures, predictions and tier as stored. */
    public record ValueRow(String hubId, String figures, int orders, BigDecimal revenue, BigDecimal margin,
                           BigDecimal profit, BigDecimal profitInWindow, OffsetDateTime firstPurchase, OffsetDateTime lastPurchase, int repeats,
                           double lastRepeatWeeks, double repeatValue, double marginRatio, String mainChannel,
                           String mainChannelBefore, Double expectedPurchases, Double probabilityAlive,
                           Double lifetimeValue, String rfm, String tier, String tierReason, OffsetDateTime updatedAt) {
    }

    /**
     * The customer's interactions as the value figures read them, without their detail: a restated order says it was
     * cancelled in its stored XML, which is searched where it lies rather than read out.
     */
    public List<Touch> touches(String hubId) {
        return handle.createQuery("""
                        SELECT channel, type, occurred_at, amount, currency, cost, margin, incident,
                               CASE WHEN detail_xml LIKE '%status="CANCELLED"%' THEN TRUE ELSE FALSE END AS cancelled
                        FROM interaction WHERE hub_id = :id ORDER BY occurred_at, id""")
                .bind("id", hubId)
                .map((rs, ctx) -> new Touch(rs.getString("channel"), rs.getString("type"),
                        time(rs, "occurred_at").toInstant(), rs.getBigDecimal("amount"), rs.getString("currency"),
                        rs.getBigDecimal("cost"), rs.getBigDecimal("margin"), rs.getBoolean("incident"),
                        rs.getBoolean("cancelled")))
                .list();
    }

    /** The customer's tier as stored; empty before their first figures. */
    public Optional<String> tier(String hubId) {
        return handle.createQuery("SELECT tier FROM customer_value WHERE hub_id = :id").bind("id", hubId)
                .mapTo(String.class).findOne();
    }

    public Optional<ValueRow> find(String hubId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM customer_value WHERE hub_id = :id")
                .bind("id", hubId).map(MAPPER).findOne();
    }

    /**
     * Writes the customer's row, replacing the one before: one statement, an update when the caller read that the row
     * exists (in the same transaction, under the customer's lock), else an insert.
     */
    public void save(ValueRow row, boolean exists) {
        if (!exists) {
            insert(row);
            return;
        }
        int updated = handle.createUpdate("""
                        UPDATE customer_value SET figures = :figures, orders = :orders, revenue = :revenue, margin = :margin,
                               profit = :profit, profit_in_window = :profitInWindow, first_purchase = :firstPurchase,
                               last_purchase = :lastPurchase, repeats = :repeats, last_repeat_weeks = :lastRepeatWeeks,
                               repeat_value = :repeatValue, margin_ratio = :marginRatio, main_channel = :mainChannel,
                               main_channel_before = :mainChannelBefore, expected_purchases = :expectedPurchases,
                               probability_alive = :probabilityAlive, lifetime_value = :lifetimeValue, rfm = :rfm,
                               tier = :tier, tier_reason = :tierReason, updated_at = :updatedAt
                        WHERE hub_id = :hubId""")
                .bindMethods(row).execute();
        if (updated == 0) {
            insert(row);
        }
    }

    private void insert(ValueRow row) {
        handle.createUpdate("INSERT INTO customer_value (" + COLUMNS + ") VALUES (:hubId, :figures, :orders, :revenue, "
                        + ":margin, :profit, :profitInWindow, :firstPurchase, :lastPurchase, :repeats, :lastRepeatWeeks, "
                        + ":repeatValue, :marginRatio, :mainChannel, :mainChannelBefore, :expectedPurchases, "
                        + ":probabilityAlive, :lifetimeValue, :rfm, :tier, :tierReason, :updatedAt)")
                .bindMethods(row).execute();
    }

    public void delete(String hubId) {
        handle.createUpdate("DELETE FROM customer_value WHERE hub_id = :id").bind("id", hubId).execute();
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    private static Double nullable(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
