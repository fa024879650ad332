package org.customerhub.procurement;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.Party;
import org.customerhub.channel.ChannelIngest;
import org.customerhub.json.Json;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.ProcurementStore;
import org.customerhub.store.StoreRows.IdentifierRow;
import org.customerhub.store.TimeOrderedIds;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The Java steps of an OrderRequest: which order this is (a resend of one already forwarded is only answered again),
 * who at the direct-sales account placed it, whether direct sales can take it as it is (else it is held for the order
 * desk), the hand-over to the channels' write step, and the record that it went on.
 */
public final class ProcurementOrders {
    /** Exchange property: the order was forwarded before, answer it again and do nothing else. */
    public static final String ALREADY_FORWARDED = "cxmlAlreadyForwarded";
    /** Exchange property: the order is cancelled, which the direct-sales format cannot say; the CRM learns it from the
     *  canonical change event on its feed instead of a ContractOrder. */
    public static final String CANCELLED = "cxmlOrderCancelled";
    /** What the store keeps of an order's key, partner/orderID: a longer orderID is refused rather than failing. */
    private static final int MAX_ORDER_KEY = 120;
    private static final Set<String> ORDER_TYPES = Set.of("new", "update", "delete");
    private static final String DOCUMENT_ID = "cxmlDocumentId";
    private static final String RECORD = "cxmlRecord";
    /** Exchange property: the order cannot be placed as it is and goes to the order desk. */
    public static final String HELD = "cxmlOrderHeld";
    private static final String UPDATE_OR_CANCEL = "cxmlUpdateOrCancel";
    private static final String ORDER = "cxmlPurchaseOrder";
    private static final String CONTACT = "cxmlContact";
    private static final String PLACEMENT = "cxmlPlacement";
    private static final String CHANNEL = "procurement";
    private static final String DIRECTSALES_KEY = "directsales:";

    private final CustomerStore customers;
    private final ProcurementStore procurement;
    private final Function<String, String> emailKey;
    private final OrderDesk desk;
    private final Confirmations confirmations;

    public ProcurementOrders(CustomerStore customers, ProcurementStore procurement, Function<String, String> emailKey,
                             OrderDesk desk, Confirmations confirmations) {
        this.customers = customers;
        this.procurement = procurement;
        this.emailKey = emailKey;
        this.desk = desk;
        this.confirmations = confirmations;
    }

