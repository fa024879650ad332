package org.customerhub.identity;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Scores a probabilistic match between an incoming person and one candidate customer by adding the weights of
 * each field's agreement level, then applies hard guards:
 * <ul>
 * <li>{@code guard:household}: given names that disagree mean NO_MATCH, since a household shares phone and address;
 * only two close given names under one surname at one building ({@code name:close-at-home}) go to review instead;</li>
 * <li>{@code guard:name-only}: without an agreeing phone, address (even partly) or e-mail, NO_MATCH, as there are many John Smiths;
 * only the full name at the same house number in the same postcode and locality on another street
 * ({@code address:number-in-place}) goes to review instead;</li>
 * <li>{@code guard:given-unconfirmed}: with the given name missing or only an initial, at most POSSIBLE, because the
 * household guard could not be checked;</li>
 * <li>{@code guard:given-alike}: with given names only alike (several slips apart), at most POSSIBLE, because two
 * people of one household may have alike names.</li>
 * </ul>
 * The weights are the hand-set ones or those learned from the data ({@link WeightEstimator}); the guards hold either way.
 * Deterministic links (own keys, loyalty card, e-mail) are decided elsewhere; an equal e-mail only adds weight here.
 * A value missing on either side weighs nothing.
 */
public final class MatchScorer {
    /** The reason given when different given names veto a match. */
    public static final String HOUSEHOLD_GUARD = "guard:household";
    /** The reason given when a given-name slip weighs more under the same surname at the same building. */
    static final String SLIP_AT_HOME = "name:slip-at-home";
    /** The reason given when the household guard holds two close given names (see compareNames) back for review. */
    static final String CLOSE_AT_HOME = "name:close-at-home";
    /** The reason given when the name-only guard holds the full name at one house number of one place back for review. */
    static final String NUMBER_IN_PLACE = "address:number-in-place";

    /** Names agree per pair; whichever pair is best speaks for the person (old and new married names). Swapped when
     *  one side's given name and surname were typed into each other's field. */
    private record NamePair(Agreement given, Agreement family, double weight, boolean swapped, boolean slipAtHome,
                            boolean closeAtHome) {
        boolean givenCompatible() {
            return given != Agreement.DISAGREE;
        }
    }

    /** Address levels from the strongest. */
    private static final List<Agreement> ADDRESS_STRENGTH = List.of(
            Agreement.AGREE, Agreement.TYPO, Agreement.OTHER_NUMBER, Agreement.PARTIAL, Agreement.DISAGREE, Agreement.MISSING);
    /** An address level of each class compareNames weighs names by: the same building, the same building line, any other. */
    private static final List<Agreement> NAME_WEIGHING_ADDRESS_LEVELS = List.of(Agreement.AGREE, Agreement.OTHER_NUMBER, Agreement.DISAGREE);
    /** A shorter street line ("rd", "1") says too little to be called similar. */
    private static final int MIN_STREET_LETTERS = 4;
    /** From this length (street words run together) two slips are still one street. */
    private static final int TWO_SLIP_STREET_LETTERS = 10;
    private static final Pattern NOT_DIGITS = Pattern.compile("\\D+");

    private final MatchSettings settings;
    private final EvidenceNormalizer normalizer;
    private final NameComparator names;
    private final JaroWinklerSimilarity streetSimilarity = new JaroWinklerSimilarity();

    public MatchScorer(MatchSettings settings, EvidenceNormalizer normalizer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.names = new NameComparator(normalizer);
    }

    /**
     * How each field of two people compares, the comparison vector of Fellegi-Sunter. A given-name slip at home is a
     * slip here (so is a short name's slip, which only counts at home): what it weighs more at home is the
     * retailer's rule, not the data's.
     */
    public record Levels(Agreement given, Agreement family, Agreement phone, Agreement address, Agreement email,
                         boolean slipAtHome) {
        /** Field to level, as in {@code identity.weight.<field>.<level>}. */
        public Map<String, String> byField() {
            Map<String, String> levels = new LinkedHashMap<>();
            levels.put("given", given == Agreement.PARTIAL ? Agreement.TYPO.level() : given.level());
            levels.put("family", family.level());
            levels.put("phone", phone.level());
            levels.put("address", address.level());
            levels.put("email", email.level());
            return levels;
        }
    }

