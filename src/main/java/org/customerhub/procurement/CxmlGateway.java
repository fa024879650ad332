package org.customerhub.procurement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.customerhub.monitoring.HubMetrics;
import org.customerhub.store.ProcurementStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of POST /cxml that are not about orders: read and authenticate the request, answer punch-out and
 * profile requests, and turn every refusal or failure into a cXML Response. HTTP 200 carries every cXML answer except
 * an oversize request (413) and an internal error (500, so the platform retries).
 */
public final class CxmlGateway {
    /** The request types served; each is posted to the one endpoint. */
    public static final List<String> TRANSACTIONS = List.of("OrderRequest", "PunchOutSetupRequest", "ProfileRequest");
    /** Header the route chooses the request type by. */
    public static final String REQUEST_NAME = "cxmlRequestName";
    private static final String REQUEST = "cxmlRequest";
    private static final String PARTNER = "cxmlPartner";
    private static final String CONTENT_TYPE = "text/xml; charset=UTF-8";
    private static final int MAX_COOKIE = 200;
    private static final int MAX_URL = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(CxmlGateway.class);

    private final CxmlReader reader;
    private final CxmlDtdValidator dtdValidator;
    private volatile Partners partners;
    private final ProcurementStore procurement;
    private final CxmlResponses responses = new CxmlResponses();
    private final String endpointUrl;
    private final String punchOutUrl;
    private final HubMetrics metrics;

    /** punchOutUrl is the shop's start page with {sessionId} where the session goes. */
    public CxmlGateway(CxmlReader reader, CxmlDtdValidator dtdValidator, Partners partners, ProcurementStore procurement,
                       String endpointUrl, String punchOutUrl, HubMetrics metrics) {
        this.metrics = metrics;
        this.reader = reader;
        this.dtdValidator = dtdValidator;
        this.partners = partners;
        this.procurement = procurement;
        this.endpointUrl = endpointUrl;
        this.punchOutUrl = punchOutUrl;
    }

    static CxmlRequest request(Exchange exchange) {
        return exchange.getProperty(REQUEST, CxmlRequest.class);
    }

    static Partner partner(Exchange exchange) {
        return exchange.getProperty(PARTNER, Partner.class);
    }

    /** A new partner list, used from the next request on. */
    public void usePartners(Partners newPartners) {
        this.partners = newPartners;
    }

    /** The partner list in use now. */
    public Partners partners() {
        return partners;
    }

    /** Size, safe parse, Sender credential and deployment mode; nothing of the request is trusted before this. */
    public void accept(Exchange exchange) throws CxmlRefusal {
        Message message = exchange.getMessage();
        byte[] raw = message.getBody(byte[].class);
        message.removeHeaders("*");
        CxmlRequest request = reader.read(raw);
        exchange.setProperty(REQUEST, request);
        Partner partner = partners.authenticate(request.sender().domain(), request.sender().identity(),
                request.sender().sharedSecret());
        exchange.setProperty(PARTNER, partner);
        LOG.info("cXML {} payloadID {} from partner {}", request.name(), request.payloadId(), partner.name());
        if (!partner.deploymentModes().contains(request.deploymentMode())) {
            throw new CxmlRefusal(CxmlStatus.FORBIDDEN, "deployment mode " + request.deploymentMode()
                    + " is not open to this sender; use " + String.join(" or ", partner.deploymentModes()));
        }
        if (partner.validateDtd()) {
            dtdValidator.validate(request);
        }
        message.setHeader(REQUEST_NAME, request.name());
    }

