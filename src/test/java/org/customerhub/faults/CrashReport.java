package org.customerhub.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether every message of a crash run took effect exactly once, kind by kind. Each message comes from a new person,
 * so each must leave one customer under its key, one interaction, one change event seen once by the watching
 * subscriber, and that event once on every feed that takes it; anything missing is lost, anything more is doubled.
 */
public record CrashReport(int messages, int kills, Map<String, Count> counts, List<String> deadLetters, long redeliveries,
                   long resendsIgnored, int sentAgain, long seconds) {

    public record Count(int expected, int lost, int doubled) {
        Count plus(Count other) {
            return new Count(expected + other.expected, lost + other.lost, doubled + other.doubled);
        }
    }

    /** What happened in the run besides the store and the broker's outputs. */
    record Run(int kills, long redeliveries, long resendsIgnored, int sentAgain, long seconds) {
    }

    static CrashReport of(List<CrashTraffic.Sent> traffic, StoreContents store, BrokerOutputs outputs, Run run) {
        Map<String, Count> counts = new LinkedHashMap<>();
        counts.put("customers", customers(traffic, store));
        counts.put("interactions", interactions(traffic, store));
        Map<String, String> originOfEvent = new HashMap<>();
        Count stored = storedEvents(traffic, store, originOfEvent);
        counts.put("change events", stored.plus(seen(originOfEvent.keySet(), outputs.events())));
        Count feeds = new Count(0, 0, 0);
        for (String channel : BrokerOutputs.CHANNELS) {
            Set<String> wanted = new HashSet<>();
            originOfEvent.forEach((eventId, origin) -> {
                if (feedTakes(channel, origin)) {
                    wanted.add(eventId);
                }
            });
            feeds = feeds.plus(seen(wanted, outputs.feeds().get(channel)));
        }
        counts.put("feed messages", feeds);
        return new CrashReport(traffic.size(), run.kills(), counts, outputs.deadLetters(), run.redeliveries(),
                run.resendsIgnored(), run.sentAgain(), run.seconds());
    }

    /** config/subscriptions.properties: stores and direct sales take every change event but their own channel's; the
     *  catalogue and web feeds only changes to customers with a key of theirs, and these customers have one key. */
    private static boolean feedTakes(String feed, String origin) {
        return (feed.equals("retail") || feed.equals("directsales")) && !feed.equals(origin);
    }

    /** A key missing, or two messages' people in one customer, is lost; a customer nobody's key leads to is doubled. */
    private static Count customers(List<CrashTraffic.Sent> traffic, StoreContents store) {
        Set<String> owners = new HashSet<>();
        int lost = 0;
        for (CrashTraffic.Sent sent : traffic) {
            String owner = store.keyOwners().get(sent.key());
            if (owner == null || !owners.add(owner)) {
                lost++;
            }
        }
        return new Count(traffic.size(), lost, (int) Math.max(0, store.customers() - owners.size()));
    }

    /** An interaction missing or on another customer is lost; a second one, or one no message sent, doubled. */
    private static Count interactions(List<CrashTraffic.Sent> traffic, StoreContents store) {
        Map<String, List<StoreContents.Interaction>> byId = new HashMap<>();
        store.interactions().forEach(row -> byId.computeIfAbsent(row.channel() + " " + row.sourceId(), id -> new ArrayList<>())
                .add(row));
        int lost = 0;
        int doubled = 0;
        for (CrashTraffic.Sent sent : traffic) {
            List<StoreContents.Interaction> rows = byId.remove(sent.channel() + " " + sent.interactionId());
            if (rows == null || !rows.get(0).hubId().equals(store.keyOwners().get(sent.key()))) {
                lost++;
            }
            doubled += rows == null ? 0 : rows.size() - 1;
        }
        for (List<StoreContents.Interaction> unexpected : byId.values()) {
            doubled += unexpected.size();
        }
        return new Count(traffic.size(), lost, doubled);
    }

    /** One recorded event per message's customer; fills originOfEvent with each expected event's channel. */
    private static Count storedEvents(List<CrashTraffic.Sent> traffic, StoreContents store, Map<String, String> originOfEvent) {
        Map<String, List<String>> byCustomer = new HashMap<>();
        store.events().forEach(event -> byCustomer.computeIfAbsent(event.hubId(), id -> new ArrayList<>()).add(event.eventId()));
        int lost = 0;
        int doubled = 0;
        for (CrashTraffic.Sent sent : traffic) {
            List<String> events = byCustomer.remove(store.keyOwners().get(sent.key()));
            if (events == null) {
                lost++;
                continue;
            }
            originOfEvent.put(events.get(0), sent.channel());
            doubled += events.size() - 1;
        }
        for (List<String> unexpected : byCustomer.values()) {
            doubled += unexpected.size();
        }
        return new Count(0, lost, doubled);
    }

    /** Each wanted id seen once: unseen ones are lost, further copies and ids not wanted are doubled. */
    private static Count seen(Set<String> wanted, Map<String, Integer> seen) {
        int lost = 0;
        int doubled = 0;
        for (String id : wanted) {
            if (!seen.containsKey(id)) {
                lost++;
            }
        }
        for (Map.Entry<String, Integer> copies : seen.entrySet()) {
            doubled += copies.getValue() - (wanted.contains(copies.getKey()) ? 1 : 0);
        }
        return new Count(wanted.size(), lost, doubled);
    }

    public int lost() {
        return counts.values().stream().mapToInt(Count::lost).sum() + deadLetters.size();
    }

    public int doubled() {
        return counts.values().stream().mapToInt(Count::doubled).sum();
    }

    public String table() {
        StringBuilder table = new StringBuilder(String.format("%-15s %9s %6s %8s%n", "kind", "expected", "lost", "doubled"));
        counts.forEach((kind, count) -> table.append(String.format("%-15s %9d %6d %8d%n", kind, count.expected(), count.lost(),
                count.doubled())));
        table.append(String.format("dead letters %d; redeliveries recognised %d; resends ignored %d; sends made again %d%n",
                deadLetters.size(), redeliveries, resendsIgnored, sentAgain));
        deadLetters.forEach(letter -> table.append("  ").append(letter).append('\n'));
        return table.toString();
    }

    public String summary() {
        return String.format("crash: %d messages, %d kills, lost %d, doubled %d (redeliveries recognised %d, resends ignored %d), "
                + "%d s", messages, kills, lost(), doubled(), redeliveries, resendsIgnored, seconds);
    }
}
