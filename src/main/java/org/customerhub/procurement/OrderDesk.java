package org.customerhub.procurement;

import static org.customerhub.json.Json.MAPPER;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.ProducerTemplate;
import org.customerhub.store.ProcurementStore;
import org.customerhub.store.ProcurementStore.HeldOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * The order desk: procurement orders the direct-sales format cannot carry as they came. An order is placed when it
 * fits (its part ids found in the cross-reference, its currency one direct sales bills in, quantities and prices in
 * its format) and held otherwise, with the reasons per line; an admin settles a held order by mapping its parts or
 * converting its currency, then sends it on once, or rejects it. The reasons of a held order are worked out again
 * on every look, so a mapping added since shows at once. One held order's view also shows the confirmations sent to
 * the buyer's platform and what it answered.
 */
public final class OrderDesk {
    /** Where ContractOrders go to direct sales. */
    public static final String DIRECTSALES = "jms:queue:hub.out.directsales?exchangePattern=InOnly";
    /** Where held orders are announced to the order desk. */
    public static final String EXCEPTIONS = "jms:queue:hub.exceptions.directsales?exchangePattern=InOnly";
    private static final int MAX_LISTED = 500;
    private static final Logger LOG = LoggerFactory.getLogger(OrderDesk.class);

    private final ProcurementStore store;
    private final DirectSalesFit fit;
    private final ContractOrderSchema schema;
    private final ContractOrders contractOrders = new ContractOrders();
    private final Confirmations confirmations;
    private volatile PartNumbers parts;
    private volatile CurrencyRates rates;
    private ProducerTemplate producer;

    public OrderDesk(ProcurementStore store, DirectSalesFit fit, ContractOrderSchema schema, PartNumbers parts,
                     CurrencyRates rates, Confirmations confirmations) {
        this.store = store;
        this.fit = fit;
        this.schema = schema;
        this.parts = parts;
        this.rates = rates;
        this.confirmations = confirmations;
    }

    /** The producer the desk sends with, set once the Camel context exists. */
    public void useProducer(ProducerTemplate producerTemplate) {
        this.producer = producerTemplate;
    }

    public void usePartNumbers(PartNumbers newParts) {
        this.parts = newParts;
    }

    public void useRates(CurrencyRates newRates) {
        this.rates = newRates;
    }

    public DirectSalesFit fit() {
        return fit;
    }

    /** The retailer SKU of an order line, when the cross-reference knows it. */
    public Optional<String> sku(String partner, PurchaseOrder.Line line) {
        return parts.sku(partner, line);
    }

    /** A ContractOrder ready to send, or the reasons it cannot be placed (then contractOrder is null). */
    public record Placement(String contractOrder, List<DirectSalesFit.ContractLine> lines, List<DirectSalesFit.Reason> reasons) {
        public boolean fits() {
            return contractOrder != null;
        }
    }

    /** Whether the order can be placed now, with the current cross-reference and rates; the schema has the last word. */
    public Placement placement(PurchaseOrder order, String partner, String account, String contact, String convertTo)
            throws IOException, SAXException {
        DirectSalesFit.Outcome outcome = fit.fit(order, partner, parts, rates, convertTo);
        if (!outcome.fits()) {
            return new Placement(null, List.of(), outcome.reasons());
        }
        String contractOrder = contractOrders.write(account, contact, order.orderId(), order.orderDate(), outcome.lines());
        Optional<String> fault = schema.fault(contractOrder);
        if (fault.isPresent()) {
            return new Placement(null, List.of(), List.of(new DirectSalesFit.Reason(null, "SCHEMA_INVALID",
                    "the direct-sales schema refuses " + fault.get())));
        }
        return new Placement(contractOrder, outcome.lines(), List.of());
    }

    /** Holds an order (once per document) and answers the message that announces it on the exceptions queue. */
    public String hold(String documentId, String partner, String account, String contact, PurchaseOrder order,
                       List<DirectSalesFit.Reason> reasons) throws JsonProcessingException {
        long id = store.holdOrder(documentId, partner, order.orderId(), account, contact, MAPPER.writeValueAsString(order),
                MAPPER.writeValueAsString(reasons), OffsetDateTime.now(ZoneOffset.UTC));
        LOG.info("Procurement order {} held for the order desk as exception {}: {}", documentId, id,
                String.join(",", reasons.stream().map(DirectSalesFit.Reason::code).distinct().toList()));
        return describe(store.heldOrder(id).orElseThrow(), reasons).toString();
    }

    /** The headers of the exceptions queue's message: who may filter by what without reading the body. */
    public static Map<String, Object> exceptionHeaders(long id, String partner, String orderId, List<DirectSalesFit.Reason> reasons) {
        return Map.of("HubExceptionId", String.valueOf(id), "HubPartner", partner, "HubPoNumber", orderId,
                "HubReasonCodes", String.join(",", reasons.stream().map(DirectSalesFit.Reason::code).distinct().toList()));
    }

    /** Open held orders with their reasons as they stand now, oldest first. */
    public ArrayNode open() throws IOException, SAXException {
        ArrayNode list = MAPPER.createArrayNode();
        for (HeldOrder held : store.openHeldOrders(MAX_LISTED)) {
            list.add(describe(held, current(held).reasons()));
        }
        return list;
    }

