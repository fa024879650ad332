package org.customerhub.identity;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.StoreRows.CandidateQuery;
import org.customerhub.store.StoreRows.CandidateSearch;
import org.customerhub.store.StoreRows.IdentityValue;
import org.customerhub.store.StoreTransaction;

/**
 * The customers of the store, read inside the transaction that applies the message, as identity resolution sees them.
 * Given the person's identifiers and blocking keys, the first question runs one search for all of them (holders,
 * candidates and the candidates' evidence); anything else is read when asked.
 */
final class StoreCandidates implements CandidateSource {
    /** Null once resolution is over (see resolved). */
    private StoreTransaction tx;
    private final AttributeCodec codec;
    private final List<List<String>> identifiers;
    private final Set<String> blockingKeys;
    private final int limit;
    /** The one search, made on the first question; null until then, or when there is nothing to search for. */
    private CandidateSearch search;
    /** The identifiers nobody held when read, as kind and value. */
    private final Set<List<String>> unheld = new HashSet<>();
    /** The holders of the identifiers somebody held when read, by kind and value. */
    private final Map<List<String>, String> held = new HashMap<>();
    /** Every customer an answer named or a question asked about. */
    private final Set<String> read = new HashSet<>();

    /** Reads each answer when asked. */
    StoreCandidates(StoreTransaction tx, AttributeCodec codec) {
        this(tx, codec, Map.of(), Set.of(), 0);
    }

    /** Answers the holders of these identifiers (by kind) and the candidates of these blocking keys from one search. */
    StoreCandidates(StoreTransaction tx, AttributeCodec codec, Map<String, List<String>> identifiers, Set<String> blockingKeys,
                    int limit) {
        this.tx = tx;
        this.codec = codec;
        this.identifiers = new ArrayList<>();
        identifiers.forEach((kind, values) -> values.forEach(value -> this.identifiers.add(List.of(kind, value))));
        this.blockingKeys = Set.copyOf(blockingKeys);
        this.limit = limit;
    }

    private Optional<CandidateSearch> search() {
        if (search == null && asks()) {
            search = tx.searchCandidates(identifiers, blockingKeys, limit);
        }
        return Optional.ofNullable(search);
    }

    /**
     * The first search of each of these, all reading through tx, in one statement: one round trip for several people
     * resolved ahead of a load's writer (see ResolvedAhead), answered as each one's own search would be.
     */
    static void searchTogether(StoreTransaction tx, List<StoreCandidates> all) {
        List<StoreCandidates> asking = all.stream()
                .filter(candidates -> candidates.search == null && candidates.tx == tx && candidates.asks()).toList();
        if (asking.isEmpty()) {
            return;
        }
        List<CandidateSearch> answers = tx.searchCandidates(asking.stream().map(StoreCandidates::query).toList());
        for (int i = 0; i < asking.size(); i++) {
            asking.get(i).search = answers.get(i);
        }
    }

    /**
     * Answers the first search from the store's answer to the same question before the transaction wrote anything
     * (see StoreTransaction.searchedBefore), with the batch's kept new customers beside it.
     */
    void searchedBefore(CandidateSearch storeAnswer) {
        if (asks()) {
            search = tx.searchedBefore(query(), storeAnswer);
        }
    }

    /** The answer of the first search, made or not yet (null); let go once resolution is over (see resolved). */
    CandidateSearch searched() {
        return search;
    }

    private CandidateQuery query() {
        return new CandidateQuery(identifiers, blockingKeys, limit);
    }

    private boolean asks() {
        return !identifiers.isEmpty() || !blockingKeys.isEmpty();
    }

    @Override
    public Optional<String> holderOf(String kind, String value) {
        List<String> identifier = List.of(kind, value);
        Optional<String> holder = identifiers.contains(identifier) ? search().orElseThrow().holders().get(identifier)
                : tx.findByIdentifier(kind, value);
        if (holder.isEmpty()) {
            unheld.add(identifier);
        } else {
            held.put(identifier, holder.get());
            read.add(holder.get());
        }
        return holder;
    }

    /** The identifiers resolution asked about, each with its holder, or empty when nobody held it. */
    Map<List<String>, Optional<String>> holdersSeen() {
        Map<List<String>, Optional<String>> seen = new HashMap<>();
        unheld.forEach(identifier -> seen.put(identifier, Optional.empty()));
        held.forEach((identifier, holder) -> seen.put(identifier, Optional.of(holder)));
        return seen;
    }

