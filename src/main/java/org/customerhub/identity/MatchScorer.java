package org.customerhub.identity;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Scores a probabilistic match between an incoming person and one candidate customer by adding the weights of
 * each field's agreement level, then applies hard guards:
 * <ul>
 * <li>{@code guard:household}: given names that disagree mean NO_MATCH, since a household shares phone and address;</li>
 * <li>{@code guard:name-only}: without an agreeing phone, address (even partly) or e-mail, NO_MATCH, as there are many John Smiths;</li>
 * <li>{@code guard:given-unconfirmed}: with the given name missing or only an initial, at most POSSIBLE, because the
 * household guard could not be checked.</li>
 * </ul>
 * Deterministic links (own keys, loyalty card, e-mail) are decided elsewhere; an equal e-mail only adds weight here.
 * A value missing on either side weighs nothing.
 */
public final class MatchScorer {
    /** The reason given when different given names veto a match. */
    public static final String HOUSEHOLD_GUARD = "guard:household";

    /** Names agree per pair; whichever pair is best speaks for the person (old and new married names). */
    private record NamePair(Agreement given, Agreement family, double weight) {
        boolean givenCompatible() {
            return given != Agreement.DISAGREE;
        }
    }

    private final MatchSettings settings;
    private final EvidenceNormalizer normalizer;
    private final NameComparator names;
    private final JaroWinklerSimilarity streetSimilarity = new JaroWinklerSimilarity();

    public MatchScorer(MatchSettings settings, EvidenceNormalizer normalizer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.names = new NameComparator(normalizer);
    }

    public MatchOutcome score(PersonEvidence incoming, PersonEvidence candidate) {
        NamePair name = bestNamePair(incoming.names(), candidate.names());
        Agreement phone = compareSets(keys(incoming.phones(), normalizer::phone10), keys(candidate.phones(), normalizer::phone10));
        Agreement address = compareAddresses(addressKeys(incoming), addressKeys(candidate));
        Agreement email = compareSets(keys(incoming.emails(), this::emailKey), keys(candidate.emails(), this::emailKey));

        double score = name.weight() + settings.phoneWeight(phone) + settings.addressWeight(address) + settings.emailWeight(email);
        List<String> reasons = new ArrayList<>(List.of(
                name.given().reason("given"), name.family().reason("family"),
                phone.reason("phone"), address.reason("address"), email.reason("email")));
        MatchDecision decision = settings.decide(score);

        if (!name.givenCompatible()) {
            reasons.add(HOUSEHOLD_GUARD);
            decision = MatchDecision.NO_MATCH;
        }
        boolean contactAgrees = phone == Agreement.AGREE || email == Agreement.AGREE
                || address == Agreement.AGREE || address == Agreement.PARTIAL;
        if (!contactAgrees) {
            reasons.add("guard:name-only");
            decision = MatchDecision.NO_MATCH;
        }
        if (name.given() == Agreement.MISSING || name.given() == Agreement.INITIAL) {
            reasons.add("guard:given-unconfirmed");
            if (decision == MatchDecision.MATCH) {
                decision = MatchDecision.POSSIBLE;
            }
        }
        return new MatchOutcome(score, decision, reasons);
    }

    /** The best pair, preferring any pair whose given names are compatible, so the household guard needs every pair to disagree. */
    private NamePair bestNamePair(List<NameEvidence> incoming, List<NameEvidence> candidate) {
        return incoming.stream()
                .flatMap(a -> candidate.stream().map(b -> compareNames(a, b)))
                .max(Comparator.comparing(NamePair::givenCompatible).thenComparingDouble(NamePair::weight))
                .orElse(new NamePair(Agreement.MISSING, Agreement.MISSING, 0));
    }

    private NamePair compareNames(NameEvidence a, NameEvidence b) {
        Agreement given = names.given(a, b);
        Agreement family = names.family(a, b);
        return new NamePair(given, family, settings.givenWeight(given) + settings.familyWeight(family));
    }

    private static Agreement compareSets(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Agreement.MISSING;
        }
        return a.stream().anyMatch(b::contains) ? Agreement.AGREE : Agreement.DISAGREE;
    }

    /** AGREE on the same building (unit ignored); PARTIAL on the same ZIP with either the same house number and a
     *  similar street, or the same street and a house number one keying slip away (318 / 381). */
    private Agreement compareAddresses(List<AddressKey> a, List<AddressKey> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Agreement.MISSING;
        }
        boolean partial = false;
        for (AddressKey x : a) {
            for (AddressKey y : b) {
                if (x.sameBuilding(y)) {
                    return Agreement.AGREE;
                }
                partial |= x.zip5().equals(y.zip5()) && (x.houseNumber().equals(y.houseNumber())
                        && streetSimilarity.apply(x.street(), y.street()) >= settings.minStreetSimilarity()
                        || x.street().equals(y.street()) && OsaDistance.between(x.houseNumber(), y.houseNumber()) == 1);
            }
        }
        return partial ? Agreement.PARTIAL : Agreement.DISAGREE;
    }

    private List<AddressKey> addressKeys(PersonEvidence person) {
        return person.addresses().stream().map(normalizer::addressKey).flatMap(Optional::stream).toList();
    }

    private Optional<String> emailKey(String raw) {
        return Optional.of(normalizer.emailKey(raw)).filter(key -> !key.isEmpty());
    }

    private static Set<String> keys(Collection<String> raw, Function<String, Optional<String>> normalize) {
        return raw.stream().map(normalize).flatMap(Optional::stream).collect(Collectors.toSet());
    }
}
