package org.customerhub.procurement;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.customerhub.canonical.ChannelRecord;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.Party;
import org.customerhub.channel.ChannelIngest;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.ProcurementStore;
import org.customerhub.store.StoreRows.IdentifierRow;
import org.w3c.dom.Element;

/**
 * The Java steps of an OrderRequest: which order this is (a resend of one already forwarded is only answered again),
 * who at the direct-sales account placed it, the hand-over to the channels' write step, and the record that it went to
 * direct sales.
 */
public final class ProcurementOrders {
    /** Exchange property: the order was forwarded before, answer it again and do nothing else. */
    public static final String ALREADY_FORWARDED = "cxmlAlreadyForwarded";
    /** Exchange property: the order is cancelled, which the direct-sales format cannot say; the CRM learns it from the
     *  canonical change event on its feed instead of a ContractOrder. */
    public static final String CANCELLED = "cxmlOrderCancelled";
    private static final Set<String> ORDER_TYPES = Set.of("new", "update", "delete");
    private static final String DOCUMENT_ID = "cxmlDocumentId";
    private static final String RECORD = "cxmlRecord";
    private static final String CONTRACT_ORDER = "cxmlContractOrder";
    private static final String CHANNEL = "procurement";
    private static final String DIRECTSALES_KEY = "directsales:";

    private final CustomerStore customers;
    private final ProcurementStore procurement;
    private final Function<String, String> emailKey;
    private final ContractOrders contractOrders = new ContractOrders();

    public ProcurementOrders(CustomerStore customers, ProcurementStore procurement, Function<String, String> emailKey) {
        this.customers = customers;
        this.procurement = procurement;
        this.emailKey = emailKey;
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
        if (orderId.isEmpty()) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the OrderRequestHeader has no orderID");
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
        exchange.setProperty(DOCUMENT_ID, documentId);
        exchange.setProperty(ALREADY_FORWARDED, procurement.wasForwarded(documentId));
        Message message = exchange.getMessage();
        message.setHeader("cxmlPartner", partner.name());
        message.setHeader("cxmlOrganisationId", partner.account());
        message.setHeader("cxmlDocumentId", documentId);
        message.setBody(request.document());
    }

    /** Works out the ordering contact and writes the ContractOrder for the route to validate; nothing is stored yet. */
    public void prepare(Exchange exchange) throws InvalidPayloadException, CxmlRefusal {
        ChannelRecord record = exchange.getMessage().getMandatoryBody(ChannelRecord.class);
        Partner partner = CxmlGateway.partner(exchange);
        Interaction order = Stream.concat(record.getParty().stream().flatMap(p -> p.getInteraction().stream()),
                record.getInteraction().stream()).findFirst().orElseThrow();
        exchange.setProperty(RECORD, record);
        exchange.getMessage().removeHeaders("cxml*");
        exchange.getMessage().setBody(contractOrders.write(partner.account(), contactFor(record, partner), order));
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
     * channel procurement with the request as its raw message; the ContractOrder waits in a property meanwhile.
     */
    public void toIngest(Exchange exchange) {
        exchange.setProperty(CONTRACT_ORDER, exchange.getMessage().getBody(String.class));
        exchange.setProperty(ChannelIngest.CHANNEL, CHANNEL);
        exchange.setProperty(ChannelIngest.RAW_BODY, CxmlGateway.request(exchange).raw());
        exchange.setProperty(ChannelIngest.MESSAGE_ID, UUID.randomUUID().toString());
        exchange.getMessage().setBody(exchange.getProperty(RECORD, ChannelRecord.class));
    }

    /** Notes the stored order as not yet forwarded; the body becomes the ContractOrder again, with its headers. */
    public void stored(Exchange exchange) {
        CxmlRequest request = CxmlGateway.request(exchange);
        Partner partner = CxmlGateway.partner(exchange);
        String orderId = CxmlReader.child(request.request(), "OrderRequestHeader").orElseThrow().getAttribute("orderID");
        procurement.recordOrder(exchange.getProperty(DOCUMENT_ID, String.class), partner.name(), orderId,
                OffsetDateTime.now(ZoneOffset.UTC));
        Message message = exchange.getMessage();
        message.setBody(exchange.getProperty(CONTRACT_ORDER, String.class));
        message.setHeader("HubSourceChannel", CHANNEL);
        message.setHeader("HubDocumentType", "ContractOrder");
        message.setHeader("HubAccountId", partner.account());
        message.setHeader("HubPoNumber", orderId);
    }

    /** After the ContractOrder is on its queue; the body becomes the change events to publish. */
    public void forwarded(Exchange exchange) {
        procurement.markForwarded(exchange.getProperty(DOCUMENT_ID, String.class), OffsetDateTime.now(ZoneOffset.UTC));
        exchange.getMessage().removeHeaders("Hub*");
        exchange.getMessage().setBody(exchange.getProperty(ChannelIngest.EVENTS));
    }
}