    /** The comparison vector of two people, without weights or guards. */
    public Levels compare(PersonEvidence incoming, PersonEvidence candidate) {
        Agreement address = compareAddresses(incoming.addresses(), candidate.addresses());
        NamePair name = bestNamePair(incoming.names(), candidate.names(), address);
        return new Levels(name.given(), name.family(), comparePhones(incoming, candidate), address,
                compareEmails(incoming, candidate), name.slipAtHome());
    }

    public MatchOutcome score(PersonEvidence incoming, PersonEvidence candidate) {
        Agreement address = compareAddresses(incoming.addresses(), candidate.addresses());
        boolean sameBuilding = address == Agreement.AGREE || address == Agreement.TYPO;
        NamePair name = bestNamePair(incoming.names(), candidate.names(), address);
        Agreement phone = comparePhones(incoming, candidate);
        Agreement email = compareEmails(incoming, candidate);

        // the same house number in the same place on another street: a street typed otherwise or a namesake, so the
        // address counts neither for nor against; only where nothing else agrees, so that it lifts a name alone to a
        // possible match and never adds to an agreeing phone or e-mail
        boolean numberInPlace = address == Agreement.DISAGREE && phone != Agreement.AGREE && email != Agreement.AGREE
                && isCloseName(name.given()) && isCloseName(name.family())
                && name.given() != Agreement.PHONETIC && sameHouseNumberInPlace(incoming.addresses(), candidate.addresses());
        Agreement addressWeighed = numberInPlace ? Agreement.MISSING : address;
        double score = total(name.weight(), settings.phoneWeight(phone), settings.addressWeight(addressWeighed),
                settings.emailWeight(email));
        List<String> reasons = new ArrayList<>(List.of(
                name.given().reason("given"), name.family().reason("family"),
                phone.reason("phone"), address.reason("address"), email.reason("email")));
        if (name.swapped()) {
            reasons.add("name:swapped");
        }
        if (name.slipAtHome()) {
            reasons.add(SLIP_AT_HOME);
        }
        MatchDecision decision = settings.decide(score);

        if (!name.givenCompatible()) {
            reasons.add(HOUSEHOLD_GUARD);
            if (name.closeAtHome()) {
                reasons.add(CLOSE_AT_HOME);
            }
            decision = name.closeAtHome() && decision != MatchDecision.NO_MATCH ? MatchDecision.POSSIBLE : MatchDecision.NO_MATCH;
        }
        boolean contactAgrees = phone == Agreement.AGREE || email == Agreement.AGREE || sameBuilding
                || address == Agreement.OTHER_NUMBER || address == Agreement.PARTIAL;
        if (!contactAgrees) {
            reasons.add("guard:name-only");
            if (numberInPlace) {
                reasons.add(NUMBER_IN_PLACE);
            }
            decision = numberInPlace && decision != MatchDecision.NO_MATCH ? MatchDecision.POSSIBLE : MatchDecision.NO_MATCH;
        }
        if (name.given() == Agreement.MISSING || name.given() == Agreement.INITIAL) {
            reasons.add("guard:given-unconfirmed");
            if (decision == MatchDecision.MATCH) {
                decision = MatchDecision.POSSIBLE;
            }
        }
        if (name.given() == Agreement.PHONETIC) {
            reasons.add("guard:given-alike");
            if (decision == MatchDecision.MATCH) {
                decision = MatchDecision.POSSIBLE;
            }
        }
        return new MatchOutcome(score, decision, reasons);
    }

