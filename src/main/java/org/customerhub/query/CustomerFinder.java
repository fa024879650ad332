package org.customerhub.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.customerhub.identity.NameSearch;
import org.customerhub.store.CustomerStore;

/**
 * Finds customers by one search parameter, normalising the value the way ingest normalised what it stored. Every
 * door that looks customers up (REST, JMS request/reply, SOAP) asks here, so they all answer alike.
 */
public final class CustomerFinder {
    private static final Pattern HAS_DIGIT = Pattern.compile(".*[0-9].*");
    private static final Pattern HAS_LETTER = Pattern.compile(".*\\p{L}.*");

    private final CustomerStore store;
    private final Function<String, String> emailKey;
    private final Function<String, Optional<String>> phone10;
    private final NameSearch names;
    private final Set<String> channels;

    /** channels: where keys and order numbers of a free-text search are looked for. */
    public CustomerFinder(CustomerStore store, Function<String, String> emailKey, Function<String, Optional<String>> phone10,
                          NameSearch names, Set<String> channels) {
        this.store = store;
        this.emailKey = emailKey;
        this.phone10 = phone10;
        this.names = names;
        this.channels = Set.copyOf(channels);
    }

    /**
     * The console's search box: an e-mail, a channel key (web:U20418833), a phone, a loyalty card, a channel's own
     * person key, an order, receipt or PO number, or a name. Every reading the text allows is tried, each exactly.
     */
    public List<String> search(String text, int limit) {
        String value = text.trim();
        Set<String> ids = new LinkedHashSet<>();
        if (value.contains("@")) {
            ids.addAll(find("email", value));
        }
        int colon = value.indexOf(':');
        if (colon > 0 && channels.contains(value.substring(0, colon))) {
            ids.addAll(find("key", value));
            ids.addAll(find("order", value));
        }
        if (HAS_DIGIT.matcher(value).matches()) {
            ids.addAll(find("phone", value));
            ids.addAll(find("card", value));
            if (!value.contains(" ")) {
                for (String channel : channels) {
                    ids.addAll(find("key", channel + ":" + value));
                    ids.addAll(find("order", channel + ":" + value));
                }
            }
        }
        if (!value.contains("@") && !HAS_DIGIT.matcher(value).matches() && HAS_LETTER.matcher(value).matches()) {
            ids.addAll(names.find(value, limit));
        }
        return new ArrayList<>(ids).subList(0, Math.min(limit, ids.size()));
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
