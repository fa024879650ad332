package org.customerhub.procurement;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A parsed cXML request: the document, its payloadID, the name of the request element (OrderRequest, ...), the
 * deployment mode (production unless said otherwise) and the Sender and From credentials.
 */
public record CxmlRequest(Document document, byte[] raw, String payloadId, String name, Element request,
                          String deploymentMode, Credential sender, Credential from) {

    /** A cXML Credential; the shared secret is only ever set on the Sender's. */
    public record Credential(String domain, String identity, String sharedSecret) {
        @Override
        public String toString() {
            return domain + ":" + identity;
        }
    }
}
