package org.customerhub.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.customerhub.store.StoreRows.AttributeRow;

/**
 * Chooses which stored value of an attribute is current. Strategies are small named pieces configured per attribute:
 * {@code latest} (most recent effective time) or {@code priority:<channel>,...} (first listed channel, then latest).
 */
public final class Survivorship {
    /** Ties on time go to the value recorded last. */
    private static final Comparator<AttributeRow> LATEST =
            Comparator.comparing(AttributeRow::effectiveAt).thenComparingLong(AttributeRow::id);

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
}
