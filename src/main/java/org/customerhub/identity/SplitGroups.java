package org.customerhub.identity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.customerhub.canonical.SplitGroup;

/** The rule for an agent's split: two groups or more, and every channel key of the customer in exactly one of them. */
public final class SplitGroups {
    private SplitGroups() {
    }

    /** The groups' keys, trimmed, in the order given; IllegalArgumentException saying what is wrong otherwise. */
    public static List<List<String>> check(List<SplitGroup> groups, List<String> customerKeys) {
        List<List<String>> keys = new ArrayList<>();
        for (SplitGroup group : groups) {
            keys.add(group.getKey().stream().map(String::trim).toList());
        }
        return checkKeys(keys, customerKeys);
    }

    /** The same over plain lists of keys, as the API receives them. */
    public static List<List<String>> checkKeys(List<List<String>> groups, List<String> customerKeys) {
        if (groups.size() < 2) {
            throw new IllegalArgumentException("a split needs two groups or more");
        }
        Set<String> seen = new HashSet<>();
        Set<String> held = new TreeSet<>(customerKeys);
        for (List<String> group : groups) {
            if (group.isEmpty()) {
                throw new IllegalArgumentException("every group needs one channel key or more");
            }
            for (String key : group) {
                if (!held.contains(key)) {
                    throw new IllegalArgumentException("not a channel key of this customer: " + key);
                }
                if (!seen.add(key)) {
                    throw new IllegalArgumentException("a channel key in two groups: " + key);
                }
            }
        }
        held.removeAll(seen);
        if (!held.isEmpty()) {
            throw new IllegalArgumentException("every channel key of the customer goes to a group; missing: "
                    + String.join(", ", held));
        }
        return List.copyOf(groups.stream().map(List::copyOf).toList());
    }
}
