package org.customerhub.store;

import static org.customerhub.json.Json.MAPPER;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.customerhub.canonical.Interaction;
import org.customerhub.store.ValueRows.ValueRow;
import org.customerhub.value.BgNbd;
import org.customerhub.value.Fit;
import org.customerhub.value.GammaGamma;
import org.customerhub.value.Standing;
import org.customerhub.value.ValueModel;
import org.jdbi.v3.core.Jdbi;

/** Customer value across the whole store: the base a fit reads, the fits kept, and the tiers as segments. */
public final class ValueStore {
    private final Jdbi jdbi;

    public ValueStore(CustomerStore store) {
        this.jdbi = store.jdbi();
    }

    public Optional<ValueRow> find(String hubId) {
        return jdbi.withHandle(handle -> new ValueRows(handle).find(hubId));
    }

    /** Every row, streamed, for an export. */
    public void forEach(Consumer<ValueRow> each) {
        jdbi.useHandle(handle -> {
            try (var rows = handle.createQuery("SELECT " + ValueRows.COLUMNS + " FROM customer_value ORDER BY hub_id")
                    .setFetchSize(1000).map(ValueRows.MAPPER).stream()) {
                rows.forEach(each);
            }
        });
    }

    /**
     * What a fit reads of every customer with a purchase, streamed in hub id order: only the columns the models, the
     * tier cutoffs and the RFM bounds read, not the figure set's XML.
     */
    public void forEachPurchaser(Consumer<Standing> each) {
        jdbi.useHandle(handle -> {
            try (var rows = handle.createQuery("""
                            SELECT first_purchase, last_purchase, repeats, last_repeat_weeks, repeat_value, margin_ratio,
                                   orders, revenue, profit_in_window
                            FROM customer_value WHERE first_purchase IS NOT NULL ORDER BY hub_id""")
                    .setFetchSize(1000).map((rs, ctx) -> standing(rs)).stream()) {
                rows.forEach(each);
            }
        });
    }

    private static Standing standing(ResultSet rs) throws SQLException {
        return new Standing(rs.getObject("first_purchase", OffsetDateTime.class).toInstant(),
                rs.getObject("last_purchase", OffsetDateTime.class).toInstant(), rs.getInt("repeats"),
                rs.getDouble("last_repeat_weeks"), rs.getDouble("repeat_value"), rs.getDouble("margin_ratio"),
                rs.getInt("orders"), rs.getBigDecimal("revenue").doubleValue(), rs.getBigDecimal("profit_in_window").doubleValue());
    }

    /** How many customers have a purchase: what a fit sizes its base for. */
    public int purchaserCount() {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM customer_value WHERE first_purchase IS NOT NULL").mapTo(Integer.class).one());
    }

