package org.customerhub.value;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** One interaction as the value figures read it: amounts as the channel reported them, possibly absent. */
public record Touch(String channel, String type, Instant at, BigDecimal amount, String currency, BigDecimal cost,
                    BigDecimal margin, boolean incident, boolean cancelled) {
    private static final Set<String> ORDERS = Set.of("CATALOGUE_ORDER", "STORE_SALE", "CONTRACT_ORDER",
            "WEB_ORDER", "PROCUREMENT_ORDER");

    /** A purchase: an order or sale in any channel that was not cancelled. */
    public boolean purchase() {
        return ORDERS.contains(type) && !cancelled;
    }

    public boolean purchaseReturn() {
        return "STORE_RETURN".equals(type);
    }

    public boolean cartAbandoned() {
        return "CART_ABANDONED".equals(type);
    }
}
