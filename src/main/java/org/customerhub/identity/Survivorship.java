package org.customerhub.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.customerhub.store.StoreRows.AttributeRow;

/**
 * Chooses which stored value of an attribute is current: a named strategy per attribute (see
 * {@link SurvivorshipStrategies}), from config/survivorship.properties, with {@code default} for the rest. The store
 * keeps every value a channel stated; this decides which one the customer shows and which a change event reports.
 */
public final class Survivorship {
    private static final Set<String> KEYED_ATTRIBUTES = Set.of("preference", "affiliation");

    private final Map<String, SurvivorshipStrategy> byAttribute = new HashMap<>();
    private final SurvivorshipStrategy fallback;

    public Survivorship(Properties settings) {
        this.fallback = SurvivorshipStrategies.named(settings.getProperty("default", "latest"));
        for (String attribute : settings.stringPropertyNames()) {
            if (!attribute.equals("default")) {
                byAttribute.put(attribute, SurvivorshipStrategies.named(settings.getProperty(attribute)));
            }
        }
    }

    /** The winning row among the values of one attribute (and qualifier). */
    public Optional<AttributeRow> current(String attribute, List<AttributeRow> values) {
        return byAttribute.getOrDefault(attribute, fallback).choose(values);
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
