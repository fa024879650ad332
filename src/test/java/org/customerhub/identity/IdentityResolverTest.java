package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Identity resolution on its own, without a database: the customers known are held in memory behind the
 * {@link CandidateSource} port, as the store would answer, and the resolver's decision is checked as it stands.
 */
class IdentityResolverTest {
    private static final EvidenceNormalizer NORMALIZER = ShippedConfig.normalizer();
    private static final BlockingKeys BLOCKING = new BlockingKeys(NORMALIZER);
    private static final IdentityResolver RESOLVER = new IdentityResolver(new MatchScorer(ShippedConfig.settings(), NORMALIZER),
            BLOCKING, 50);
    private static final AddressEvidence WORCESTER = new AddressEvidence("12 Wachusett St", null, "Worcester", "MA", "01609", "US");

    /** Customers as the store holds them: identifiers, evidence, keys, creation time; blocking keys from the evidence. */
    private static final class Known implements CandidateSource {
        private final Map<String, PersonEvidence> evidence = new LinkedHashMap<>();
        private final Map<String, String> holders = new LinkedHashMap<>();
        private final Map<String, List<String>> keys = new LinkedHashMap<>();
        private final Map<String, OffsetDateTime> created = new LinkedHashMap<>();

        Known customer(String hubId, int day, PersonEvidence person, String... identifiers) {
            evidence.put(hubId, person);
            created.put(hubId, OffsetDateTime.of(2026, 1, day, 9, 0, 0, 0, ZoneOffset.UTC));
            List<String> channelKeys = new ArrayList<>();
            for (String identifier : identifiers) {
                holders.put(identifier, hubId);
                if (identifier.startsWith("key|")) {
                    channelKeys.add(identifier.substring(4));
                }
            }
            keys.put(hubId, channelKeys);
            return this;
        }

        @Override
        public Optional<String> holderOf(String kind, String value) {
            return Optional.ofNullable(holders.get(kind + "|" + value));
        }

        @Override
        public Set<String> sharingBlockingKeys(Collection<String> wanted, int limit) {
            Set<String> found = new LinkedHashSet<>();
            evidence.forEach((hubId, person) -> {
                if (found.size() < limit && BLOCKING.of(person).stream().anyMatch(wanted::contains)) {
                    found.add(hubId);
                }
            });
            return found;
        }

        @Override
        public Map<String, PersonEvidence> evidenceOf(Collection<String> hubIds) {
            Map<String, PersonEvidence> answer = new LinkedHashMap<>();
            hubIds.forEach(hubId -> answer.put(hubId, evidence.get(hubId)));
            return answer;
        }

        @Override
        public List<String> channelKeysOf(String hubId) {
            return keys.getOrDefault(hubId, List.of());
        }

        @Override
        public OffsetDateTime createdAt(String hubId) {
            return created.get(hubId);
        }
    }

    private static PersonEvidence person(String given, String family, List<String> emails, List<String> phones,
                                         List<AddressEvidence> addresses) {
        return new PersonEvidence(List.of(new NameEvidence(given, null, family)), emails, phones, addresses);
    }

    private static IdentityResolver.Incoming incoming(String ownKey, Map<String, List<String>> identifiers, PersonEvidence evidence) {
        return new IdentityResolver.Incoming(Optional.ofNullable(ownKey), identifiers, evidence, true);
    }

    @Test
    void aPersonNobodyKnowsIsANewCustomerWithTheirBlockingKeys() {
        PersonEvidence nora = person("Nora", "Lindqvist", List.of(), List.of("(508) 555-0137"), List.of(WORCESTER));
        IdentityResolver.Resolution resolution = RESOLVER.resolve(incoming("catalogue:0058214",
                Map.of("key", List.of("catalogue:0058214")), nora), new Known());
        assertThat(resolution.anybody()).isTrue();
        assertThat(resolution.existing()).isEmpty();
        assertThat(resolution.blockingKeys()).isEqualTo(BLOCKING.of(nora)).isNotEmpty();
    }

    @Test
    void aNameAloneIdentifiesNobody() {
        IdentityResolver.Incoming nameOnly = new IdentityResolver.Incoming(Optional.empty(), Map.of(),
                person("Nora", "Lindqvist", List.of(), List.of(), List.of()), false);
        assertThat(RESOLVER.resolve(nameOnly, new Known())).isEqualTo(IdentityResolver.Resolution.NOBODY);
    }

