package org.customerhub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * What the procurement gateway keeps besides customer data: punch-out sessions, whether an order was forwarded, the
 * orders held for the order desk and the confirmations sent back to the partners' platforms.
 */
public final class ProcurementStore {
    private final Jdbi jdbi;

    public ProcurementStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    }

    public void recordPunchOutSession(String sessionId, String partner, String buyerCookie, String formPostUrl,
                                      OffsetDateTime createdAt) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO punchout_session (session_id, partner, buyer_cookie, form_post_url, created_at)
                        VALUES (:sessionId, :partner, :buyerCookie, :formPostUrl, :createdAt)""")
                .bind("sessionId", sessionId).bind("partner", partner).bind("buyerCookie", buyerCookie)
                .bind("formPostUrl", formPostUrl).bind("createdAt", createdAt).execute());
    }

    /** Records an order as taken but not yet forwarded; a second call for the same document changes nothing. */
    public void recordOrder(String documentId, String partner, String orderId, OffsetDateTime receivedAt) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        MERGE INTO procurement_order AS o
                        USING (VALUES (CAST(:documentId AS VARCHAR(200)))) AS n (document_id) ON o.document_id = n.document_id
                        WHEN NOT MATCHED THEN INSERT (document_id, partner, order_id, received_at)
                        VALUES (:documentId, :partner, :orderId, :receivedAt)""")
                .bind("documentId", documentId).bind("partner", partner).bind("orderId", orderId)
                .bind("receivedAt", receivedAt).execute());
    }

    public void markForwarded(String documentId, OffsetDateTime forwardedAt) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE procurement_order SET forwarded_at = :at WHERE document_id = :documentId AND forwarded_at IS NULL")
                .bind("documentId", documentId).bind("at", forwardedAt).execute());
    }

    /** Whether another document (not this one) of the partner already carried this order id. */
    public boolean knowsOrder(String partner, String orderId, String exceptDocumentId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) FROM procurement_order
                        WHERE partner = :partner AND order_id = :orderId AND document_id <> :documentId""")
                .bind("partner", partner).bind("orderId", orderId).bind("documentId", exceptDocumentId)
                .mapTo(Long.class).one()) > 0;
    }

    public boolean wasForwarded(String documentId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM procurement_order WHERE document_id = :documentId AND forwarded_at IS NOT NULL")
                .bind("documentId", documentId).mapTo(Long.class).one()) > 0;
    }

    /** An order held for the order desk, as the store keeps it. */
    public record HeldOrder(long id, String documentId, String partner, String orderId, String account, String contactId,
                            String orderJson, String reasonsJson, OffsetDateTime heldAt, String convertTo,
                            OffsetDateTime closedAt, String closedAs, String closedBy) {
    }

    /** Holds an order once: a resend of the same document finds the held order and changes nothing. */
    public long holdOrder(String documentId, String partner, String orderId, String account, String contactId,
                          String orderJson, String reasonsJson, OffsetDateTime heldAt) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("""
                            MERGE INTO procurement_exception AS e
                            USING (VALUES (CAST(:documentId AS VARCHAR(200)))) AS n (document_id) ON e.document_id = n.document_id
                            WHEN NOT MATCHED THEN INSERT (document_id, partner, order_id, account, contact_id, order_json,
                                                          reasons_json, held_at)
                            VALUES (:documentId, :partner, :orderId, :account, :contactId, :orderJson, :reasonsJson, :heldAt)""")
                    .bind("documentId", documentId).bind("partner", partner).bind("orderId", orderId)
                    .bind("account", account).bind("contactId", contactId).bind("orderJson", orderJson)
                    .bind("reasonsJson", reasonsJson).bind("heldAt", heldAt).execute();
            return handle.createQuery("SELECT id FROM procurement_exception WHERE document_id = :documentId")
                    .bind("documentId", documentId).mapTo(Long.class).one();
        });
    }

    /** Orders still held, oldest first. */
    public List<HeldOrder> openHeldOrders(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM procurement_exception WHERE closed_at IS NULL ORDER BY held_at, id")
                .setMaxRows(limit).map(ProcurementStore::heldOrder).list());
    }

    public Optional<HeldOrder> heldOrder(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM procurement_exception WHERE id = :id")
                .bind("id", id).map(ProcurementStore::heldOrder).findOne());
    }

    /** Sets the currency an open held order is to be converted to; false when it is closed or unknown. */
    public boolean convertHeldOrder(long id, String currency) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE procurement_exception SET convert_to = :currency WHERE id = :id AND closed_at IS NULL")
                .bind("id", id).bind("currency", currency).execute()) == 1;
    }

    /**
     * Closes an open held order (sent or rejected); true for the one caller that closed it, false for everyone after,
     * which is what makes sending it on happen once.
     */
    public boolean closeHeldOrder(long id, String as, String by, OffsetDateTime at) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE procurement_exception SET closed_at = :at, closed_as = :as, closed_by = :by
                        WHERE id = :id AND closed_at IS NULL""")
                .bind("id", id).bind("as", as).bind("by", by).bind("at", at).execute()) == 1;
    }

    /**
     * Closes every open held order of a partner's order id that another document (not this one: it may be a resend)
     * held, now that this one replaced or cancelled it.
     */
    public int closeHeldOrdersOf(String partner, String orderId, String exceptDocumentId, String as, OffsetDateTime at) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE procurement_exception SET closed_at = :at, closed_as = :as, closed_by = :by
                        WHERE partner = :partner AND order_id = :orderId AND document_id <> :documentId AND closed_at IS NULL""")
                .bind("partner", partner).bind("orderId", orderId).bind("documentId", exceptDocumentId).bind("as", as)
                .bind("by", "platform").bind("at", at).execute());
    }

    /** Opens a held order again after its ContractOrder could not be sent. */
    public void reopenHeldOrder(long id) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE procurement_exception SET closed_at = NULL, closed_as = NULL, closed_by = NULL WHERE id = :id")
                .bind("id", id).execute());
    }

    private static HeldOrder heldOrder(ResultSet rs, StatementContext context) throws SQLException {
        return new HeldOrder(rs.getLong("id"), rs.getString("document_id"), rs.getString("partner"), rs.getString("order_id"),
                rs.getString("account"), rs.getString("contact_id"), rs.getString("order_json"), rs.getString("reasons_json"),
                rs.getObject("held_at", OffsetDateTime.class), rs.getString("convert_to"),
                rs.getObject("closed_at", OffsetDateTime.class), rs.getString("closed_as"), rs.getString("closed_by"));
    }

    /** A ConfirmationRequest queued for a partner's platform. */
    public void recordConfirmation(String payloadId, String documentId, String partner, String confirmation,
                                   OffsetDateTime queuedAt) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO procurement_confirmation (payload_id, document_id, partner, confirmation, queued_at, attempts)
                        VALUES (:payloadId, :documentId, :partner, :confirmation, :queuedAt, 0)""")
                .bind("payloadId", payloadId).bind("documentId", documentId).bind("partner", partner)
                .bind("confirmation", confirmation).bind("queuedAt", queuedAt).execute());
    }

    /** One try at delivering a confirmation and what the platform answered; answeredAt only when it took it. */
    public void recordConfirmationAttempt(String payloadId, Integer httpStatus, String cxmlStatus, String answerText,
                                          OffsetDateTime answeredAt) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE procurement_confirmation SET attempts = attempts + 1, http_status = :httpStatus,
                               cxml_status = :cxmlStatus, answer_text = :answerText, answered_at = :answeredAt
                        WHERE payload_id = :payloadId""")
                .bind("payloadId", payloadId).bind("httpStatus", httpStatus).bind("cxmlStatus", cxmlStatus)
                .bind("answerText", answerText).bind("answeredAt", answeredAt).execute());
    }

    /** The confirmations of an order as a list of maps (type, attempts, answer), newest last. */
    public List<Map<String, Object>> confirmations(String documentId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT payload_id, confirmation, attempts, http_status, cxml_status, answer_text, answered_at
                        FROM procurement_confirmation WHERE document_id = :documentId ORDER BY queued_at""")
                .bind("documentId", documentId).mapToMap().list());
    }
}
