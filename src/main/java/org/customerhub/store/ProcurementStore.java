package org.customerhub.store;

import java.time.OffsetDateTime;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/** What the procurement gateway keeps besides customer data: punch-out sessions and whether an order was forwarded. */
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
}
