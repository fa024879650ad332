package org.customerhub.procurement;

import java.io.IOException;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.customerhub.store.ProcurementStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cXML ConfirmationRequests back to the buyer's platform: accept (placed as ordered), detail (placed with changed
 * lines, or held with the reasons per line) and reject. A confirmation is queued on hub.procurement.confirmations
 * and delivered from there, so it survives a restart and the broker's redelivery delays are its back-off. It goes
 * only to the URL in the partner's configuration, never to one an order names; a partner without one gets none.
 */
public final class Confirmations {
    /** The queue confirmations wait on until the platform takes them. */
    public static final String QUEUE = "jms:queue:hub.procurement.confirmations?exchangePattern=InOnly";
    private static final String DOCTYPE = "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/Fulfill.dtd\">";
    private static final Pattern STATUS = Pattern.compile("<Status\\b[^>]*\\bcode\\s*=\\s*[\"']([0-9]{3})[\"']");
    private static final int MAX_ANSWER = 64 * 1024;
    private static final int MAX_ANSWER_TEXT = 400;
    private static final Logger LOG = LoggerFactory.getLogger(Confirmations.class);

    private final ProcurementStore store;
    private final Supplier<Partners> partners;
    private final HttpClient http;
    private final Duration timeout;
    private final XMLOutputFactory output = XMLOutputFactory.newDefaultFactory();
    private ProducerTemplate producer;

    public Confirmations(ProcurementStore store, Supplier<Partners> partners, Duration timeout) {
        this.store = store;
        this.partners = partners;
        this.timeout = timeout;
        // redirects are not followed: the answer must come from the configured address itself
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void useProducer(ProducerTemplate producerTemplate) {
        this.producer = producerTemplate;
    }

    /** Placed with direct sales: accept, or detail with each line that was changed to fit (its SKU or its price). */
    public void placed(String partner, String documentId, PurchaseOrder order, List<DirectSalesFit.ContractLine> lines) {
        boolean changed = lines.stream().anyMatch(line -> line.converted() || !line.sku().equals(original(order, line).supplierPartId()));
        queue(partner, documentId, order, changed ? "detail" : "accept", writer -> {
            if (!changed) {
                return;
            }
            for (DirectSalesFit.ContractLine line : lines) {
                PurchaseOrder.Line ordered = original(order, line);
                boolean lineChanged = line.converted() || !line.sku().equals(ordered.supplierPartId());
                item(writer, ordered, lineChanged ? "detail" : "accept", () -> {
                    if (line.converted()) {
                        writer.writeStartElement("UnitPrice");
                        writer.writeStartElement("Money");
                        writer.writeAttribute("currency", line.currency());
                        writer.writeCharacters(line.price().toPlainString());
                        writer.writeEndElement();
                        writer.writeEndElement();
                    }
                }, lineChanged ? "supplied as SKU " + line.sku() + (line.converted() ? ", priced in " + line.currency() : "") : null);
            }
        }, null);
    }

    /** Held for the order desk: detail, each line accepted or of unknown status with why. */
    public void held(String partner, String documentId, PurchaseOrder order, List<DirectSalesFit.Reason> reasons) {
        queue(partner, documentId, order, "detail", writer -> {
            for (PurchaseOrder.Line line : order.lines()) {
                List<String> why = reasons.stream().filter(reason -> reason.line() != null && reason.line() == line.lineNumber())
                        .map(DirectSalesFit.Reason::detail).toList();
                item(writer, line, why.isEmpty() ? "accept" : "unknown", () -> { },
                        why.isEmpty() ? null : "held for review: " + String.join("; ", why));
            }
        }, "held for review by the supplier's order desk");
    }

    public void rejected(String partner, String documentId, PurchaseOrder order) {
        queue(partner, documentId, order, "reject", writer -> { }, "rejected by the supplier's order desk");
    }

    /**
     * Delivers one queued confirmation. Anything but a 2xx answer carrying a 2xx cXML status is recorded and thrown, so
     * the broker delivers it again after its redelivery delay, and parks it on hub.dlq.broker after the last attempt.
     */
    public void deliver(Exchange exchange) throws IOException, InterruptedException {
        String payloadId = exchange.getMessage().getHeader("HubPayloadId", String.class);
        String partnerName = exchange.getMessage().getHeader("HubPartner", String.class);
        Optional<Partner.ConfirmationEndpoint> endpoint = partners.get().named(partnerName).flatMap(Partner::confirmation);
        if (endpoint.isEmpty()) {
            LOG.info("Confirmation {} dropped: partner {} has no confirmation-url any more", payloadId, partnerName);
            store.recordConfirmationAttempt(payloadId, null, null, "not sent: the partner has no confirmation-url", null);
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint.get().url()).timeout(timeout)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(exchange.getMessage().getBody(String.class), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException unreachable) {
            store.recordConfirmationAttempt(payloadId, null, null, "not reached: " + unreachable.getClass().getSimpleName(), null);
            LOG.info("Confirmation {} to partner {} not delivered: {}", payloadId, partnerName, unreachable.getClass().getSimpleName());
            throw unreachable;
        }
        String answer = new String(response.body(), 0, Math.min(response.body().length, MAX_ANSWER), StandardCharsets.UTF_8);
        Matcher status = STATUS.matcher(answer);
        String cxmlStatus = status.find() ? status.group(1) : null;
        boolean taken = response.statusCode() / 100 == 2 && cxmlStatus != null && cxmlStatus.startsWith("2");
        store.recordConfirmationAttempt(payloadId, response.statusCode(), cxmlStatus,
                answer.substring(0, Math.min(answer.length(), MAX_ANSWER_TEXT)), taken ? OffsetDateTime.now(ZoneOffset.UTC) : null);
        LOG.info("Confirmation {} to partner {}: HTTP {} cXML {}", payloadId, partnerName, response.statusCode(), cxmlStatus);
        if (!taken) {
            throw new IOException("the platform did not take confirmation " + payloadId + " (HTTP " + response.statusCode()
                    + ", cXML " + cxmlStatus + ")");
        }
    }

    private interface Content {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private interface LineContent {
        void write() throws XMLStreamException;
    }

    private void queue(String partnerName, String documentId, PurchaseOrder order, String type, Content items, String comment) {
        Optional<Partner> partner = partners.get().named(partnerName);
        if (partner.isEmpty() || partner.get().confirmation().isEmpty()) {
            return;
        }
        Partner.ConfirmationEndpoint endpoint = partner.get().confirmation().get();
        String payloadId = CxmlWriting.payloadId();
        List<Map<String, Object>> earlier = store.confirmations(documentId);
        String previous = earlier.isEmpty() ? null : String.valueOf(earlier.get(earlier.size() - 1).get("payload_id"));
        String mode = partner.get().deploymentModes().contains("production") ? "production" : "test";
        String document = write(payloadId, endpoint, order, documentId, type, previous, mode, items, comment);
        store.recordConfirmation(payloadId, documentId, partnerName, type, OffsetDateTime.now(ZoneOffset.UTC));
        producer.sendBodyAndHeaders(QUEUE, document, Map.of("HubPayloadId", payloadId, "HubPartner", partnerName,
                "HubDocumentId", documentId));
        LOG.debug("Confirmation {} ({}) of procurement order {} queued for partner {}", payloadId, type, documentId, partnerName);
    }

    private String write(String payloadId, Partner.ConfirmationEndpoint endpoint, PurchaseOrder order, String documentId,
                         String type, String previous, String mode, Content items, String comment) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter writer = output.createXMLStreamWriter(out);
            CxmlWriting.begin(writer, DOCTYPE, payloadId);
            writer.writeStartElement("Header");
            credential(writer, "From", endpoint.domain(), endpoint.identity(), null);
            credential(writer, "To", order.buyerDomain(), order.buyerIdentity(), null);
            credential(writer, "Sender", endpoint.domain(), endpoint.identity(), endpoint.sharedSecret());
            writer.writeEndElement();
            writer.writeStartElement("Request");
            writer.writeAttribute("deploymentMode", mode);
            writer.writeStartElement("ConfirmationRequest");
            writer.writeStartElement("ConfirmationHeader");
            writer.writeAttribute("type", type);
            writer.writeAttribute("noticeDate", CxmlWriting.timestamp());
            writer.writeAttribute("confirmID", documentId);
            writer.writeAttribute("operation", previous == null ? "new" : "update");
            if (previous != null) {
                writer.writeEmptyElement("DocumentReference");
                writer.writeAttribute("payloadID", previous);
            }
            if (comment != null) {
                CxmlWriting.element(writer, "Comments", comment);
            }
            writer.writeEndElement();
            writer.writeStartElement("OrderReference");
            writer.writeAttribute("orderID", order.orderId());
            writer.writeEmptyElement("DocumentReference");
            writer.writeAttribute("payloadID", documentId.substring(documentId.indexOf('/') + 1));
            writer.writeEndElement();
            items.write(writer);
            writer.writeEndElement();
            writer.writeEndElement();
            writer.writeEndElement();
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a ConfirmationRequest", e);
        }
        return out.toString();
    }

