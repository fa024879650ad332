package org.customerhub.procurement;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import org.customerhub.security.HashedSecret;

/**
 * A procurement platform the hub takes cXML from: known by its Sender credential, allowed the listed deployment modes,
 * ordering for one direct-sales account. The default contact, when set, is who orders from a buyer who is not (yet) a
 * direct-sales contact are placed for. A partner known to follow the DTD can have its documents validated against it.
 * Confirmations go back to the partner only when an admin configured where (never to an address an order names).
 */
public record Partner(String name, String domain, String identity, HashedSecret secret, Set<String> deploymentModes,
                      String account, Optional<String> defaultContact, boolean validateDtd,
                      Optional<ConfirmationEndpoint> confirmation) {

    /** Where the partner's platform takes ConfirmationRequests, and the credential the hub signs them with. */
    public record ConfirmationEndpoint(URI url, String domain, String identity, String sharedSecret) {
        @Override
        public String toString() {
            return url + " as " + domain + ":" + identity;
        }
    }
}