    /** Opens a shop session for the buyer and answers where the browser starts; the session is kept for the cart's return. */
    public void punchOut(Exchange exchange) throws CxmlRefusal {
        CxmlRequest request = request(exchange);
        String buyerCookie = CxmlReader.text(request.request(), "BuyerCookie");
        if (buyerCookie.isEmpty() || buyerCookie.length() > MAX_COOKIE) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "a PunchOutSetupRequest needs a BuyerCookie of at most "
                    + MAX_COOKIE + " characters");
        }
        String formPost = CxmlReader.child(request.request(), "BrowserFormPost").map(post -> CxmlReader.text(post, "URL"))
                .filter(url -> !url.isEmpty()).orElse(null);
        if (formPost != null && formPost.length() > MAX_URL) {
            throw new CxmlRefusal(CxmlStatus.BAD_REQUEST, "the BrowserFormPost URL is longer than " + MAX_URL + " characters");
        }
        String sessionId = UUID.randomUUID().toString();
        procurement.recordPunchOutSession(sessionId, partner(exchange).name(), buyerCookie, formPost,
                OffsetDateTime.now(ZoneOffset.UTC));
        answer(exchange, 200, CxmlStatus.OK, responses.punchOutSetup(
                punchOutUrl.replace("{sessionId}", URLEncoder.encode(sessionId, StandardCharsets.UTF_8))));
    }

    public void profile(Exchange exchange) {
        answer(exchange, 200, CxmlStatus.OK, responses.profile(endpointUrl, TRANSACTIONS));
    }

    public void ordered(Exchange exchange) {
        answer(exchange, 200, CxmlStatus.OK, responses.status(CxmlStatus.OK, null));
    }

    public void notImplemented(Exchange exchange) {
        answer(exchange, 200, CxmlStatus.NOT_IMPLEMENTED, responses.status(CxmlStatus.NOT_IMPLEMENTED,
                request(exchange).name() + " is not served here; supported: " + String.join(", ", TRANSACTIONS)));
    }

    /** The answer to a {@link CxmlRefusal} caught by the route. */
    public void refuse(Exchange exchange) {
        CxmlRefusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, CxmlRefusal.class);
        logRefusal(exchange, refusal.status(), refusal.getClass().getSimpleName());
        answer(exchange, refusal instanceof CxmlReader.OversizeRequest ? 413 : 200, refusal.status(),
                responses.status(refusal.status(), refusal.getMessage()));
    }

    /**
     * An order that cannot be mapped: the document cannot be taken as it is, so it is the sender's to fix. The reason is
     * not passed on: a mapping error names hub files. (A ContractOrder the direct-sales schema refuses is a
     * {@link CxmlRefusal} of {@link ContractOrderSchema}, with the field and the rule.)
     */
    public void invalidOrder(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        logRefusal(exchange, CxmlStatus.BAD_REQUEST, cause.getClass().getSimpleName());
        answer(exchange, 200, CxmlStatus.BAD_REQUEST, responses.status(CxmlStatus.BAD_REQUEST,
                "the order cannot be read: check orderID, orderDate, Total, and each ItemOut's quantity and UnitPrice"));
    }

    /** Anything else: the sender learns nothing about the inside, the log gets the payloadID and the exception. */
    public void fail(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        CxmlRequest request = request(exchange);
        LOG.warn("cXML request payloadID {} failed: {}", request == null ? "(unread)" : request.payloadId(),
                cause.getClass().getName());
        LOG.debug("cXML request failure", cause);
        answer(exchange, 500, CxmlStatus.INTERNAL_SERVER_ERROR, responses.status(CxmlStatus.INTERNAL_SERVER_ERROR, "the request could not be processed; send it again later"));
    }

    private static void logRefusal(Exchange exchange, CxmlStatus status, String reason) {
        CxmlRequest request = request(exchange);
        Partner partner = partner(exchange);
        LOG.info("cXML refused with {}: payloadID {} partner {} ({})", status.code(),
                request == null ? "(unread)" : request.payloadId(), partner == null ? "(none)" : partner.name(), reason);
    }

    /** Every answer goes through here, so each request is counted once, by partner and cXML status. */
    private void answer(Exchange exchange, int httpStatus, CxmlStatus status, String body) {
        Partner partner = partner(exchange);
        metrics.cxml(partner == null ? "unknown" : partner.name(), status.code(),
                Duration.ofMillis(exchange.getClock().elapsed()));
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, httpStatus);
        message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        message.setBody(body);
    }
}
