package org.customerhub.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.customerhub.store.StoreRows.AttributeRow;
import org.customerhub.store.StoreRows.IdentityValue;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreRows.StatedValue;
import org.jdbi.v3.core.Handle;

/**
 * The customers a load's batch created and nothing has read or changed since: their customer, identifier, blocking
 * key, value and possible match rows, kept and written together (a COPY or JDBC batch per table, see BulkRows) instead of
 * statements for each new customer.
 * Only the candidate search reads past them, and they are answered here beside the store's answer; any other
 * statement of the transaction writes them out first (see StoreTransaction#statements), so that it sees the store as
 * if they had been written at once. A value row is answered with a provisional id until then: ids only order a
 * customer's rows, and the rows are written in the order they came, as the store numbers them. Provisional ids count
 * up from the lowest long, so that none names a stored row (a restatement by such an id would change nothing, and
 * fail as a write conflict).
 */
final class NewCustomerRows {
    /** As the candidate search ranks those sharing blocking keys: the most shared first, then the random end of the id. */
    private static final Comparator<Map.Entry<String, Integer>> RANK = Comparator
            .comparing((Map.Entry<String, Integer> e) -> -e.getValue())
            .thenComparing(e -> e.getKey().substring(24)).thenComparing(Map.Entry::getKey);