    /**
     * A new order once per order id, an update or cancellation only of an order placed before; the body becomes the
     * cXML document and the headers the mapping's parameters.
     */
    public void begin(Exchange exchange) throws CxmlRefusal {
        CxmlRequest request = CxmlGateway.request(exchange);
        Partner partner = CxmlGateway.partner(exchange);
        Element header = CxmlReader.child(request.request(), "OrderRequestHeader")
                .orElseThrow(() -> new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the OrderRequest has no OrderRequestHeader"));
        String type = header.getAttribute("type").isBlank() ? "new" : header.getAttribute("type").trim();
        String orderId = header.getAttribute("orderID").trim();
        int maxOrderId = MAX_ORDER_KEY - partner.name().length() - 1;
        if (orderId.isEmpty() || orderId.length() > maxOrderId) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the OrderRequestHeader needs an orderID of at most "
                    + maxOrderId + " characters");
        }
        if (!ORDER_TYPES.contains(type)) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "an OrderRequest is of type new, update or delete");
        }
        String documentId = partner.name() + "/" + request.payloadId();
        boolean known = procurement.knowsOrder(partner.name(), orderId, documentId);
        if (type.equals("new") && known) {
            throw new CxmlRefusal(CxmlStatus.CONFLICT, "order " + orderId + " was placed before; send type=\"update\" to change it");
        }
        if (!type.equals("new") && !known) {
            throw new CxmlRefusal(CxmlStatus.NOT_ACCEPTABLE, "there is no order " + orderId + " to " + type);
        }
        exchange.setProperty(CANCELLED, type.equals("delete"));
        exchange.setProperty(UPDATE_OR_CANCEL, !type.equals("new"));
        exchange.setProperty(DOCUMENT_ID, documentId);
        exchange.setProperty(ALREADY_FORWARDED, procurement.wasForwarded(documentId));
        Message message = exchange.getMessage();
        message.setHeader("cxmlPartner", partner.name());
        message.setHeader("cxmlOrganisationId", partner.account());
        message.setHeader("cxmlDocumentId", documentId);
        message.setBody(request.document());
    }

    /**
     * Works out the ordering contact and whether the order can be placed as a ContractOrder now; nothing is stored yet.
     * The interaction's lines carry the retailer SKU where the cross-reference knows it, the partner's part id else.
     */
    public void prepare(Exchange exchange) throws InvalidPayloadException, CxmlRefusal, IOException, SAXException {
        ChannelRecord record = exchange.getMessage().getMandatoryBody(ChannelRecord.class);
        Partner partner = CxmlGateway.partner(exchange);
        CxmlRequest request = CxmlGateway.request(exchange);
        Interaction interaction = Stream.concat(record.getParty().stream().flatMap(p -> p.getInteraction().stream()),
                record.getInteraction().stream()).findFirst().orElseThrow();
        PurchaseOrder order = PurchaseOrder.read(request.request(), request.from());
        String contact = contactFor(record, partner);
        for (int i = 0; i < interaction.getLine().size() && i < order.lines().size(); i++) {
            desk.sku(partner.name(), order.lines().get(i)).ifPresent(interaction.getLine().get(i)::setSku);
        }
        boolean cancelled = exchange.getProperty(CANCELLED, Boolean.class);
        OrderDesk.Placement placement = cancelled ? new OrderDesk.Placement(null, List.of(), List.of())
                : desk.placement(order, partner.name(), partner.account(), contact, null);
        exchange.setProperty(RECORD, record);
        exchange.setProperty(ORDER, order);
        exchange.setProperty(CONTACT, contact);
        exchange.setProperty(PLACEMENT, placement);
        exchange.setProperty(HELD, !cancelled && !placement.fits());
        exchange.getMessage().removeHeaders("cxml*");
    }

    /**
     * The direct-sales contact of a buyer's e-mail, preferring one affiliated with the partner's account; else the
     * partner's default contact. An order the CRM could not attribute to a contact is refused.
     */
    private String contactFor(ChannelRecord record, Partner partner) throws CxmlRefusal {
        List<String> anyAccount = new ArrayList<>();
        for (Party party : record.getParty()) {
            for (String email : party.getEmail()) {
                for (String found : customers.findByAttribute("email", emailKey.apply(email))) {
                    Optional<CustomerStore.CustomerView> view = customers.read(found);
                    if (view.isEmpty()) {
                        continue;
                    }
                    List<String> keys = view.get().identifiers().stream().map(IdentifierRow::idValue)
                            .filter(id -> id.startsWith(DIRECTSALES_KEY)).map(id -> id.substring(DIRECTSALES_KEY.length())).toList();
                    boolean ofAccount = view.get().attributes().stream().anyMatch(a -> a.attribute().equals("affiliation")
                            && partner.account().equals(a.qualifier()));
                    if (ofAccount && !keys.isEmpty()) {
                        return keys.get(0);
                    }
                    anyAccount.addAll(keys);
                }
            }
        }
        if (!anyAccount.isEmpty()) {
            return anyAccount.get(0);
        }
        return partner.defaultContact().orElseThrow(() -> new CxmlRefusal(CxmlStatus.NOT_ACCEPTABLE,
                "the buyer is not a known contact of account " + partner.account() + "; ask the account manager to add them"));
    }

    /**
     * Hands the order's canonical record to the write step every channel's messages take (ChannelIngest.store), as
     * channel procurement with the request as its raw message.
     */
    public void toIngest(Exchange exchange) {
        exchange.setProperty(ChannelIngest.CHANNEL, CHANNEL);
        exchange.setProperty(ChannelIngest.RAW_BODY, CxmlGateway.request(exchange).raw());
        exchange.setProperty(ChannelIngest.MESSAGE_ID, TimeOrderedIds.next());
        exchange.getMessage().setBody(exchange.getProperty(RECORD, ChannelRecord.class));
    }

    /**
     * Notes the stored order as not yet forwarded; the body becomes the ContractOrder with its headers, or, for an
     * order held for the order desk, the message that announces it on the exceptions queue.
     */
    public void stored(Exchange exchange) throws JsonProcessingException {
        Partner partner = CxmlGateway.partner(exchange);
        PurchaseOrder order = exchange.getProperty(ORDER, PurchaseOrder.class);
        OrderDesk.Placement placement = exchange.getProperty(PLACEMENT, OrderDesk.Placement.class);
        String documentId = exchange.getProperty(DOCUMENT_ID, String.class);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        procurement.recordOrder(documentId, partner.name(), order.orderId(), now);
        if (exchange.getProperty(UPDATE_OR_CANCEL, Boolean.class)) {
            // what the order desk still holds of this order is out of date: it must not be sent on any more
            procurement.closeHeldOrdersOf(partner.name(), order.orderId(), documentId,
                    exchange.getProperty(CANCELLED, Boolean.class) ? "CANCELLED" : "REPLACED", now);
        }
        Message message = exchange.getMessage();
        if (exchange.getProperty(HELD, Boolean.class)) {
            String announcement = desk.hold(documentId, partner.name(), partner.account(),
                    exchange.getProperty(CONTACT, String.class), order, placement.reasons());
            message.setBody(announcement);
            message.setHeaders(OrderDesk.exceptionHeaders(Json.MAPPER.readTree(announcement).path("id").asLong(),
                    partner.name(), order.orderId(), placement.reasons()));
            return;
        }
        message.setBody(placement.contractOrder());
        message.setHeaders(OrderDesk.contractOrderHeaders(partner.account(), order.orderId()));
    }

    /**
     * After the ContractOrder or the held order's announcement is on its queue: the buyer's platform is told (when it
     * has a confirmation URL), and the body becomes the change events to publish.
     */
    public void forwarded(Exchange exchange) {
        String documentId = exchange.getProperty(DOCUMENT_ID, String.class);
        procurement.markForwarded(documentId, OffsetDateTime.now(ZoneOffset.UTC));
        Partner partner = CxmlGateway.partner(exchange);
        PurchaseOrder order = exchange.getProperty(ORDER, PurchaseOrder.class);
        OrderDesk.Placement placement = exchange.getProperty(PLACEMENT, OrderDesk.Placement.class);
        if (exchange.getProperty(HELD, Boolean.class)) {
            confirmations.held(partner.name(), documentId, order, placement.reasons());
        } else if (!exchange.getProperty(CANCELLED, Boolean.class)) {
            confirmations.placed(partner.name(), documentId, order, placement.lines());
        }
        exchange.getMessage().removeHeaders("Hub*");
        exchange.getMessage().setBody(exchange.getProperty(ChannelIngest.EVENTS));
    }
}
