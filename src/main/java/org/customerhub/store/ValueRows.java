package org.customerhub.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.customerhub.value.Touch;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

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

    private static final String HISTORY = """
            SELECT c.merged_into, c.split_at, v.tier, i.channel, i.type, i.occurred_at, i.amount, i.currency,
                   i.cost, i.margin, i.incident, POSITION('status="CANCELLED"' IN i.detail_xml) > 0 AS cancelled
            FROM customer c
            LEFT JOIN customer_value v ON v.hub_id = c.hub_id
            LEFT JOIN interaction i ON i.hub_id = c.hub_id
            WHERE c.hub_id = :id ORDER BY i.occurred_at, i.id""";

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
     * What the customer's figures are worked out from: whether the id is a live customer (issued, neither merged away
     * nor split), the tier stored for them (empty before their first figures) and their interactions, oldest first.
     */
    public record History(boolean live, Optional<String> tier, List<Touch> touches) {
    }

    /**
     * The customer's history for their figures in one statement, the interactions without their detail: a restated
     * order says it was cancelled in its stored XML, which is searched where it lies rather than read out. The query is
     * closed here, not with the handle: H2 reuses its parsed statement only once the last use of it is closed, and
     * parsed and planned the join again at every message while a transaction held it open.
     */
    public History history(String hubId) {
        try (Query query = handle.createQuery(HISTORY)) {
            return query.bind("id", hubId).scanResultSet((results, ctx) -> {
                ResultSet rs = results.get();
                if (!rs.next()) {
                    return new History(false, Optional.empty(), List.of());
                }
                boolean live = rs.getString(1) == null && rs.getObject(2) == null;
                Optional<String> tier = Optional.ofNullable(rs.getString(3));
                List<Touch> touches = new ArrayList<>();
                do {
                    String channel = rs.getString(4);
                    if (channel != null) {
                        touches.add(new Touch(channel, rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(),
                                rs.getBigDecimal(7), rs.getString(8), rs.getBigDecimal(9), rs.getBigDecimal(10),
                                rs.getBoolean(11), rs.getBoolean(12)));
                    }
                } while (rs.next());
                return new History(live, tier, touches);
            });
        }
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
        int updated = bound(handle.createUpdate("""
                        UPDATE customer_value SET figures = :figures, orders = :orders, revenue = :revenue, margin = :margin,
                               profit = :profit, profit_in_window = :profitInWindow, first_purchase = :firstPurchase,
                               last_purchase = :lastPurchase, repeats = :repeats, last_repeat_weeks = :lastRepeatWeeks,
                               repeat_value = :repeatValue, margin_ratio = :marginRatio, main_channel = :mainChannel,
                               main_channel_before = :mainChannelBefore, expected_purchases = :expectedPurchases,
                               probability_alive = :probabilityAlive, lifetime_value = :lifetimeValue, rfm = :rfm,
                               tier = :tier, tier_reason = :tierReason, updated_at = :updatedAt
                        WHERE hub_id = :hubId"""), row).execute();
        if (updated == 0) {
            insert(row);
        }
    }

    private void insert(ValueRow row) {
        bound(handle.createUpdate("INSERT INTO customer_value (" + COLUMNS + ") VALUES (:hubId, :figures, :orders, "
                        + ":revenue, :margin, :profit, :profitInWindow, :firstPurchase, :lastPurchase, :repeats, "
                        + ":lastRepeatWeeks, :repeatValue, :marginRatio, :mainChannel, :mainChannelBefore, "
                        + ":expectedPurchases, :probabilityAlive, :lifetimeValue, :rfm, :tier, :tierReason, :updatedAt)"),
                row).execute();
    }

    /**
     * The row's fields bound one by one, each with its type: binding the record's accessors by reflection adapted a
     * method handle per accessor at every write, in the transaction of every message.
     */
    private static Update bound(Update update, ValueRow row) {
        return update.bind("hubId", row.hubId()).bind("figures", row.figures()).bind("orders", row.orders())
                .bind("revenue", row.revenue()).bind("margin", row.margin()).bind("profit", row.profit())
                .bind("profitInWindow", row.profitInWindow())
                .bindByType("firstPurchase", row.firstPurchase(), OffsetDateTime.class)
                .bindByType("lastPurchase", row.lastPurchase(), OffsetDateTime.class)
                .bind("repeats", row.repeats()).bind("lastRepeatWeeks", row.lastRepeatWeeks())
                .bind("repeatValue", row.repeatValue()).bind("marginRatio", row.marginRatio())
                .bind("mainChannel", row.mainChannel()).bind("mainChannelBefore", row.mainChannelBefore())
                .bind("expectedPurchases", row.expectedPurchases()).bind("probabilityAlive", row.probabilityAlive())
                .bind("lifetimeValue", row.lifetimeValue()).bind("rfm", row.rfm()).bind("tier", row.tier())
                .bind("tierReason", row.tierReason())
                .bindByType("updatedAt", row.updatedAt(), OffsetDateTime.class);
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