    @Test
    void aKnownKeyIsItsCustomerAndTwoLinkedCustomersMergeIntoTheOlder() {
        PersonEvidence nora = person("Nora", "Lindqvist", List.of("nora.lindqvist@example.net"), List.of(), List.of(WORCESTER));
        Known known = new Known()
                .customer("H-web", 3, nora, "key|web:U30772145")
                .customer("H-catalogue", 1, person("Nora", "Lindqvist", List.of(), List.of(), List.of()), "key|catalogue:0058214");
        IdentityResolver.Resolution resolution = RESOLVER.resolve(incoming("web:U30772145", Map.of(
                "key", List.of("web:U30772145"), "email", List.of("nora.lindqvist@example.net")), nora), known);
        assertThat(resolution.existing()).contains("H-web");
        assertThat(resolution.mergedAway()).isEmpty();

        IdentityResolver.Resolution both = RESOLVER.resolve(incoming(null, Map.of(
                "key", List.of("web:U30772145", "catalogue:0058214")), nora), known);
        assertThat(both.existing()).as("the oldest survives").contains("H-catalogue");
        assertThat(both.mergedAway()).containsExactly("H-web");
        assertThat(both.possible()).isEmpty();
    }

    @Test
    void aSharedMailboxOfAnotherGivenNameLinksNobody() {
        Known known = new Known().customer("H-anna", 1,
                person("Anna", "Berg", List.of("berg.family@example.net"), List.of(), List.of(WORCESTER)), "email|berg.family@example.net");
        IdentityResolver.Resolution resolution = RESOLVER.resolve(incoming("web:U1", Map.of("key", List.of("web:U1"),
                "email", List.of("berg.family@example.net")),
                person("Johan", "Berg", List.of("berg.family@example.net"), List.of(), List.of(WORCESTER))), known);
        assertThat(resolution.existing()).as("a household, not one person").isEmpty();
    }

    @Test
    void theSamePersonTypedAgainInAnotherChannelIsMatchedByScore() {
        Known known = new Known().customer("H-nora", 1,
                person("Nora", "Lindqvist", List.of(), List.of("(508) 555-0137"), List.of(WORCESTER)), "key|catalogue:0058214");
        IdentityResolver.Resolution resolution = RESOLVER.resolve(incoming("retail:7105821406",
                Map.of("key", List.of("retail:7105821406")),
                person("Nora", "Lindqvist", List.of(), List.of("508-555-0137"), List.of(WORCESTER))), known);
        assertThat(resolution.existing()).contains("H-nora");
    }

    @Test
    void aMatchHoldingAnotherKeyOfTheSameChannelIsReviewedNotAttached() {
        Known known = new Known().customer("H-nora", 1,
                person("Nora", "Lindqvist", List.of(), List.of("(508) 555-0137"), List.of(WORCESTER)), "key|catalogue:0058214");
        IdentityResolver.Resolution resolution = RESOLVER.resolve(incoming("catalogue:0099999",
                Map.of("key", List.of("catalogue:0099999")),
                person("Nora", "Lindqvist", List.of(), List.of("508-555-0137"), List.of(WORCESTER))), known);
        assertThat(resolution.existing()).as("a second catalogue account is another customer").isEmpty();
        assertThat(resolution.possible()).containsOnlyKeys("H-nora");
    }

    @Test
    void twoLinkedCustomersWithDifferentKeysOfOneChannelAreReviewedNotMerged() {
        PersonEvidence nora = person("Nora", "Lindqvist", List.of(), List.of(), List.of(WORCESTER));
        Known known = new Known()
                .customer("H-one", 1, nora, "key|catalogue:0058214", "card|7105821406")
                .customer("H-two", 2, nora, "key|catalogue:0099999", "key|web:U30772145");
        IdentityResolver.Resolution resolution = RESOLVER.resolve(incoming(null, Map.of(
                "card", List.of("7105821406"), "key", List.of("web:U30772145")), nora), known);
        assertThat(resolution.existing()).contains("H-one");
        assertThat(resolution.mergedAway()).isEmpty();
        assertThat(resolution.possible()).containsOnlyKeys("H-two");
    }

    @Test
    void aCustomerMergedInEarlierBringsItsKeysToTheNextComparison() {
        PersonEvidence nora = person("Nora", "Lindqvist", List.of(), List.of(), List.of(WORCESTER));
        Known known = new Known()
                .customer("H-target", 1, nora, "card|7105821406")
                .customer("H-web-one", 2, nora, "key|web:U1", "key|catalogue:0058214")
                .customer("H-web-two", 3, nora, "key|web:U2", "key|retail:7100000002");
        IdentityResolver.Resolution resolution = RESOLVER.resolve(incoming(null, Map.of(
                "card", List.of("7105821406"), "key", List.of("catalogue:0058214", "retail:7100000002")), nora), known);
        assertThat(resolution.existing()).contains("H-target");
        assertThat(resolution.mergedAway()).as("the second web account stays apart from the first").containsExactly("H-web-one");
        assertThat(resolution.possible()).containsOnlyKeys("H-web-two");
    }

