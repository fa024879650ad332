package org.customerhub.identity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * FEBRL records replayed through identity resolution alone, without a hub: each record is resolved against the
 * customers made of the records before it, held in memory as the store would hold them (merged evidence, blocking
 * keys moved to the survivor). Seconds instead of minutes, for looking into matching; the figures that count are
 * {@code bench/febrl}'s, through a running hub. Run with {@code mvn -q test-compile exec:java
 * -Dexec.classpathScope=test -Dhub.main.class=org.customerhub.identity.FebrlReplay -Dexec.args=DIR}.
 */
public final class FebrlReplay {
    private static final BlockingKeys BLOCKING = new BlockingKeys(ShippedConfig.normalizer());
    private static final Pattern PERSON_NAME = Pattern.compile("[\\p{L}][\\p{L}\\p{M}'’\\-. ]*");

    private FebrlReplay() {
    }

    public static void main(String[] args) throws Exception {
        EvidenceNormalizer normalizer = ShippedConfig.normalizer();
        MatchScorer handSet = new MatchScorer(ShippedConfig.settings(), normalizer);
        BlockingKeys blocking = new BlockingKeys(normalizer);
        for (String dataset : List.of("dataset2.csv", "dataset3.csv")) {
            Path csv = Path.of(args[0]).resolve(dataset);
            MatchScorer scorer = handSet;
            if (args.length > 1 && args[1].equals("learn")) {
                List<PersonEvidence> records = rows(csv).stream().map(FebrlReplay::evidence).toList();
                WeightEstimator.Estimate estimate = WeightEstimator.estimate(
                        WeightEstimator.candidatePairs(records, blocking, handSet, 50),
                        WeightEstimator.randomPairs(records, handSet, WeightEstimator.RANDOM_PAIRS), records.size());
                Properties learned = new Properties();
                Properties base = new Properties();
                try (var reader = Files.newBufferedReader(ShippedConfig.MATCHING)) {
                    base.load(reader);
                }
                learned.putAll(base);
                learned.putAll(estimate.weightProperties());
                learned.setProperty("identity.threshold.match", String.valueOf(estimate.threshold(Double.parseDouble(args[2]))));
                learned.setProperty("identity.threshold.possible", String.valueOf(estimate.threshold(Double.parseDouble(args[3]))));
                System.out.println("p " + estimate.matchShare() + " pairs " + estimate.pairs() + " iterations " + estimate.iterations()
                        + " m " + estimate.m() + " u " + estimate.u());
                System.out.println(estimate.weightProperties() + " match " + learned.getProperty("identity.threshold.match")
                        + " possible " + learned.getProperty("identity.threshold.possible"));
                scorer = new MatchScorer(MatchSettings.from(learned), normalizer);
            }
            replay(csv, new IdentityResolver(scorer, blocking, 50), List.of(args).contains("misses") ? scorer : null);
        }
    }

