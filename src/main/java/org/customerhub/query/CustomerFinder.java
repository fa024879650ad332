package org.customerhub.query;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.customerhub.store.CustomerStore;

/**
 * Finds customers by one search parameter, normalising the value the way ingest normalised what it stored. Every
 * door that looks customers up (REST, JMS request/reply, SOAP) asks here, so they all answer alike.
 */
public final class CustomerFinder {
    private final CustomerStore store;
    private final Function<String, String> emailKey;
    private final Function<String, Optional<String>> phone10;

    public CustomerFinder(CustomerStore store, Function<String, String> emailKey, Function<String, Optional<String>> phone10) {
        this.store = store;
        this.emailKey = emailKey;
        this.phone10 = phone10;
    }

    /** Hub ids of the customers the parameter matches; merged-away ids are resolved by whoever reads them. */
    public List<String> find(String parameter, String value) {
        return switch (parameter) {
            case "key" -> store.findByIdentifier("key", value);
            case "email" -> store.findByIdentifier("email", emailKey.apply(value));
            case "card" -> store.findByIdentifier("card", value);
            case "phone" -> phone10.apply(value).map(p -> store.findByAttribute("phone", p)).orElse(List.of());
            case "order" -> value.indexOf(':') > 0
                    ? store.findByInteraction(value.substring(0, value.indexOf(':')), value.substring(value.indexOf(':') + 1))
                    : List.of();
            case "hubId" -> List.of(value);
            default -> throw new IllegalArgumentException("no search parameter " + parameter);
        };
    }
}
