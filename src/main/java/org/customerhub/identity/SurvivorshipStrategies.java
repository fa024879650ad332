package org.customerhub.identity;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.customerhub.store.StoreRows.AttributeRow;

/**
 * The survivorship strategies by name, as config/survivorship.properties names them:
 * <ul>
 * <li>{@code latest}: the value with the most recent effective time (a late message never overwrites a newer value);</li>
 * <li>{@code oldest}: the value stated first (of two at one time, the one recorded first), which later statements do
 * not replace;</li>
 * <li>{@code non-empty}: the latest value that says something (a channel that sends an empty field does not blank out
 * what another stated);</li>
 * <li>{@code most-frequent}: the value the most channels state (the store keeps a value once per channel, restated
 * or not), then the latest of those;</li>
 * <li>{@code priority:<channel>,<channel>,...}: the first listed channel that has a value, then the latest; channels
 * not listed come after the listed ones.</li>
 * </ul>
 * Otherwise ties on time go to the value recorded last.
 */
public final class SurvivorshipStrategies {
    private static final Comparator<AttributeRow> BY_TIME =
            Comparator.comparing(AttributeRow::effectiveAt).thenComparingLong(AttributeRow::id);
    private static final String PRIORITY = "priority:";
    private static final Map<String, SurvivorshipStrategy> BY_NAME = Map.of(
            "latest", values -> values.stream().max(BY_TIME),
            "oldest", values -> values.stream().min(BY_TIME),
            "non-empty", values -> values.stream().filter(SurvivorshipStrategies::saysSomething).max(BY_TIME)
                    .or(() -> values.stream().max(BY_TIME)),
            "most-frequent", SurvivorshipStrategies::mostFrequent);

    private SurvivorshipStrategies() {
    }

    /** The strategy a setting names; refused with the names there are when it names none. */
    public static SurvivorshipStrategy named(String setting) {
        String name = setting.trim();
        if (name.startsWith(PRIORITY)) {
            return priority(Arrays.stream(name.substring(PRIORITY.length()).split(",")).map(String::trim)
                    .filter(channel -> !channel.isEmpty()).toList());
        }
        SurvivorshipStrategy strategy = BY_NAME.get(name);
        if (strategy == null) {
            throw new IllegalArgumentException("unknown survivorship strategy '" + setting + "' (one of "
                    + BY_NAME.keySet().stream().sorted().collect(Collectors.joining(", ")) + ", or priority:<channels>)");
        }
        return strategy;
    }

    private static SurvivorshipStrategy priority(List<String> channels) {
        Comparator<AttributeRow> rank = Comparator.comparingInt(row -> {
            int index = channels.indexOf(row.channel());
            return index < 0 ? -1 : channels.size() - index;
        });
        return values -> values.stream().max(rank.thenComparing(BY_TIME));
    }

    private static Optional<AttributeRow> mostFrequent(List<AttributeRow> values) {
        Map<String, Long> counts = values.stream().collect(Collectors.groupingBy(AttributeRow::valueKey, Collectors.counting()));
        return values.stream().max(Comparator.comparing((AttributeRow row) -> counts.get(row.valueKey())).thenComparing(BY_TIME));
    }

    /** A value whose key is blank (an empty e-mail, a name of empty parts) says nothing about the customer. */
    private static boolean saysSomething(AttributeRow row) {
        return row.valueKey() != null && !row.valueKey().replace("|", "").isBlank();
    }
}
