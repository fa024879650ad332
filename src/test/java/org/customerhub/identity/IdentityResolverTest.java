package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