    @Test
    void aCandidateIsStillFoundWhenTwoFieldsSlip() {
        Known known = new Known().customer("H-nora", 1, person("Nora", "Lindqvist", List.of(), List.of(),
                List.of(new AddressEvidence("12 Wachusett St", null, "Worcester", "MA", "01609", "US"))), "key|web:U1");
        // the given name and the ZIP typed with a slip each: no name, given or surname key with the ZIP is shared,
        // the surname sound at the house number in the same town still is
        PersonEvidence typed = person("Norah", "Lindqvist", List.of(), List.of(),
                List.of(new AddressEvidence("12 Wachusett St", null, "Worcester", "MA", "01690", "US")));
        assertThat(Set.copyOf(BLOCKING.of(typed))).containsAnyElementsOf(BLOCKING.of(known.evidence.get("H-nora")))
                .doesNotContain("name:L532|nora");

        assertThat(RESOLVER.resolve(incoming(null, Map.of(), typed), known).existing()).contains("H-nora");
    }

    @Test
    void withWeightsLearnedFromGeneratedPeopleASlipMergesAndTheHouseholdAndNamesakesStayApart() throws Exception {
        List<PersonEvidence> records = generatedPeople();
        MatchScorer handSet = new MatchScorer(ShippedConfig.settings(), NORMALIZER);
        WeightEstimator.Estimate estimate = WeightEstimator.estimate(
                WeightEstimator.candidatePairs(records, BLOCKING, handSet, WeightEstimator.MAX_BLOCK),
                WeightEstimator.randomPairs(records, handSet, 20_000), records.size());
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ShippedConfig.MATCHING)) {
            properties.load(reader);
        }
        properties.load(new StringReader(WeightEstimator.weightsFile(estimate, ShippedConfig.settings(), 0.999, 0.5,
                "generated people", Instant.EPOCH)));
        IdentityResolver learned = new IdentityResolver(new MatchScorer(MatchSettings.from(properties), NORMALIZER), BLOCKING, 50);
        assertThat(estimate.weight("given", "agree")).isPositive();
        assertThat(estimate.weight("given", "disagree")).isNegative();

        Known known = new Known()
                .customer("H-nora", 1, person("Nora", "Lindqvist", List.of(), List.of(), List.of(WORCESTER)), "key|web:U1")
                .customer("H-john", 2, person("John", "Smith", List.of(), List.of("(508) 555-0101"),
                        List.of(new AddressEvidence("40 Elm St", null, "Worcester", "MA", "01602", "US"))), "key|web:U2");
        assertThat(learned.resolve(incoming(null, Map.of(), person("Nroa", "Lindqvist", List.of(), List.of(),
                List.of(WORCESTER))), known).existing()).as("two letters swapped").contains("H-nora");
        known.customer("H-anna", 3, person("Anna", "Berg", List.of(), List.of("(508) 555-0142"), List.of(WORCESTER)), "key|web:U3");
        assertThat(learned.resolve(incoming(null, Map.of(), person("Johan", "Berg", List.of(), List.of("508-555-0142"),
                List.of(WORCESTER))), known).existing()).as("a household member: same phone, same address").isEmpty();
        assertThat(learned.resolve(incoming(null, Map.of(), person("John", "Smith", List.of(), List.of("(617) 555-0199"),
                List.of(new AddressEvidence("9 Prospect St", null, "Cambridge", "MA", "02139", "US")))), known).existing())
                .as("another John Smith").isEmpty();
    }

    /** People of a small town, each stated twice (the second time with a slip in one field), a few with a household
     *  member at the same address. */
    private static List<PersonEvidence> generatedPeople() {
        List<String> given = List.of("Nora", "Oscar", "Harriet", "Walter", "Imogen", "Angus", "Beatrice", "Felix",
                "Clara", "Rupert", "Edith", "Hugo", "Phoebe", "Calvin", "Rosalind", "Milo", "Greta", "Percy", "Agnes");
        List<String> family = List.of("Lindqvist", "Okafor", "Ellsworth", "Pemberton", "Ravensdale", "Fairbairn",
                "Culverhouse", "Mortensen", "Ashcombe", "Tregarthen", "Hazeldine", "Kilbride", "Brandt");
        List<String> streets = List.of("Wachusett St", "Elm St", "Salisbury St", "Park Ave", "Pleasant St");
        List<PersonEvidence> records = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String first = given.get(i % given.size());
            String last = family.get(i * 7 % family.size());
            String zip = String.format("016%02d", i % 12);
            String line1 = (10 + i) + " " + streets.get(i % streets.size());
            records.add(person(first, last, List.of(), List.of(), List.of(new AddressEvidence(line1, null, "Worcester", "MA", zip, "US"))));
            String slipped = last.substring(0, 2) + last.charAt(3) + last.charAt(2) + last.substring(4);
            records.add(i % 2 == 0
                    ? person(first, slipped, List.of(), List.of(), List.of(new AddressEvidence(line1, null, "Worcester", "MA", zip, "US")))
                    : person(first, last, List.of(), List.of(), List.of(new AddressEvidence(line1.replace(" St", " Street"), null,
                            "Worcester", "MA", zip, "US"))));
            if (i % 5 == 0) {
                records.add(person(given.get((i + 3) % given.size()), last, List.of(), List.of(),
                        List.of(new AddressEvidence(line1, null, "Worcester", "MA", zip, "US"))));
            }
        }
        return records;
    }
}
