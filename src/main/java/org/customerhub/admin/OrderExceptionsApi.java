package org.customerhub.admin;

import static org.customerhub.http.JsonAnswer.error;
import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.customerhub.http.RequestBody;
import org.customerhub.procurement.OrderDesk;
import org.customerhub.procurement.PartNumbers;
import org.customerhub.procurement.PurchaseOrder;
import org.customerhub.security.HubAccess;
import org.customerhub.store.AuditLog;

/**
 * /admin/api/procurement/exceptions: the order desk's held procurement orders. GET lists the open ones (or one by
 * id); POST {id}/map adds a line's part id to the cross-reference, {id}/convert chooses the currency to convert to,
 * {id}/send sends the ContractOrder on (once: a second send answers 409 and does nothing), {id}/reject closes it.
 * Every change is audited with who made it.
 */
public final class OrderExceptionsApi {
    private static final int MAX_BODY = 2000;

    private final OrderDesk desk;
    private final EditableFiles files;
    private final String partNumbersPath;
    private final AuditLog audit;

    /** partNumbers is the cross-reference file below the hub's home, changed through the editable files. */
    public OrderExceptionsApi(OrderDesk desk, EditableFiles files, Path home, Path partNumbers, AuditLog audit) {
        this.desk = desk;
        this.files = files;
        this.partNumbersPath = home.toAbsolutePath().normalize().relativize(partNumbers.toAbsolutePath().normalize()).toString();
        this.audit = audit;
    }

    public void list(Exchange exchange) throws Exception {
        respond(exchange.getMessage(), 200, desk.open().toString());
    }

    public void one(Exchange exchange) throws Exception {
        Optional<Long> id = id(exchange.getMessage());
        Optional<?> held = id.isEmpty() ? Optional.empty() : desk.view(id.get());
        if (held.isEmpty()) {
            respond(exchange.getMessage(), 404, error("NOT_FOUND", "no held order with that id"));
            return;
        }
        respond(exchange.getMessage(), 200, held.get().toString());
    }

    /** {"line": 1, "sku": "418220", "field": "SupplierPartID" (default: the line's first id), "scope": "partner"|"default"}. */
    public void map(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Optional<Long> id = id(message);
        Optional<PurchaseOrder> order = id.flatMap(desk::order);
        Optional<JsonNode> body = body(message);
        if (order.isEmpty() || body.isEmpty()) {
            if (order.isEmpty()) {
                respond(message, 404, error("NOT_FOUND", "no held order with that id"));
            }
            return;
        }
        if (desk.view(id.get()).orElseThrow().has("closedAt")) {
            respond(message, 409, error("CLOSED", "the order was sent on, rejected or cancelled already; nothing was done"));
            return;
        }
        int lineNumber = body.get().path("line").asInt(-1);
        String sku = body.get().path("sku").asText("").trim();
        Optional<PurchaseOrder.Line> line = order.get().lines().stream().filter(l -> l.lineNumber() == lineNumber).findFirst();
        if (line.isEmpty() || !PartNumbers.isSku(sku)) {
            respond(message, 422, error("INVALID", "give the line number of the held order and a 6-digit sku"));
            return;
        }
        String field = body.get().path("field").asText(firstField(line.get()));
        String partId = partId(line.get(), field);
        String scope = "default".equals(body.get().path("scope").asText("partner")) ? PartNumbers.DEFAULT
                : desk.view(id.get()).orElseThrow().path("partner").asText();
        if (partId.isEmpty() || !PartNumbers.isScope(scope)) {
            respond(message, 422, error("INVALID", "the line has no " + field + " to map"));
            return;
        }
        String current = files.read(partNumbersPath).orElse("");
        String content = current + (current.isEmpty() || current.endsWith("\n") ? "" : "\n")
                + PartNumbers.entry(scope, field, partId, sku) + "\n";
        EditableFiles.Outcome outcome = files.write(partNumbersPath, content, exchange.getContext());
        if (!outcome.applied()) {
            respond(message, 422, error("NOT_APPLIED", outcome.detail()));
            return;
        }
        audit.record(actor(exchange), "procurement.map", scope + "." + field + "." + partId, "to SKU " + sku
                + " from held order " + id.get());
        respond(message, 200, desk.view(id.get()).orElseThrow().toString());
    }