    /**
     * Of customers with the keys each shares, the at most limit the search keeps (RANK), in the order it gives them:
     * by keys shared, then by id.
     */
    static Map<String, Integer> best(Map<String, Integer> shared, int limit) {
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(shared.entrySet());
        ranked.sort(RANK);
        List<Map.Entry<String, Integer>> kept = new ArrayList<>(ranked.subList(0, Math.min(limit, ranked.size())));
        kept.sort(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
        Map<String, Integer> best = new LinkedHashMap<>();
        kept.forEach(candidate -> best.put(candidate.getKey(), candidate.getValue()));
        return best;
    }

    private record Identifier(String kind, String value, String hubId, String channel, OffsetDateTime firstSeen) {
    }

    private record KeptValue(String hubId, AttributeRow row, OffsetDateTime effectiveAt) {
    }

    private record PossibleMatch(String hubId, String otherHubId, double score, OffsetDateTime since) {
    }

    private final Map<String, OffsetDateTime> customers = new LinkedHashMap<>();
    private final List<Identifier> identifiers = new ArrayList<>();
    private final Map<List<String>, String> holders = new HashMap<>();
    private final List<List<String>> blockingKeys = new ArrayList<>();
    private final Map<String, List<String>> customersByKey = new HashMap<>();
    private final List<KeptValue> values = new ArrayList<>();
    private final Map<String, List<AttributeRow>> valuesByCustomer = new HashMap<>();
    /** Both ways round, once each: the store's possible_match rows these customers have. */
    private final Map<List<String>, PossibleMatch> possibleMatches = new LinkedHashMap<>();
    /** Holders the store and these rows answered since the last statement that could change them. */
    private final Map<List<String>, Optional<String>> lookedUp = new HashMap<>();
    private long provisionalIds = Long.MIN_VALUE;

    boolean keeps(String hubId) {
        return customers.containsKey(hubId);
    }

    int size() {
        return customers.size();
    }

    void customer(String hubId, OffsetDateTime createdAt) {
        customers.put(hubId, createdAt);
    }

    /**
     * Gives a kept customer an identifier, as the store's insert would (it stays with a holder it has): answers whether
     * it was given, or empty when whether anybody holds it is not known here.
     */
    Optional<Boolean> identifier(String hubId, String kind, String value, String channel, OffsetDateTime at) {
        List<String> key = List.of(kind, value);
        if (holders.containsKey(key)) {
            return Optional.of(false);
        }
        Optional<String> holder = lookedUp.get(key);
        if (holder == null) {
            return Optional.empty();
        }
        if (holder.isPresent()) {
            return Optional.of(false);
        }
        identifiers.add(new Identifier(kind, value, hubId, channel, at));
        holders.put(key, hubId);
        return Optional.of(true);
    }

    /** The values of a kept customer's identifiers of one kind. */
    List<String> identifierValues(String hubId, String kind) {
        return identifiers.stream().filter(id -> id.hubId().equals(hubId) && id.kind().equals(kind)).map(Identifier::value).toList();
    }

    void blockingKeys(String hubId, Collection<String> keys) {
        for (String key : new LinkedHashSet<>(keys)) {
            blockingKeys.add(List.of(key, hubId));
            customersByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(hubId);
        }
    }

    /**
     * Offers a kept customer and another for review, as the store's rows would, both ways round: a customer created in
     * this batch has no agent's decision and no earlier possible match to check for.
     */
    void possibleMatch(String hubId, String otherHubId, double score, OffsetDateTime since) {
        possibleMatches.putIfAbsent(List.of(hubId, otherHubId), new PossibleMatch(hubId, otherHubId, score, since));
        possibleMatches.putIfAbsent(List.of(otherHubId, hubId), new PossibleMatch(otherHubId, hubId, score, since));
    }

    /** Adds a kept customer's values; answers their rows, each with a provisional id. */
    List<AttributeRow> values(String hubId, List<StatedValue> stated, Provenance provenance, OffsetDateTime asStored) {
        List<AttributeRow> added = new ArrayList<>(stated.size());
        for (StatedValue value : stated) {
            AttributeRow row = new AttributeRow(provisionalIds++, value.attribute(), StoreTransaction.storedKey(value.qualifier()),
                    StoreTransaction.storedKey(value.valueKey()), value.valueJson(), provenance.channel(), provenance.messageId(),
                    asStored, provenance.statedBy());
            values.add(new KeptValue(hubId, row, provenance.effectiveAt()));
            valuesByCustomer.computeIfAbsent(hubId, id -> new ArrayList<>()).add(row);
            added.add(row);
        }
        return added;
    }

    /**
     * Holders of identifiers the store answered (those nobody held as empty), with these rows' added: from now until
     * the next statement, a kept customer is given such an identifier without one.
     */
    Map<List<String>, Optional<String>> lookedUp(Map<List<String>, Optional<String>> storeHolders) {
        Map<List<String>, Optional<String>> found = new LinkedHashMap<>();
        storeHolders.forEach((identifier, holder) -> found.put(identifier,
                holder.isPresent() ? holder : Optional.ofNullable(holders.get(identifier))));
        lookedUp.putAll(found);
        return found;
    }

    /**
     * The store's answer to a candidate search with these rows' customers added: the holders of the identifiers, and
     * the customers sharing the most blocking keys (storeShared: the store's, with how many keys each shares), at most
     * limit of them ranked as the store ranks them, each with its identity values, in the order the store gives them.
     */
    StoreRows.CandidateSearch besideStore(Map<List<String>, Optional<String>> storeHolders, Map<String, Integer> storeShared,
                                          Map<String, List<IdentityValue>> storeValues, Collection<String> keys, int limit) {
        Map<List<String>, Optional<String>> found = lookedUp(storeHolders);
        Map<String, Integer> shared = new HashMap<>(storeShared);
        for (String key : new LinkedHashSet<>(keys)) {
            customersByKey.getOrDefault(key, List.of()).forEach(hubId -> shared.merge(hubId, 1, Integer::sum));
        }
        Map<String, Integer> keptShared = best(shared, limit);
        Map<String, List<IdentityValue>> sharing = new LinkedHashMap<>();
        keptShared.keySet().forEach(hubId ->
                sharing.put(hubId, storeValues.containsKey(hubId) ? storeValues.get(hubId) : identityValues(hubId)));
        return new StoreRows.CandidateSearch(found, keptShared, sharing);
    }

    /** A kept customer's values that identity scores, as the search orders them: by attribute, time and id. */
    private List<IdentityValue> identityValues(String hubId) {
        return valuesByCustomer.getOrDefault(hubId, List.of()).stream()
                .filter(row -> StoreRows.IDENTITY_ATTRIBUTES.contains(row.attribute()))
                .sorted(Comparator.comparing(AttributeRow::attribute).thenComparing(row -> row.effectiveAt().toInstant())
                        .thenComparingLong(AttributeRow::id))
                .map(row -> new IdentityValue(row.attribute(), row.valueJson())).toList();
    }

    /** Told of each new customer as its rows are written: its identity values and its blocking keys. */
    interface Written {
        void customer(String hubId, List<IdentityValue> values, List<String> blockingKeys);
    }

    /**
     * Before any other statement, and at the batch's end: writes the kept rows, customers first, and forgets them (from
     * now on the store answers for those customers) and the holders looked up, which the statement may change. written
     * is told of each customer as written.
     */
    void write(Handle handle, boolean postgres, Written written) {
        lookedUp.clear();
        if (customers.isEmpty()) {
            return;
        }
        Map<String, List<String>> keysByCustomer = new HashMap<>();
        blockingKeys.forEach(row -> keysByCustomer.computeIfAbsent(row.get(1), hubId -> new ArrayList<>()).add(row.get(0)));
        customers.keySet().forEach(hubId -> written.customer(hubId, identityValues(hubId),
                keysByCustomer.getOrDefault(hubId, List.of())));
        BulkRows.write(handle, postgres, "customer", "hub_id, created_at, updated_at", customers.entrySet().stream()
                .map(customer -> new Object[] {customer.getKey(), customer.getValue(), customer.getValue()}).toList());
        BulkRows.write(handle, postgres, "identifier", "kind, id_value, hub_id, channel, first_seen", identifiers.stream()
                .map(id -> new Object[] {id.kind(), id.value(), id.hubId(), id.channel(), id.firstSeen()}).toList());
        // in the key's order: each row goes into the key's index, and rows in its order touch its pages one after another
        // rather than a page anywhere in it each
        BulkRows.write(handle, postgres, "blocking_key", "block_key, hub_id", blockingKeys.stream()
                .sorted(Comparator.comparing((List<String> row) -> row.get(0)).thenComparing(row -> row.get(1)))
                .map(row -> new Object[] {row.get(0), row.get(1)}).toList());
        BulkRows.write(handle, postgres, "attribute_value",
                "hub_id, attribute, qualifier, value_key, value_json, channel, message_id, effective_at, stated_by",
                values.stream().map(kept -> new Object[] {kept.hubId(), kept.row().attribute(), kept.row().qualifier(),
                        kept.row().valueKey(), kept.row().valueJson(), kept.row().channel(), kept.row().messageId(),
                        kept.effectiveAt(), kept.row().statedBy()}).toList());
        BulkRows.write(handle, postgres, "possible_match", "hub_id, other_hub_id, score, since", possibleMatches.values()
                .stream().map(pair -> new Object[] {pair.hubId(), pair.otherHubId(), pair.score(), pair.since()}).toList());
        customers.clear();
        identifiers.clear();
        holders.clear();
        blockingKeys.clear();
        customersByKey.clear();
        values.clear();
        valuesByCustomer.clear();
        possibleMatches.clear();
    }
}
