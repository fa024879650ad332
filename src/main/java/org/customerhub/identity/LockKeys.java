package org.customerhub.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of what a message can touch, as the write path locks them (see store.GroupCommit): two messages wait for
 * each other only when they share one. Before reading, a party's deterministic identifiers and blocking keys name
 * every customer resolution can find for it (a candidate shares an identifier or a blocking key, or it is not found);
 * after reading, the customers it links are named by their hub ids.
 */
final class LockKeys {
    private LockKeys() {
    }

    static String customer(String hubId) {
        return "customer:" + hubId;
    }

    static Set<String> customers(Collection<String> hubIds) {
        Set<String> keys = new TreeSet<>();
        hubIds.forEach(hubId -> keys.add(customer(hubId)));
        return keys;
    }

    static String message(String channel, String dedupeKey) {
        return "message:" + channel + ":" + dedupeKey;
    }

    static String organisation(String organisationId) {
        return "organisation:" + organisationId;
    }

    /** A party's identifiers by kind and its blocking keys, each in a namespace of its own. */
    static Set<String> of(Map<String, List<String>> identifiers, Set<String> blockingKeys) {
        Set<String> keys = new TreeSet<>();
        identifiers.forEach((kind, values) -> values.forEach(value -> keys.add("id:" + kind + ":" + value)));
        blockingKeys.forEach(key -> keys.add("block:" + key));
        return keys;
    }
}
