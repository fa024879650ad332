package org.customerhub.segments;

import static org.customerhub.http.JsonAnswer.error;
import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.customerhub.store.ValueRows.ValueRow;
import org.customerhub.store.ValueStore;
import org.customerhub.value.ProductIncidents;
import org.customerhub.value.ValueState;

/**
 * Tiers as segments: GET /api/segments (each tier with its count and value), GET /api/segments/{tier}?page= (its
 * customers by lifetime value), and for admins the value page's figures, a refit on request and a CSV export.
 */
public final class SegmentsApi {
    static final int PAGE_SIZE = 50;
    private static final Pattern TIER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final int MAX_PAGE = 1_000_000;
    private static final int MAX_OFFENDERS = 200;
    private static final int WORST_ON_PAGE = 10;
    /** Bounds of the lifetime value histogram on the value page. */
    private static final double[] VALUE_BOUNDS = {0, 10, 50, 100, 250, 500, 1000, 2500, 5000};

    private final ValueStore values;
    private final ValueState state;
    private final ValueRefit refit;

    public SegmentsApi(ValueStore values, ValueState state, ValueRefit refit) {
        this.values = values;
        this.state = state;
        this.refit = refit;
    }

    public void segments(Exchange exchange) {
        ArrayNode tiers = MAPPER.createArrayNode();
        for (Map<String, Object> row : values.segments()) {
            ObjectNode tier = tiers.addObject();
            tier.put("tier", (String) row.get("tier"));
            tier.put("customers", ((Number) row.get("customers")).longValue());
            tier.put("lifetimeValue", round(((Number) row.get("lifetime_value")).doubleValue()));
            tier.put("revenue", (BigDecimal) row.get("revenue"));
            tier.put("profit", (BigDecimal) row.get("profit"));
        }
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("currency", state.rules().currency());
        answer.set("tiers", tiers);
        respond(exchange.getMessage(), 200, answer.toString());
    }

    public void tier(Exchange exchange) {
        Message message = exchange.getMessage();
        String tier = message.getHeader("tier", String.class);
        if (tier == null || !TIER_NAME.matcher(tier).matches()) {
            respond(message, 400, error("BAD_REQUEST", "a tier name is letters, digits, - and _"));
            return;
        }
        String pageText = message.getHeader("page", "1", String.class);
        int page;
        try {
            page = Integer.parseInt(pageText.trim());
        } catch (NumberFormatException e) {
            page = 0;
        }
        if (page < 1 || page > MAX_PAGE) {
            respond(message, 400, error("BAD_REQUEST", "page is a number from 1"));
            return;
        }
        ArrayNode customers = MAPPER.createArrayNode();
        values.tier(tier, (page - 1) * PAGE_SIZE, PAGE_SIZE).forEach(row -> customers.add(summary(row)));
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("tier", tier);
        answer.put("page", page);
        answer.put("pageSize", PAGE_SIZE);
        answer.set("customers", customers);
        respond(message, 200, answer.toString());
    }

    /** The value page: the fit in use, tier counts, lifetime value distribution and the channel migration matrix. */
    public void overview(Exchange exchange) {
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("currency", state.rules().currency());
        answer.put("window", state.window().toString());
        answer.put("horizonMonths", state.horizonMonths());
        answer.put("discountRate", state.discountRate());
        answer.put("fitRunning", refit.isRunning());
        answer.put("lastFitFailure", refit.lastFailure().orElse(null));
        state.model().ifPresentOrElse(model -> answer.set("model", ValueStore.describe(model)), () -> answer.putNull("model"));
        ArrayNode tiers = answer.putArray("tiers");
        values.segments().forEach(row -> tiers.addObject().put("tier", (String) row.get("tier"))
                .put("customers", ((Number) row.get("customers")).longValue()));
        long[] histogram = new long[VALUE_BOUNDS.length + 1];
        values.forEach(row -> {
            if (row.lifetimeValue() != null) {
                int bucket = 0;
                while (bucket < VALUE_BOUNDS.length && row.lifetimeValue() >= VALUE_BOUNDS[bucket]) {
                    bucket++;
                }
                histogram[bucket]++;
            }
        });
        ArrayNode distribution = answer.putArray("lifetimeValueDistribution");
        for (int i = 0; i < histogram.length; i++) {
            ObjectNode bucket = distribution.addObject();
            if (i > 0) {
                bucket.put("from", VALUE_BOUNDS[i - 1]);
            }
            if (i < VALUE_BOUNDS.length) {
                bucket.put("below", VALUE_BOUNDS[i]);
            }
            bucket.put("customers", histogram[i]);
        }
        ArrayNode migration = answer.putArray("channelMigration");
        values.migration().forEach(row -> migration.addObject().put("before", (String) row.get("was"))
                .put("now", (String) row.get("is_now")).put("customers", ((Number) row.get("customers")).longValue()));
        answer.set("worstProducts", offenders(WORST_ON_PAGE));
        respond(exchange.getMessage(), 200, answer.toString());
    }