    /**
     * A first pass over the candidates of one incoming person: false only for a candidate that {@link #score} answers
     * NO_MATCH without its addresses compared. Either nothing but a name can agree: no phone or e-mail in common and
     * no address in the person's postal code (or one digit off) or a similar locality; every agreeing address level
     * and the number-in-place rule need one of those (see compareAddress), and without them the name-only guard
     * decides. Or the score cannot reach the possible threshold with the best address weight: the guards only lower a
     * decision, and most of a large block shares a name part and a postal code, not the person (comparing addresses
     * was a quarter of the threads that resolve a load's people). The person's phones, e-mails and places are read
     * once, a candidate's without parsing its street lines.
     */
    public Predicate<PersonEvidence> mayMatch(PersonEvidence incoming) {
        Set<String> phones = keys(incoming.phones(), normalizer::phone10);
        Set<String> emails = keys(incoming.emails(), this::emailKey);
        List<StreetAddressParser.Place> places = placesOf(incoming.addresses());
        double bestAddressWeight = Arrays.stream(Agreement.values()).mapToDouble(settings::addressWeight).max().orElse(0);
        return candidate -> {
            Set<String> candidatePhones = keys(candidate.phones(), normalizer::phone10);
            Set<String> candidateEmails = keys(candidate.emails(), this::emailKey);
            boolean contactOrPlace = candidatePhones.stream().anyMatch(phones::contains)
                    || candidateEmails.stream().anyMatch(emails::contains)
                    || !places.isEmpty() && placesOf(candidate.addresses()).stream()
                            .anyMatch(place -> places.stream().anyMatch(own -> samePlace(own, place)));
            if (!contactOrPlace) {
                return false;
            }
            double scoreBound = total(nameWeightBound(incoming.names(), candidate.names()),
                    settings.phoneWeight(compareSets(phones, candidatePhones)), bestAddressWeight,
                    settings.emailWeight(compareSets(emails, candidateEmails)));
            return settings.decide(scoreBound) != MatchDecision.NO_MATCH;
        };
    }

    /**
     * The score's sum, in one order for the score and its bound: added otherwise, rounding may put a bound of equal
     * terms a step below the score (3.12 + 3.8 + 5.56 + 4.05).
     */
    private static double total(double name, double phone, double address, double email) {
        return name + phone + address + email;
    }

    /**
     * At least the weight of the name pair score takes, whatever the addresses compare as: the best weight of every
     * pair, as typed and swapped, at each address level compareNames tells apart; 0 when no pair is compared.
     */
    private double nameWeightBound(List<NameEvidence> incoming, List<NameEvidence> candidate) {
        double bound = 0;
        for (NameEvidence typed : incoming) {
            for (NameEvidence b : candidate) {
                for (boolean swapped : new boolean[] {false, true}) {
                    NameEvidence a = swapped ? typed.swapped() : typed;
                    Agreement family = names.family(a, b);
                    Agreement given = names.given(a, b);
                    for (Agreement address : NAME_WEIGHING_ADDRESS_LEVELS) {
                        bound = Math.max(bound, namePair(a, b, family, given, swapped, address).weight());
                    }
                }
            }
        }
        return bound;
    }

    private static List<StreetAddressParser.Place> placesOf(List<AddressEvidence> addresses) {
        return addresses.stream().map(StreetAddressParser::placeOf).flatMap(Optional::stream).toList();
    }

    /** The postal code (or one digit off) or a similar locality: what every agreeing address level needs. */
    private boolean samePlace(StreetAddressParser.Place a, StreetAddressParser.Place b) {
        return KeyingSlips.atMost(a.postcode(), b.postcode(), 1) || similarLocality(a.locality(), b.locality());
    }

    private boolean similarLocality(String a, String b) {
        return !a.isEmpty() && !b.isEmpty() && streetSimilarity.apply(a, b) >= settings.minStreetSimilarity();
    }

    private Agreement comparePhones(PersonEvidence a, PersonEvidence b) {
        return compareSets(keys(a.phones(), normalizer::phone10), keys(b.phones(), normalizer::phone10));
    }

    private Agreement compareEmails(PersonEvidence a, PersonEvidence b) {
        return compareSets(keys(a.emails(), this::emailKey), keys(b.emails(), this::emailKey));
    }

    /** The best pair, preferring any pair whose given names are compatible, so the household guard needs every pair to
     *  disagree; at the same building a given-name slip may weigh more (see compareNames). */
    private NamePair bestNamePair(List<NameEvidence> incoming, List<NameEvidence> candidate, Agreement address) {
        return incoming.stream()
                .flatMap(a -> candidate.stream().flatMap(b -> Stream.of(compareNames(a, b, false, address),
                        compareNames(a.swapped(), b, true, address))))
                .filter(pair -> !pair.swapped() || isCloseName(pair.given()) && isCloseName(pair.family()))
                .max(Comparator.comparing(NamePair::givenCompatible).thenComparingDouble(NamePair::weight))
                .orElse(new NamePair(Agreement.MISSING, Agreement.MISSING, 0, false, false, false));
    }