    private static void item(XMLStreamWriter writer, PurchaseOrder.Line line, String status, LineContent price, String comment)
            throws XMLStreamException {
        String unit = line.unitOfMeasure().isEmpty() ? "EA" : line.unitOfMeasure();
        writer.writeStartElement("ConfirmationItem");
        writer.writeAttribute("quantity", line.quantity());
        writer.writeAttribute("lineNumber", String.valueOf(line.lineNumber()));
        CxmlWriting.element(writer, "UnitOfMeasure", unit);
        writer.writeStartElement("ConfirmationStatus");
        writer.writeAttribute("quantity", line.quantity());
        writer.writeAttribute("type", status);
        CxmlWriting.element(writer, "UnitOfMeasure", unit);
        price.write();
        if (comment != null) {
            CxmlWriting.element(writer, "Comments", comment);
        }
        writer.writeEndElement();
        writer.writeEndElement();
    }

    private static PurchaseOrder.Line original(PurchaseOrder order, DirectSalesFit.ContractLine line) {
        return order.lines().stream().filter(ordered -> ordered.lineNumber() == line.lineNumber()).findFirst().orElseThrow();
    }

    private static void credential(XMLStreamWriter writer, String party, String domain, String identity, String secret)
            throws XMLStreamException {
        writer.writeStartElement(party);
        writer.writeStartElement("Credential");
        writer.writeAttribute("domain", domain);
        CxmlWriting.element(writer, "Identity", identity);
        if (secret != null) {
            CxmlWriting.element(writer, "SharedSecret", secret);
        }
        writer.writeEndElement();
        if (secret != null) {
            CxmlWriting.element(writer, "UserAgent", "Customer Hub");
        }
        writer.writeEndElement();
    }
}
