package org.customerhub.procurement;

import java.util.Optional;
import java.util.Set;

import org.customerhub.security.HashedSecret;

/**
 * A procurement platform the hub takes cXML from: known by its Sender credential, allowed the listed deployment modes,
 * ordering for one direct-sales account. The default contact, when set, is who orders from a buyer who is not (yet) a
 * direct-sales contact are placed for. A partner known to follow the DTD can have its documents validated against it.
 */
public record Partner(String name, String domain, String identity, HashedSecret secret, Set<String> deploymentModes,
                      String account, Optional<String> defaultContact, boolean validateDtd) {
}