    /** A swap of the two name fields counts only when both names then agree, allowing a slip. */
    private static boolean isCloseName(Agreement agreement) {
        return agreement == Agreement.AGREE || agreement == Agreement.TYPO || agreement == Agreement.PHONETIC;
    }

    /**
     * A given-name slip under the same surname at the same building is a slip at home: a household member there
     * would have another name, not a slip of this one. So is a slip in a short given name, but only there. Different
     * given names that are close (see NameComparator.givenClose) under the same surname (or a slip of it) on the
     * same street and building line are close at home: the household guard still holds them, but back for review,
     * weighed as alike names, since one person typed twice and two of one household look the same there.
     */
    private NamePair compareNames(NameEvidence a, NameEvidence b, boolean swapped, Agreement address) {
        return namePair(a, b, names.family(a, b), names.given(a, b), swapped, address);
    }

    /** The pair of compareNames from its surnames' and given names' agreements. */
    private NamePair namePair(NameEvidence a, NameEvidence b, Agreement family, Agreement compared, boolean swapped,
                              Agreement address) {
        boolean sameBuilding = address == Agreement.AGREE || address == Agreement.TYPO;
        boolean slipAtHome = (compared == Agreement.TYPO || compared == Agreement.PARTIAL) && family == Agreement.AGREE
                && sameBuilding;
        // a slip in a short given name is another name anywhere else
        Agreement given = compared == Agreement.PARTIAL && !slipAtHome ? Agreement.DISAGREE : compared;
        boolean closeAtHome = given == Agreement.DISAGREE && !swapped
                && (family == Agreement.AGREE || family == Agreement.TYPO)
                && (sameBuilding || address == Agreement.OTHER_NUMBER) && names.givenClose(a, b);
        double givenWeight = slipAtHome ? settings.givenTypoAtHome()
                : settings.givenWeight(closeAtHome ? Agreement.PHONETIC : given);
        return new NamePair(given, family, givenWeight + settings.familyWeight(family), swapped, slipAtHome, closeAtHome);
    }

