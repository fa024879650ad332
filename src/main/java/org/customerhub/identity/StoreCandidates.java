package org.customerhub.identity;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.StoreRows.AttributeRow;
import org.customerhub.store.StoreTransaction;

/** The customers of the store, read inside the transaction that applies the message, as identity resolution sees them. */
final class StoreCandidates implements CandidateSource {
    private final StoreTransaction tx;
    private final AttributeCodec codec;
    /** The identifiers nobody held when read, as kind and value. */
    private final Set<List<String>> unheld = new HashSet<>();

    StoreCandidates(StoreTransaction tx, AttributeCodec codec) {
        this.tx = tx;
        this.codec = codec;
    }

    @Override
    public Optional<String> holderOf(String kind, String value) {
        Optional<String> holder = tx.findByIdentifier(kind, value);
        if (holder.isEmpty()) {
            unheld.add(List.of(kind, value));
        }
        return holder;
    }

    /** Whether nobody held the identifier when resolution asked: if somebody does now, another writer stored it. */
    boolean sawNoHolder(String kind, String value) {
        return unheld.contains(List.of(kind, value));
    }

    @Override
    public Set<String> sharingBlockingKeys(Collection<String> keys, int limit) {
        return tx.findByBlockingKeys(keys, limit);
    }

    @Override
    public Map<String, PersonEvidence> evidenceOf(Collection<String> hubIds) {
        Map<String, PersonEvidence> evidence = new LinkedHashMap<>();
        tx.attributesOf(hubIds).forEach((hubId, attributes) -> evidence.put(hubId, evidenceOf(attributes)));
        return evidence;
    }

    @Override
    public List<String> channelKeysOf(String hubId) {
        return tx.identifiers(hubId).stream().filter(id -> id.kind().equals(IdentityResolver.KEY)).map(id -> id.idValue()).toList();
    }

    @Override
    public boolean keptApart(String hubId, String otherHubId) {
        return tx.keptApart(hubId, otherHubId);
    }

    @Override
    public OffsetDateTime createdAt(String hubId) {
        return tx.customer(hubId).orElseThrow().createdAt();
    }

    /** The records of the store's messages as identity evidence, for estimating weights (see WeightEstimator). */
    static List<PersonEvidence> statedRecords(StoreTransaction tx, AttributeCodec codec, int maxMessages) {
        return tx.identityValuesByMessage(maxMessages).values().stream().map(rows -> evidenceOf(rows, codec)).toList();
    }

    private PersonEvidence evidenceOf(List<AttributeRow> attributes) {
        return evidenceOf(attributes, codec);
    }

    private static PersonEvidence evidenceOf(List<AttributeRow> attributes, AttributeCodec codec) {
        List<NameEvidence> names = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<AddressEvidence> addresses = new ArrayList<>();
        for (AttributeRow row : attributes) {
            switch (row.attribute()) {
                case "name" -> {
                    PersonName name = codec.fromJson(row.valueJson(), PersonName.class);
                    names.add(new NameEvidence(name.getGiven(), name.getMiddle(), name.getFamily()));
                }
                case "email" -> emails.add(codec.fromJson(row.valueJson(), String.class));
                case "phone" -> phones.add(codec.fromJson(row.valueJson(), String.class));
                case "address" -> addresses.add(addressEvidence(codec.fromJson(row.valueJson(), PostalAddress.class)));
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
