package org.customerhub.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hub ships demo credentials for trying it on one machine. Bound to any address but loopback, it refuses to start
 * while one is still in place, and says which.
 */
public final class DemoCredentials {
    private DemoCredentials() {
    }

    /** Which demo credentials are still in place: stored hashes that a demo password matches. */
    public static List<String> inPlace(Map<String, HashedSecret> stored, Map<String, String> demoPasswords) {
        List<String> found = new ArrayList<>();
        demoPasswords.forEach((who, password) -> {
            HashedSecret hash = stored.get(who);
            if (hash != null && hash.matches(password)) {
                found.add(who);
            }
        });
        return found;
    }

    /** Refuses an address other than loopback while any demo credential is in place. */
    public static void refuseOffLoopback(List<String> bindHosts, List<String> demoInPlace) throws UnknownHostException {
        if (demoInPlace.isEmpty()) {
            return;
        }
        for (String host : bindHosts) {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalStateException("the hub is to listen on " + host + " while demo credentials are in place ("
                        + String.join(", ", demoInPlace) + "): set real ones (see README, Security) or bind to 127.0.0.1");
            }
        }
    }
}