    /** GET /api/products/incidents?limit=: the SKUs with the most returns and support cases per unit sold. */
    public void productIncidents(Exchange exchange) {
        Message message = exchange.getMessage();
        int limit;
        try {
            limit = Integer.parseInt(message.getHeader("limit", "20", String.class).trim());
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_OFFENDERS) {
            respond(message, 400, error("BAD_REQUEST", "limit is a number from 1 to " + MAX_OFFENDERS));
            return;
        }
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("window", state.window().toString());
        answer.set("products", offenders(limit));
        respond(message, 200, answer.toString());
    }

    /** Over the last window, computed on request from the interactions. */
    private ArrayNode offenders(int limit) {
        ProductIncidents incidents = new ProductIncidents();
        OffsetDateTime since = OffsetDateTime.now(state.clock()).minus(state.window());
        values.forEachProductInteraction(since, incidents::add);
        ArrayNode products = MAPPER.createArrayNode();
        for (ProductIncidents.Offender offender : incidents.worst(limit)) {
            ObjectNode product = products.addObject();
            product.put("sku", offender.sku());
            product.put("unitsSold", offender.unitsSold());
            product.put("unitsReturned", offender.unitsReturned());
            product.put("supportCases", offender.supportCases());
            product.put("returnRate", offender.returnRate());
            product.put("supportCaseRate", offender.supportCaseRate());
            ObjectNode reasons = product.putObject("reasons");
            offender.reasons().forEach(reasons::put);
        }
        return products;
    }

    /** Starts a fit in the background; 202 when started, 409 while one is running. */
    public void requestFit(Exchange exchange) {
        boolean started = refit.request("admin request");
        ObjectNode answer = MAPPER.createObjectNode().put("started", started);
        respond(exchange.getMessage(), started ? 202 : 409, answer.toString());
    }

    /** Every customer's figures and tier as CSV, by tier and lifetime value. */
    public void export(Exchange exchange) {
        List<ValueRow> rows = new ArrayList<>();
        values.forEach(rows::add);
        rows.sort((x, y) -> Double.compare(y.lifetimeValue() == null ? -1 : y.lifetimeValue(),
                x.lifetimeValue() == null ? -1 : x.lifetimeValue()));
        StringBuilder csv = new StringBuilder(
                "hubId,tier,lifetimeValue,expectedPurchases52w,probabilityAlive,orders,revenue,margin,profit,rfm,mainChannel\r\n");
        for (ValueRow row : rows) {
            csv.append(String.join(",", row.hubId(), row.tier(), number(row.lifetimeValue()), number(row.expectedPurchases()),
                    number(row.probabilityAlive()), Integer.toString(row.orders()), row.revenue().toPlainString(),
                    row.margin().toPlainString(), row.profit().toPlainString(), row.rfm() == null ? "" : row.rfm(),
                    row.mainChannel() == null ? "" : row.mainChannel())).append("\r\n");
        }
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        message.setHeader("Content-Disposition", "attachment; filename=\"customer-value.csv\"");
        message.setBody(csv.toString());
    }

    private static ObjectNode summary(ValueRow row) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("hubId", row.hubId());
        node.put("lifetimeValue", row.lifetimeValue());
        node.put("expectedPurchases52w", row.expectedPurchases());
        node.put("probabilityAlive", row.probabilityAlive());
        node.put("orders", row.orders());
        node.put("revenue", row.revenue());
        node.put("profit", row.profit());
        node.put("mainChannel", row.mainChannel());
        node.put("tierReason", row.tierReason());
        return node;
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
