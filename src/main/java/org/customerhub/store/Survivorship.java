package org.customerhub.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.customerhub.store.StoreRows.AttributeRow;

/**
 * Chooses which stored value of an attribute is current. Strategies are small named pieces configured per attribute:
 * {@code latest} (most recent effective time) or {@code priority:<channel>,...} (first listed channel, then latest).
 */
public final class Survivorship {
    /** Ties on time go to the value recorded last. */
    private static final Comparator<AttributeRow> LATEST =
            Comparator.comparing(AttributeRow::effectiveAt).thenComparingLong(AttributeRow::id);

    private static final Set<String> KEYED_ATTRIBUTES = Set.of("preference", "affiliation");

    private final Map<String, Comparator<AttributeRow>> byAttribute = new HashMap<>();
    private final Comparator<AttributeRow> fallback;

    public Survivorship(Properties settings) {
        this.fallback = strategy(settings.getProperty("default", "latest"));
        for (String attribute : settings.stringPropertyNames()) {
            if (!attribute.equals("default")) {
                byAttribute.put(attribute, strategy(settings.getProperty(attribute)));
            }
        }
    }

    private static Comparator<AttributeRow> strategy(String spec) {
        String trimmed = spec.trim();
        if (trimmed.equals("latest")) {
            return LATEST;
        }
        if (trimmed.startsWith("priority:")) {
            List<String> order = Arrays.stream(trimmed.substring("priority:".length()).split(",")).map(String::trim).toList();
            Comparator<AttributeRow> rank = Comparator.comparingInt(row -> {
                int index = order.indexOf(row.channel());
                return index < 0 ? -1 : order.size() - index;
            });
            return rank.thenComparing(LATEST);
        }
        throw new IllegalArgumentException("unknown survivorship strategy '" + spec + "' (latest or priority:<channels>)");
    }

    /** The winning row among the values of one attribute (and qualifier). */
    public Optional<AttributeRow> current(String attribute, List<AttributeRow> values) {
        return values.stream().max(byAttribute.getOrDefault(attribute, fallback));
    }

    /**
     * The current value of each attribute of one customer, keyed by {@link #group}: one per attribute, and one per key
     * for keyed attributes (a preference per preference key, an affiliation per organisation).
     */
    public Map<String, AttributeRow> currentByGroup(List<AttributeRow> rows) {
        Map<String, List<AttributeRow>> groups = new LinkedHashMap<>();
        for (AttributeRow row : rows) {
            groups.computeIfAbsent(group(row), k -> new ArrayList<>()).add(row);
        }
        Map<String, AttributeRow> current = new LinkedHashMap<>();
        groups.forEach((group, values) -> current(values.get(0).attribute(), values).ifPresent(row -> current.put(group, row)));
        return current;
    }

    /** Addresses of any use compete with each other: the customer has one current address. */
    public static String group(AttributeRow row) {
        return KEYED_ATTRIBUTES.contains(row.attribute()) ? row.attribute() + ":" + row.qualifier() : row.attribute();
    }
}
