package org.customerhub.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who the person of an incoming record is, among the customers a {@link CandidateSource} knows. Deterministic links
 * first (channel key, loyalty card, a personal e-mail unless the given names say it is a household's); then a scored
 * match over the candidates that share blocking keys. Several linked customers are one person: the oldest survives,
 * unless two of them hold different keys of one channel, which the channel keeps apart (a possible match instead), or
 * an agent decided they are two people (kept apart, or split apart): such a pair is never merged, and a person whose
 * own channel key one of them holds is that one.
 * Pure: it reads through the port and answers a {@link Resolution}; applying it is the caller's.
 */
public final class IdentityResolver {
    public static final String KEY = "key";
    public static final String CARD = "card";
    public static final String EMAIL = "email";

    private final MatchScorer scorer;
    private final BlockingKeys blockingKeys;
    private final int maxCandidates;

    public IdentityResolver(MatchScorer scorer, BlockingKeys blockingKeys, int maxCandidates) {
        this.scorer = scorer;
        this.blockingKeys = blockingKeys;
        this.maxCandidates = maxCandidates;
    }

    /**
     * A person as a channel states them: its own key in that channel ({@code <channel>:<id>}, empty when the record
     * has none), its deterministic identifiers by kind, the evidence for scoring, and whether it is enough to create a
     * customer from (a key, a card, an e-mail, or a full name with a phone or an address).
     */
    public record Incoming(Optional<String> ownKey, Map<String, List<String>> identifiers, PersonEvidence evidence,
                           boolean identifiesSomeone) {
    }

    /**
     * The decision: the customer the person is (empty: a new one), the customers merged into it (in merge order),
     * possible matches to review with their scores, and the blocking keys the person's customer should hold. An
     * incoming person that links nobody and identifies nobody resolves to {@link #NOBODY}.
     */
    public record Resolution(boolean anybody, Optional<String> existing, List<String> mergedAway, Map<String, Double> possible,
                             Set<String> blockingKeys) {
        public static final Resolution NOBODY = new Resolution(false, Optional.empty(), List.of(), Map.of(), Set.of());
    }

    public Resolution resolve(Incoming person, CandidateSource known) {
        PersonEvidence evidence = person.evidence();
        Set<String> linked = new LinkedHashSet<>();
        person.identifiers().forEach((kind, values) -> values.forEach(value -> known.holderOf(kind, value)
                .filter(found -> !kind.equals(EMAIL) || !isHousehold(evidence, found, known)).ifPresent(linked::add)));
        Map<String, Double> possible = new LinkedHashMap<>();
        Set<String> keys = blockingKeys.of(evidence);
        Set<String> candidates = new LinkedHashSet<>(known.sharingBlockingKeys(keys, maxCandidates));
        candidates.removeAll(linked);
        // most of a large block shares only a name part and a place: a first pass spares scoring those, which score NO_MATCH
        Predicate<PersonEvidence> mayMatch = scorer.mayMatch(evidence);
        for (Map.Entry<String, PersonEvidence> candidate : known.evidenceOf(candidates).entrySet()) {
            if (!mayMatch.test(candidate.getValue())) {
                continue;
            }
            MatchOutcome outcome = scorer.score(evidence, candidate.getValue());
            if (outcome.decision() == MatchDecision.MATCH) {
                linked.add(candidate.getKey());
            } else if (outcome.decision() == MatchDecision.POSSIBLE) {
                possible.put(candidate.getKey(), outcome.score());
            }
        }
        if (person.ownKey().isPresent()) {
            // a customer who already has another key of this channel is another account: review, never attach
            for (String other : List.copyOf(linked)) {
                if (holdsOtherKeyOfChannel(known.channelKeysOf(other), person.ownKey().get())) {
                    linked.remove(other);
                    possible.put(other, score(evidence, other, known));
                }
            }
        }
        if (linked.size() > 1 && person.ownKey().isPresent()) {
            // the customer holding the person's own key is who they are: those decided to be someone else are not
            known.holderOf(KEY, person.ownKey().get()).filter(linked::contains).ifPresent(holder ->
                    linked.removeIf(other -> !other.equals(holder) && known.keptApart(holder, other)));
        }
        if (linked.isEmpty()) {
            return person.identifiesSomeone() ? new Resolution(true, Optional.empty(), List.of(), possible, keys) : Resolution.NOBODY;
        }
        List<String> byAge = linked.stream()
                .sorted(Comparator.comparing(known::createdAt).thenComparing(Comparator.naturalOrder())).toList();
        String target = byAge.get(0);
        List<String> mergedAway = new ArrayList<>();
        // the keys the target holds grow with each customer merged into it, as they will in the store; read only when
        // there is something to merge (most messages link one customer)
        List<String> targetKeys = byAge.size() > 1 ? new ArrayList<>(known.channelKeysOf(target)) : List.of();
        for (String other : byAge.subList(1, byAge.size())) {
            if (keptApartFromAny(known, other, target, mergedAway)) {
                // an agent decided they are two people (kept apart or split): never merged again, not even offered
                continue;
            }
            List<String> otherKeys = known.channelKeysOf(other);
            if (haveDifferentKeysInOneChannel(targetKeys, otherKeys)) {
                // two accounts of one channel are two records the channel keeps apart: a person to review, not a merge
                List<String> merged = new ArrayList<>(List.of(target));
                merged.addAll(mergedAway);
                possible.put(other, scorer.score(merged(known.evidenceOf(merged).values()), evidenceOf(other, known)).score());
            } else {
                mergedAway.add(other);
                targetKeys.addAll(otherKeys);
            }
        }
        possible.keySet().removeAll(mergedAway);
        possible.remove(target);
        return new Resolution(true, Optional.of(target), List.copyOf(mergedAway), possible, keys);
    }

    private static boolean keptApartFromAny(CandidateSource known, String other, String target, List<String> mergedAway) {
        return known.keptApart(target, other) || mergedAway.stream().anyMatch(merged -> known.keptApart(merged, other));
    }

    /** A shared e-mail is a family's or a role mailbox when the given names say these are different people. */
    private boolean isHousehold(PersonEvidence incoming, String hubId, CandidateSource known) {
        return scorer.score(incoming, evidenceOf(hubId, known)).reasons().contains(MatchScorer.HOUSEHOLD_GUARD);
    }

    private double score(PersonEvidence incoming, String hubId, CandidateSource known) {
        return scorer.score(incoming, evidenceOf(hubId, known)).score();
    }

    private static PersonEvidence evidenceOf(String hubId, CandidateSource known) {
        return known.evidenceOf(List.of(hubId)).getOrDefault(hubId, new PersonEvidence(List.of(), List.of(), List.of(), List.of()));
    }

    /** The evidence of customers merged into one: all their names, e-mails, phones and addresses. */
    private static PersonEvidence merged(Collection<PersonEvidence> evidence) {
        return new PersonEvidence(evidence.stream().flatMap(e -> e.names().stream()).toList(),
                evidence.stream().flatMap(e -> e.emails().stream()).toList(),
                evidence.stream().flatMap(e -> e.phones().stream()).toList(),
                evidence.stream().flatMap(e -> e.addresses().stream()).toList());
    }

    private static boolean holdsOtherKeyOfChannel(List<String> keysOfCustomer, String ownKey) {
        String channelPrefix = ownKey.substring(0, ownKey.indexOf(':') + 1);
        return keysOfCustomer.stream().anyMatch(key -> key.startsWith(channelPrefix) && !key.equals(ownKey));
    }

    private static boolean haveDifferentKeysInOneChannel(List<String> keysOfA, List<String> keysOfB) {
        Map<String, String> byChannel = new LinkedHashMap<>();
        keysOfA.forEach(key -> byChannel.put(key.substring(0, key.indexOf(':')), key));
        return keysOfB.stream().anyMatch(key -> {
            String known = byChannel.get(key.substring(0, key.indexOf(':')));
            return known != null && !known.equals(key);
        });
    }
}