    /** Whether resolution read the identifier as this customer's: storing it for them again would add nothing. */
    boolean sawHeldBy(String kind, String value, String hubId) {
        return hubId.equals(held.get(List.of(kind, value)));
    }

    /** Whether nobody held the identifier when resolution asked: if somebody does now, another writer stored it. */
    boolean sawNoHolder(String kind, String value) {
        return unheld.contains(List.of(kind, value));
    }

    @Override
    public Set<String> sharingBlockingKeys(Collection<String> keys, int limit) {
        Set<String> sharing = !keys.isEmpty() && limit == this.limit && blockingKeys.equals(Set.copyOf(keys))
                ? new LinkedHashSet<>(search().orElseThrow().sharing().keySet()) : tx.findByBlockingKeys(keys, limit);
        read.addAll(sharing);
        return sharing;
    }

    @Override
    public Map<String, PersonEvidence> evidenceOf(Collection<String> hubIds) {
        read.addAll(hubIds);
        Map<String, List<IdentityValue>> values = search().filter(found -> found.sharing().keySet().containsAll(hubIds))
                .map(found -> {
                    Map<String, List<IdentityValue>> searched = new LinkedHashMap<>();
                    hubIds.forEach(hubId -> searched.put(hubId, found.sharing().get(hubId)));
                    return searched;
                })
                .orElseGet(() -> tx.identityValuesOf(hubIds));
        Map<String, PersonEvidence> evidence = new LinkedHashMap<>();
        values.forEach((hubId, stated) -> evidence.put(hubId, evidenceOf(stated, codec)));
        return evidence;
    }

    @Override
    public List<String> channelKeysOf(String hubId) {
        read.add(hubId);
        return tx.identifierValues(hubId, IdentityResolver.KEY);
    }

    @Override
    public boolean keptApart(String hubId, String otherHubId) {
        read.add(hubId);
        read.add(otherHubId);
        return tx.keptApart(hubId, otherHubId);
    }

    @Override
    public OffsetDateTime createdAt(String hubId) {
        read.add(hubId);
        return tx.customer(hubId).orElseThrow().createdAt();
    }

    /**
     * Resolution is over: the transaction is let go, as its connection went back to the pool, and so is the search
     * (its answer stays with the resolution until the writer takes it, see ResolvedAhead); what it saw (sawHeldBy,
     * sawNoHolder, customersRead) stays.
     */
    void resolved() {
        search = null;
        tx = null;
    }

    /** The customers resolution read about: an answer it got from the store holds only while none of them changes. */
    Set<String> customersRead() {
        return Collections.unmodifiableSet(read);
    }

    /** The records of the store's messages as identity evidence, for estimating weights (see WeightEstimator). */
    static List<PersonEvidence> statedRecords(StoreTransaction tx, AttributeCodec codec, int maxMessages) {
        return tx.identityValuesByMessage(maxMessages).values().stream()
                .map(rows -> evidenceOf(rows.stream().map(row -> new IdentityValue(row.attribute(), row.valueJson())).toList(), codec))
                .toList();
    }

    private static PersonEvidence evidenceOf(List<IdentityValue> values, AttributeCodec codec) {
        List<NameEvidence> names = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<AddressEvidence> addresses = new ArrayList<>();
        for (IdentityValue value : values) {
            switch (value.attribute()) {
                case "name" -> {
                    PersonName name = codec.fromJson(value.valueJson(), PersonName.class);
                    names.add(new NameEvidence(name.getGiven(), name.getMiddle(), name.getFamily()));
                }
                case "email" -> emails.add(codec.fromJson(value.valueJson(), String.class));
                case "phone" -> phones.add(codec.fromJson(value.valueJson(), String.class));
                case "address" -> addresses.add(addressEvidence(codec.fromJson(value.valueJson(), PostalAddress.class)));
                default -> {
                    // consent, preferences and affiliations are not identity evidence
                }
            }
        }
        return new PersonEvidence(names, emails, phones, addresses);
    }

    static AddressEvidence addressEvidence(PostalAddress a) {
        return new AddressEvidence(a.getLine1(), a.getLine2(), a.getCity(), a.getRegion(), a.getPostalCode(), a.getCountry());
    }
}