    private static Agreement compareSets(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Agreement.MISSING;
        }
        return a.stream().anyMatch(b::contains) ? Agreement.AGREE : Agreement.DISAGREE;
    }

    /** The strongest agreement of any address of one with any address of the other; MISSING when either has none
     *  with a postal code. */
    private Agreement compareAddresses(List<AddressEvidence> a, List<AddressEvidence> b) {
        Agreement best = Agreement.MISSING;
        for (AddressEvidence x : a) {
            for (AddressEvidence y : b) {
                Agreement level = compareAddress(x, y);
                if (ADDRESS_STRENGTH.indexOf(level) < ADDRESS_STRENGTH.indexOf(best)) {
                    best = level;
                }
            }
        }
        return best;
    }

    /**
     * AGREE on the same building (house number, street and postal code; the unit ignored). TYPO on the same building
     * typed with slips: the same street but for spaces and a slip (two in a long one), or the two lines swapped, the
     * same house number, and the postal code (or one digit off) or the locality agreeing. OTHER_NUMBER on the same
     * street and the same building line (a property, building or unit; its digits exactly) with the postal code or
     * locality agreeing, the house number another or missing: a namesake further down the street shares no building
     * line. Otherwise a street without a house number on either side is at most PARTIAL: the same street is not the
     * same building, and a customer's numberless address would otherwise match every namesake on the street. PARTIAL
     * on a similar street with the same postal code or locality, or on the same postal code with either the same house
     * number and a similar street or the same street and a house number one keying slip away (318 / 381).
     */
    private Agreement compareAddress(AddressEvidence a, AddressEvidence b) {
        Optional<AddressParts> x = StreetAddressParser.partsOf(a);
        Optional<AddressParts> y = StreetAddressParser.partsOf(b);
        if (x.isEmpty() || y.isEmpty()) {
            return Agreement.MISSING;
        }
        Optional<AddressKey> keyA = normalizer.addressKey(a);
        Optional<AddressKey> keyB = normalizer.addressKey(b);
        boolean partialByKey = false;
        if (keyA.isPresent() && keyB.isPresent()) {
            AddressKey p = keyA.get();
            AddressKey q = keyB.get();
            if (p.sameBuilding(q)) {
                return Agreement.AGREE;
            }
            partialByKey = p.postcode().equals(q.postcode()) && (p.houseNumber().equals(q.houseNumber())
                    && streetSimilarity.apply(p.street(), q.street()) >= settings.minStreetSimilarity()
                    || p.street().equals(q.street()) && KeyingSlips.exactlyOne(p.houseNumber(), q.houseNumber()));
        }
        AddressParts p = x.get();
        AddressParts q = y.get();
        boolean sameStreet = isStreetSlip(p.street(), q.street()) || isStreetSlip(p.street(), q.otherLine())
                || isStreetSlip(p.otherLine(), q.street());
        boolean street = similarStreet(p.street(), q.street()) || similarStreet(p.street(), q.otherLine())
                || similarStreet(p.otherLine(), q.street());
        boolean numberAgrees = !p.houseNumber().isEmpty() && p.houseNumber().equals(q.houseNumber());
        boolean postcode = KeyingSlips.atMost(p.postcode(), q.postcode(), 1);
        boolean locality = similarLocality(p.locality(), q.locality());
        if (sameStreet && numberAgrees && (postcode || locality)) {
            return Agreement.TYPO;
        }
        if (sameStreetAndBuildingLine(p, q) && (postcode || locality)) {
            return Agreement.OTHER_NUMBER;
        }
        return partialByKey || street && (postcode || locality) ? Agreement.PARTIAL : Agreement.DISAGREE;
    }

    /** Some address of each with the same house number, the postal code (or one digit off) and a similar locality. */
    private boolean sameHouseNumberInPlace(List<AddressEvidence> a, List<AddressEvidence> b) {
        for (AddressEvidence x : a) {
            Optional<AddressParts> p = StreetAddressParser.partsOf(x);
            for (AddressEvidence y : b) {
                Optional<AddressParts> q = StreetAddressParser.partsOf(y);
                if (p.isPresent() && q.isPresent() && !p.get().houseNumber().isEmpty()
                        && p.get().houseNumber().equals(q.get().houseNumber())
                        && KeyingSlips.atMost(p.get().postcode(), q.get().postcode(), 1)
                        && similarLocality(p.get().locality(), q.get().locality())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The same street typed with a slip or two (Wellingtonb, Ctescent); unlike similarity, Maple St and Maple Ave
     *  stay two streets. */
    private static boolean isStreetSlip(String a, String b) {
        int shorter = Math.min(a.length(), b.length());
        int slips = shorter >= TWO_SLIP_STREET_LETTERS ? 2 : 1;
        return shorter >= MIN_STREET_LETTERS && KeyingSlips.atMost(a, b, slips);
    }

    /** The street and the building line both the same but for slips, in the same or swapped order. */
    private static boolean sameStreetAndBuildingLine(AddressParts p, AddressParts q) {
        return isStreetSlip(p.street(), q.street()) && isBuildingLineSlip(p.otherLine(), q.otherLine())
                || isStreetSlip(p.street(), q.otherLine()) && isBuildingLineSlip(p.otherLine(), q.street());
    }

    /** A building line typed with slips in its letters; its digits (a unit, a lot) must be the same. */
    private static boolean isBuildingLineSlip(String a, String b) {
        return isStreetSlip(a, b) && NOT_DIGITS.matcher(a).replaceAll("").equals(NOT_DIGITS.matcher(b).replaceAll(""));
    }

    private boolean similarStreet(String a, String b) {
        return a.length() >= MIN_STREET_LETTERS && b.length() >= MIN_STREET_LETTERS
                && streetSimilarity.apply(a, b) >= settings.minStreetSimilarity();
    }

    private Optional<String> emailKey(String raw) {
        return Optional.of(normalizer.emailKey(raw)).filter(key -> !key.isEmpty());
    }

    private static Set<String> keys(Collection<String> raw, Function<String, Optional<String>> normalize) {
        return raw.stream().map(normalize).flatMap(Optional::stream).collect(Collectors.toSet());
    }
}