    /** The next customers with a purchase after a hub id, in hub id order: a fit goes through the base a page at a time. */
    public List<String> purchasersAfter(String afterHubId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT hub_id FROM customer_value WHERE first_purchase IS NOT NULL AND hub_id > :after ORDER BY hub_id")
                .bind("after", afterHubId).setMaxRows(limit).mapTo(String.class).list());
    }

    public void saveModel(ValueModel model) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO value_model (fitted_at, fit_millis, customers, r, alpha, a, b, purchase_log_likelihood,
                                                 spend_customers, p, q, gamma, spend_log_likelihood, tier_cutoffs, rfm_cutoffs)
                        VALUES (:at, :millis, :customers, :r, :alpha, :a, :b, :ll, :spendCustomers, :p, :q, :gamma, :spendLl,
                                :cutoffs, :rfm)""")
                .bind("at", model.fittedAt().atOffset(ZoneOffset.UTC)).bind("millis", model.fitMillis())
                .bind("customers", model.purchasing().customers()).bind("r", model.purchasing().model().r())
                .bind("alpha", model.purchasing().model().alpha()).bind("a", model.purchasing().model().a())
                .bind("b", model.purchasing().model().b()).bind("ll", model.purchasing().logLikelihood())
                .bind("spendCustomers", model.spending() == null ? 0 : model.spending().customers())
                .bind("p", model.spending() == null ? null : model.spending().model().p())
                .bind("q", model.spending() == null ? null : model.spending().model().q())
                .bind("gamma", model.spending() == null ? null : model.spending().model().gamma())
                .bind("spendLl", model.spending() == null ? null : model.spending().logLikelihood())
                .bind("cutoffs", json(model.tierCutoffs()))
                .bind("rfm", json(Map.of("recency", model.recencyBounds(), "frequency", model.frequencyBounds(),
                        "monetary", model.monetaryBounds())))
                .execute());
    }

    /** The newest fit, the one in use. */
    public Optional<ValueModel> latestModel() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM value_model ORDER BY id DESC LIMIT 1")
                .map((rs, ctx) -> model(rs)).findOne());
    }

    /** Each tier with its count and its customers' summed lifetime value, revenue and profit. */
    public List<Map<String, Object>> segments() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT tier, COUNT(*) AS customers, COALESCE(SUM(lifetime_value), 0) AS lifetime_value,
                               SUM(revenue) AS revenue, SUM(profit) AS profit
                        FROM customer_value GROUP BY tier ORDER BY COALESCE(SUM(lifetime_value), 0) DESC, tier""")
                .mapToMap().list());
    }

    /** One page of a tier's customers, by lifetime value, highest first. */
    public List<ValueRow> tier(String tier, int offset, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + ValueRows.COLUMNS + """
                         FROM customer_value WHERE tier = :tier
                        ORDER BY CASE WHEN lifetime_value IS NULL THEN 1 ELSE 0 END, lifetime_value DESC, hub_id
                        LIMIT :limit OFFSET :offset""")
                .bind("tier", tier).bind("limit", limit).bind("offset", offset).map(ValueRows.MAPPER).list());
    }

    /** Every interaction of the window that can sell, return or complain about a product, streamed. */
    public void forEachProductInteraction(OffsetDateTime since, BiConsumer<String, Interaction> each) {
        AttributeCodec codec = new AttributeCodec();
        jdbi.useHandle(handle -> {
            try (var rows = handle.createQuery("""
                            SELECT type, detail_xml FROM interaction
                            WHERE occurred_at >= :since AND type IN ('CATALOGUE_ORDER', 'STORE_SALE', 'CONTRACT_ORDER',
                                  'WEB_ORDER', 'PROCUREMENT_ORDER', 'STORE_RETURN', 'STORE_EXCHANGE', 'SUPPORT_CASE')""")
                    .bind("since", since).setFetchSize(1000)
                    .map((rs, ctx) -> Map.entry(rs.getString("type"), rs.getString("detail_xml"))).stream()) {
                rows.forEach(row -> each.accept(row.getKey(), codec.interactionFromXml(row.getValue())));
            }
        });
    }

    /** How many customers had each main channel a window ago and have each now. */
    public List<Map<String, Object>> migration() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT main_channel_before AS was, main_channel AS is_now, COUNT(*) AS customers
                        FROM customer_value WHERE main_channel IS NOT NULL
                        GROUP BY main_channel_before, main_channel ORDER BY main_channel_before, main_channel""")
                .mapToMap().list());
    }

    private static ValueModel model(ResultSet rs) throws SQLException {
        Fit<BgNbd> purchasing = new Fit<>(new BgNbd(rs.getDouble("r"), rs.getDouble("alpha"), rs.getDouble("a"),
                rs.getDouble("b")), rs.getDouble("purchase_log_likelihood"), rs.getInt("customers"));
        double p = rs.getDouble("p");
        Fit<GammaGamma> spending = rs.wasNull() ? null : new Fit<>(new GammaGamma(p, rs.getDouble("q"),
                rs.getDouble("gamma")), rs.getDouble("spend_log_likelihood"), rs.getInt("spend_customers"));
        try {
            Map<String, Double> cutoffs = MAPPER.readValue(rs.getString("tier_cutoffs"), new TypeReference<LinkedHashMap<String, Double>>() { });
            Map<String, double[]> rfm = MAPPER.readValue(rs.getString("rfm_cutoffs"), new TypeReference<Map<String, double[]>>() { });
            Instant at = rs.getObject("fitted_at", OffsetDateTime.class).toInstant();
            return new ValueModel(at, rs.getLong("fit_millis"), purchasing, spending, cutoffs, rfm.get("recency"),
                    rfm.get("frequency"), rfm.get("monetary"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value_model row unreadable", e);
        }
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fit in the shape the admin API and the value page show it. */
    public static ObjectNode describe(ValueModel model) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("fittedAt", model.fittedAt().toString());
        node.put("fitMillis", model.fitMillis());
        ObjectNode purchasing = node.putObject("bgnbd");
        purchasing.put("customers", model.purchasing().customers());
        purchasing.put("r", model.purchasing().model().r());
        purchasing.put("alpha", model.purchasing().model().alpha());
        purchasing.put("a", model.purchasing().model().a());
        purchasing.put("b", model.purchasing().model().b());
        purchasing.put("logLikelihood", model.purchasing().logLikelihood());
        if (model.spending() != null) {
            ObjectNode spending = node.putObject("gammaGamma");
            spending.put("customers", model.spending().customers());
            spending.put("p", model.spending().model().p());
            spending.put("q", model.spending().model().q());
            spending.put("gamma", model.spending().model().gamma());
            spending.put("logLikelihood", model.spending().logLikelihood());
        }
        ObjectNode cutoffs = node.putObject("tierCutoffs");
        model.tierCutoffs().forEach(cutoffs::put);
        return node;
    }
}