    private static List<String[]> rows(Path csv) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8).subList(1, Files.readAllLines(csv).size())) {
            if (!line.isBlank()) {
                String[] f = line.split(",", -1);
                for (int i = 0; i < f.length; i++) {
                    f[i] = f[i].strip();
                }
                rows.add(f);
            }
        }
        return rows;
    }

    private static void replay(Path csv, IdentityResolver resolver, MatchScorer listMisses) throws Exception {
        List<String[]> rows = rows(csv);
        Memory store = new Memory();
        Map<String, String> customerOfRecord = new LinkedHashMap<>();
        for (String[] f : rows) {
            PersonEvidence evidence = evidence(f);
            IdentityResolver.Resolution r = resolver.resolve(new IdentityResolver.Incoming(Optional.empty(), Map.of(),
                    evidence, true), store);
            String target = r.existing().orElseGet(store::create);
            r.mergedAway().forEach(merged -> store.merge(merged, target));
            store.add(target, evidence, r.blockingKeys());
            r.possible().keySet().forEach(other -> store.possible(target, other));
            customerOfRecord.put(f[0], target);
        }
        Map<String, String> live = new HashMap<>();
        customerOfRecord.forEach((record, customer) -> live.put(record, store.survivor(customer)));
        long truePairs = pairs(rows, f -> person(f[0]));
        long found = pairs(rows, f -> live.get(f[0]));
        long tp = pairs(rows, f -> person(f[0]) + "|" + live.get(f[0]));
        Map<String, Map<String, Integer>> members = new HashMap<>();
        for (String[] f : rows) {
            members.computeIfAbsent(live.get(f[0]), k -> new HashMap<>()).merge(person(f[0]), 1, Integer::sum);
        }
        long offeredTrue = 0;
        long offeredFalse = 0;
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<String, Set<String>> edge : store.possible.entrySet()) {
            String a = store.survivor(edge.getKey());
            for (String other : edge.getValue()) {
                String b = store.survivor(other);
                if (a.equals(b) || !seen.add(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a)) {
                    continue;
                }
                Map<String, Integer> ma = members.getOrDefault(a, Map.of());
                Map<String, Integer> mb = members.getOrDefault(b, Map.of());
                long all = (long) ma.values().stream().mapToInt(Integer::intValue).sum() * mb.values().stream().mapToInt(Integer::intValue).sum();
                long same = ma.entrySet().stream().mapToLong(e -> (long) e.getValue() * mb.getOrDefault(e.getKey(), 0)).sum();
                offeredTrue += same;
                offeredFalse += all - same;
            }
        }
        double precision = found == 0 ? 1 : (double) tp / found;
        double recall = (double) tp / truePairs;
        System.out.printf("%s true %d found %d tp %d precision %.4f recall %.4f F1 %.4f; possible: true %d false %d, recall with review %.4f%n",
                csv.getFileName(), truePairs, found, tp, precision, recall, 2 * precision * recall / (precision + recall),
                offeredTrue, offeredFalse, (double) (tp + offeredTrue) / truePairs);
        if (listMisses != null) {
            Map<String, Integer> classes = new HashMap<>();
            Map<String, List<String[]>> byPerson = new LinkedHashMap<>();
            rows.forEach(f -> byPerson.computeIfAbsent(person(f[0]), k -> new ArrayList<>()).add(f));
            Path out = Path.of("target", "bench", "replay-misses-" + csv.getFileName());
            Files.createDirectories(out.getParent());
            List<String> lines = new ArrayList<>();
            for (List<String[]> group : byPerson.values()) {
                for (int i = 0; i < group.size(); i++) {
                    for (int j = i + 1; j < group.size(); j++) {
                        if (!live.get(group.get(i)[0]).equals(live.get(group.get(j)[0]))) {
                            String a = live.get(group.get(i)[0]);
                            String b = live.get(group.get(j)[0]);
                            String missClass = (seen.contains(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a) ? "offered: " : "")
                                    + missClass(listMisses, evidence(group.get(i)), evidence(group.get(j)));
                            classes.merge(missClass, 1, Integer::sum);
                            lines.add(missClass + "\n" + String.join(",", group.get(i)) + "\n" + String.join(",", group.get(j)) + "\n");
                        }
                    }
                }
            }
            Files.write(out, lines);
            classes.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(40)
                    .forEach(e -> System.out.println(e.getValue() + " " + e.getKey()));
        }
    }

    /** Why two records of one person ended in two customers, as the README counts the misses. */
    private static String missClass(MatchScorer scorer, PersonEvidence a, PersonEvidence b) {
        MatchOutcome outcome = scorer.score(a, b);
        boolean nameMissing = Stream.of(a, b).anyMatch(e -> e.names().get(0).given() == null || e.names().get(0).family() == null);
        if (outcome.reasons().contains(MatchScorer.HOUSEHOLD_GUARD)) {
            return "different given names (household guard)";
        }
        if (nameMissing) {
            return "a name part missing (a store sale, no address)";
        }
        if (a.addresses().isEmpty() || b.addresses().isEmpty()) {
            return "no street or suburb on one side (name only)";
        }
        if (outcome.reasons().contains("guard:name-only")) {
            return "addresses disagree (name only)";
        }
        if (outcome.reasons().contains("guard:given-alike")) {
            return "given names only alike (capped at possible)";
        }
        return switch (outcome.decision()) {
            case MATCH -> "would match pairwise, not joined ("
                    + (Collections.disjoint(BLOCKING.of(a), BLOCKING.of(b)) ? "no shared key" : "shares a key") + ")";
            case POSSIBLE -> "scored possible pairwise";
            case NO_MATCH -> "scored below possible: " + outcome.reasons().stream().filter(r -> r.startsWith("family:")).findFirst().orElse("");
        };
    }

    private static String person(String recId) {
        String[] parts = recId.split("-");
        return parts[0] + "-" + parts[1];
    }

    private static long pairs(List<String[]> rows, Function<String[], String> group) {
        Map<String, Long> counts = new HashMap<>();
        rows.forEach(f -> counts.merge(group.apply(f), 1L, Long::sum));
        return counts.values().stream().mapToLong(n -> n * (n - 1) / 2).sum();
    }

    /** As bench/febrl's messages state the record: a web guest with name and address, or a store sale with a name. */
    static PersonEvidence evidence(String[] f) {
        String given = f[1];
        String family = f[2];
        boolean fullName = PERSON_NAME.matcher(given).matches() && PERSON_NAME.matcher(family).matches();
        if (!fullName) {
            return new PersonEvidence(List.of(new NameEvidence(PERSON_NAME.matcher(given).matches() ? given : null, null,
                    PERSON_NAME.matcher(family).matches() ? family : null)), List.of(), List.of(), List.of());
        }
        String street = f[4].isEmpty() ? f[5] : f[4];
        String line2 = f[4].isEmpty() ? null : f[5];
        List<AddressEvidence> addresses = street.isEmpty() || f[6].isEmpty() ? List.of()
                : List.of(new AddressEvidence((f[3] + " " + street).strip(), line2 == null || line2.isEmpty() ? null : line2,
                f[6], f[8].isEmpty() ? null : f[8].toUpperCase(), f[7], "AU"));
        return new PersonEvidence(List.of(new NameEvidence(given, null, family)), List.of(), List.of(), addresses);
    }

    /** Customers in memory, as the store keeps them. */
    private static final class Memory implements CandidateSource {
        private final Map<String, PersonEvidence> evidence = new LinkedHashMap<>();
        private final Map<String, Set<String>> byKey = new HashMap<>();
        private final Map<String, Set<String>> keysOf = new HashMap<>();
        private final Map<String, String> mergedInto = new HashMap<>();
        private final Map<String, Set<String>> possible = new LinkedHashMap<>();
        private int next;

        String create() {
            String id = String.format("C%06d", next++);
            evidence.put(id, new PersonEvidence(List.of(), List.of(), List.of(), List.of()));
            keysOf.put(id, new LinkedHashSet<>());
            return id;
        }

        String survivor(String id) {
            String at = id;
            while (mergedInto.containsKey(at)) {
                at = mergedInto.get(at);
            }
            return at;
        }

        void add(String id, PersonEvidence more, Set<String> keys) {
            PersonEvidence e = evidence.get(id);
            evidence.put(id, new PersonEvidence(union(e.names(), more.names()), List.of(), List.of(),
                    union(e.addresses(), more.addresses())));
            for (String key : keys) {
                byKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id);
                keysOf.get(id).add(key);
            }
        }

        void merge(String merged, String target) {
            PersonEvidence gone = evidence.remove(merged);
            Set<String> keys = keysOf.remove(merged);
            keys.forEach(key -> byKey.get(key).remove(merged));
            add(target, gone, keys);
            mergedInto.put(merged, target);
        }

        void possible(String a, String b) {
            possible.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(b);
        }

        private static <T> List<T> union(List<T> a, List<T> b) {
            Set<T> all = new LinkedHashSet<>(a);
            all.addAll(b);
            return List.copyOf(all);
        }

        @Override
        public Optional<String> holderOf(String kind, String value) {
            return Optional.empty();
        }

        @Override
        public Set<String> sharingBlockingKeys(Collection<String> keys, int limit) {
            Map<String, Integer> shared = new HashMap<>();
            keys.forEach(key -> byKey.getOrDefault(key, Set.of()).forEach(id -> shared.merge(id, 1, Integer::sum)));
            Set<String> found = new LinkedHashSet<>();
            shared.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).limit(limit).forEach(e -> found.add(e.getKey()));
            return found;
        }

        @Override
        public Map<String, PersonEvidence> evidenceOf(Collection<String> hubIds) {
            Map<String, PersonEvidence> found = new LinkedHashMap<>();
            hubIds.forEach(id -> found.put(id, evidence.get(id)));
            return found;
        }

        @Override
        public List<String> channelKeysOf(String hubId) {
            return List.of();
        }

        @Override
        public OffsetDateTime createdAt(String hubId) {
            return OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(Integer.parseInt(hubId.substring(1)));
        }
    }
}