    public Optional<ObjectNode> view(long id) throws IOException, SAXException {
        Optional<HeldOrder> held = store.heldOrder(id);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = describe(held.get(), held.get().closedAt() == null ? current(held.get()).reasons() : List.of());
        ArrayNode sent = node.putArray("confirmations");
        for (Map<String, Object> confirmation : store.confirmations(held.get().documentId())) {
            ObjectNode entry = sent.addObject();
            confirmation.forEach((column, value) -> entry.put(column, value == null ? null : String.valueOf(value)));
        }
        return Optional.of(node);
    }

    /** What an admin's action came to. */
    public enum Result { DONE, NOT_FOUND, CLOSED, NOT_READY, NO_RATE }

    /** Converts an open held order's prices to a currency direct sales bills in, once it is sent on. */
    public Result convert(long id, String currency) {
        Optional<HeldOrder> held = store.heldOrder(id);
        if (held.isEmpty()) {
            return Result.NOT_FOUND;
        }
        if (!fit.currencies().contains(currency)) {
            return Result.NO_RATE;
        }
        PurchaseOrder order = order(held.get());
        boolean rated = order.lines().stream().allMatch(line -> line.currency().equals(currency)
                || rates.rate(line.currency(), currency).isPresent());
        if (!rated) {
            return Result.NO_RATE;
        }
        return store.convertHeldOrder(id, currency) ? Result.DONE : Result.CLOSED;
    }

    /**
     * Sends a held order on to direct sales when nothing stands in its way any more. Closing it first is what makes
     * this happen once: of two clicks, one closes it and sends, the other finds it closed. A failed send opens it again.
     */
    public Result send(long id, String user) throws IOException, SAXException {
        Optional<HeldOrder> found = store.heldOrder(id);
        if (found.isEmpty()) {
            return Result.NOT_FOUND;
        }
        HeldOrder held = found.get();
        if (held.closedAt() != null) {
            return Result.CLOSED;
        }
        Placement placement = current(held);
        if (!placement.fits()) {
            return Result.NOT_READY;
        }
        if (!store.closeHeldOrder(id, "SENT", user, OffsetDateTime.now(ZoneOffset.UTC))) {
            return Result.CLOSED;
        }
        try {
            producer.sendBodyAndHeaders(DIRECTSALES, placement.contractOrder(), contractOrderHeaders(held.account(), held.orderId()));
        } catch (RuntimeException failed) {
            store.reopenHeldOrder(id);
            throw failed;
        }
        LOG.info("Held procurement order {} (exception {}) sent on to direct sales", held.documentId(), id);
        confirmations.placed(held.partner(), held.documentId(), order(held), placement.lines());
        return Result.DONE;
    }

    /** Closes a held order without sending it; the buyer's platform is told it is rejected. */
    public Result reject(long id, String user) {
        Optional<HeldOrder> held = store.heldOrder(id);
        if (held.isEmpty()) {
            return Result.NOT_FOUND;
        }
        if (!store.closeHeldOrder(id, "REJECTED", user, OffsetDateTime.now(ZoneOffset.UTC))) {
            return Result.CLOSED;
        }
        LOG.info("Held procurement order {} (exception {}) rejected", held.get().documentId(), id);
        confirmations.rejected(held.get().partner(), held.get().documentId(), order(held.get()));
        return Result.DONE;
    }

    /** The held order's part ids, as an admin maps them. */
    public Optional<PurchaseOrder> order(long id) {
        return store.heldOrder(id).map(OrderDesk::order);
    }

    public static Map<String, Object> contractOrderHeaders(String account, String poNumber) {
        return Map.of("HubSourceChannel", "procurement", "HubDocumentType", "ContractOrder", "HubAccountId", account,
                "HubPoNumber", poNumber);
    }

    private Placement current(HeldOrder held) throws IOException, SAXException {
        return placement(order(held), held.partner(), held.account(), held.contactId(), held.convertTo());
    }

    private static PurchaseOrder order(HeldOrder held) {
        try {
            return MAPPER.readValue(held.orderJson(), PurchaseOrder.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("held order " + held.id() + " cannot be read", e);
        }
    }

    /** A held order as the console and the exceptions queue show it: the order, each line with its reasons. */
    private ObjectNode describe(HeldOrder held, List<DirectSalesFit.Reason> reasons) {
        PurchaseOrder order = order(held);
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", held.id());
        node.put("documentId", held.documentId());
        node.put("partner", held.partner());
        node.put("orderId", held.orderId());
        node.put("account", held.account());
        node.put("contactId", held.contactId());
        node.put("heldAt", held.heldAt().toString());
        node.put("currency", order.currency());
        if (held.convertTo() != null) {
            node.put("convertTo", held.convertTo());
        }
        if (held.closedAt() != null) {
            node.put("closedAt", held.closedAt().toString());
            node.put("closedAs", held.closedAs());
            node.put("closedBy", held.closedBy());
        }
        ArrayNode orderReasons = node.putArray("reasons");
        reasons.stream().filter(reason -> reason.line() == null)
                .forEach(reason -> orderReasons.addObject().put("code", reason.code()).put("detail", reason.detail()));
        ArrayNode lines = node.putArray("lines");
        for (PurchaseOrder.Line line : order.lines()) {
            ObjectNode lineNode = MAPPER.valueToTree(line);
            ArrayNode lineReasons = lineNode.putArray("reasons");
            reasons.stream().filter(reason -> reason.line() != null && reason.line() == line.lineNumber())
                    .forEach(reason -> lineReasons.addObject().put("code", reason.code()).put("detail", reason.detail()));
            lines.add(lineNode);
        }
        node.put("ready", reasons.isEmpty());
        ArrayNode currencies = node.putArray("convertible");
        fit.currencies().stream().sorted().forEach(currencies::add);
        return node;
    }
}