    /** {"currency": "USD"}: prices are converted at the configured rate when the order is sent. */
    public void convert(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Optional<Long> id = id(message);
        Optional<JsonNode> body = body(message);
        if (id.isEmpty() || body.isEmpty()) {
            if (id.isEmpty()) {
                respond(message, 404, error("NOT_FOUND", "no held order with that id"));
            }
            return;
        }
        String currency = body.get().path("currency").asText("").trim();
        OrderDesk.Result result = desk.convert(id.get(), currency);
        if (result == OrderDesk.Result.DONE) {
            audit.record(actor(exchange), "procurement.convert", String.valueOf(id.get()), "to " + currency);
        }
        answer(exchange, id.get(), result, "no rate to " + currency + " for every line in the currency rates, or direct sales does not bill in "
                + currency + " (it bills in " + String.join(", ", desk.fit().currencies()) + ")");
    }

    public void send(Exchange exchange) throws Exception {
        Optional<Long> id = id(exchange.getMessage());
        OrderDesk.Result result = id.isEmpty() ? OrderDesk.Result.NOT_FOUND : desk.send(id.get(), actor(exchange));
        if (result == OrderDesk.Result.DONE) {
            audit.record(actor(exchange), "procurement.send", String.valueOf(id.get()), "ContractOrder sent to direct sales");
        }
        answer(exchange, id.orElse(0L), result, "");
    }

    public void reject(Exchange exchange) throws Exception {
        Optional<Long> id = id(exchange.getMessage());
        OrderDesk.Result result = id.isEmpty() ? OrderDesk.Result.NOT_FOUND : desk.reject(id.get(), actor(exchange));
        if (result == OrderDesk.Result.DONE) {
            audit.record(actor(exchange), "procurement.reject", String.valueOf(id.get()), "held order rejected");
        }
        answer(exchange, id.orElse(0L), result, "");
    }

    private void answer(Exchange exchange, long id, OrderDesk.Result result, String noRate) throws Exception {
        Message message = exchange.getMessage();
        switch (result) {
            case DONE -> respond(message, 200, desk.view(id).orElseThrow().toString());
            case NOT_FOUND -> respond(message, 404, error("NOT_FOUND", "no held order with that id"));
            case CLOSED -> respond(message, 409, error("CLOSED", "the order was sent on, rejected or cancelled already; nothing was done"));
            case NOT_READY -> respond(message, 409, error("NOT_READY",
                    "the order still cannot be placed: map its parts or convert its currency first"));
            case NO_RATE -> respond(message, 422, error("NO_RATE", noRate));
        }
    }

    private static String firstField(PurchaseOrder.Line line) {
        return !line.supplierPartId().isEmpty() ? "SupplierPartID"
                : !line.auxiliaryPartId().isEmpty() ? "SupplierPartAuxiliaryID" : "ManufacturerPartID";
    }

    private static String partId(PurchaseOrder.Line line, String field) {
        return switch (field) {
            case "SupplierPartID" -> line.supplierPartId();
            case "SupplierPartAuxiliaryID" -> line.auxiliaryPartId();
            case "ManufacturerPartID" -> line.manufacturerPartId();
            default -> "";
        };
    }

    private static Optional<Long> id(Message message) {
        String id = message.getHeader("id", "", String.class).trim();
        return id.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(id)) : Optional.empty();
    }

    /** The request's JSON object; an answer is given (and empty returned) when there is none. */
    private static Optional<JsonNode> body(Message message) {
        Optional<String> text = RequestBody.utf8(message);
        if (text.isEmpty() || text.get().isBlank() || text.get().length() > MAX_BODY) {
            respond(message, 422, error("INVALID", "send a JSON object in UTF-8 of at most " + MAX_BODY + " characters"));
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(text.get());
            if (node != null && node.isObject()) {
                return Optional.of(node);
            }
        } catch (JsonProcessingException e) {
            // answered below
        }
        respond(message, 422, error("INVALID", "send a JSON object"));
        return Optional.empty();
    }

    private static String actor(Exchange exchange) {
        return exchange.getProperty(HubAccess.USER, String.class);
    }
}
