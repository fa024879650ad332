package org.customerhub.admin;

import static org.customerhub.http.JsonAnswer.error;
import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.security.HubAccess;
import org.customerhub.store.AuditLog;
import org.customerhub.store.CustomerErasure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /admin/api/customers/{hubId}/erase: a customer's personal data erased on request. It runs between two messages,
 * never beside identity resolution, and is audited with counts only. Afterwards every id the customer had answers 404.
 */
public final class ErasureApi {
    private static final Logger LOG = LoggerFactory.getLogger(ErasureApi.class);
    private static final int MAX_ID = 100;

    private final CustomerErasure erasure;
    private final ProfileUpdater profiles;
    private final AuditLog audit;

    public ErasureApi(CustomerErasure erasure, ProfileUpdater profiles, AuditLog audit) {
        this.erasure = erasure;
        this.profiles = profiles;
        this.audit = audit;
    }

    public void erase(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String hubId = message.getHeader("hubId", "", String.class).trim();
        Optional<CustomerErasure.Erased> erased = hubId.isEmpty() || hubId.length() > MAX_ID ? Optional.empty()
                : profiles.exclusively(() -> erasure.erase(hubId));
        if (erased.isEmpty()) {
            respond(message, 404, error("NOT_FOUND", "no customer with that hub id (an erased customer is not known any more)"));
            return;
        }
        CustomerErasure.Erased done = erased.get();
        String summary = done.ids() + " id(s), " + done.keys() + " key(s), " + done.values() + " value(s), " + done.events()
                + " change event(s) erased; " + done.messages() + " archived message(s) tombstoned; " + done.interactions()
                + " interaction(s) kept without a customer";
        audit.record(exchange.getProperty(HubAccess.USER, String.class), "customer.erase", done.hubId(), summary);
        LOG.info("Erased customer {}: {}", done.hubId(), summary);
        respond(message, 200, MAPPER.writeValueAsString(done));
    }
}
