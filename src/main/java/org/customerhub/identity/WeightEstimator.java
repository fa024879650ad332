package org.customerhub.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.customerhub.store.AttributeCodec;
import org.customerhub.store.CustomerStore;

/**
 * Fellegi-Sunter m and u probabilities estimated by expectation maximisation over candidate pairs, as record-linkage
 * tools do (Winkler 1988; Splink, fastLink): every pair is a match with probability p; m(field, level) is the chance
 * that a field of a matching pair compares at that level, u the chance for a pair that does not match; fields are
 * taken as independent given the match status. A field missing on either side says nothing (it is left out of the
 * pair's likelihood), so a missing name part is missing, not different. The weight of a level is log2(m/u), added up
 * over the fields as the hand-set weights are; the thresholds follow from the posterior wanted for a merge and for a
 * review: score &gt;= log2(q/(1-q)) - log2(p/(1-p)).
 */
public final class WeightEstimator {
    /** The level that weighs nothing whatever the data say. */
    static final String MISSING = Agreement.MISSING.level();
    /** Bounds the match share away from 0 and 1. */
    private static final double SMOOTHING = 1e-4;
    /** Every level counts as seen once more than it was (Laplace): a level no random pair shows is rare, not
     *  impossible, and its weight stays finite. */
    private static final double PSEUDO_COUNT = 1;
    private static final int MAX_ITERATIONS = 200;
    /** The highest prior chance of a match the thresholds assume for a candidate pair (see Estimate.threshold). */
    private static final double MAX_PRIOR = 0.5;
    private static final double CONVERGED = 1e-7;

    /** Field levels from the most to the least agreeing, for the starting point of the iteration. */
    private static final List<String> STRENGTH = List.of("agree", "typo", "other-number", "phonetic",
            "partial", "initial", "disagree");

    /** What was learned: the match share p, m and u per field and level, the pairs and iterations it took. */
    public record Estimate(double matchShare, Map<String, Map<String, Double>> m, Map<String, Map<String, Double>> u,
                           long records, long pairs, int iterations) {
        /** log2(m/u) of one field's level. */
        public double weight(String field, String level) {
            return Math.log(m.get(field).get(level) / u.get(field).get(level)) / Math.log(2);
        }

        /**
         * The score from which the posterior chance of a match is at least posterior, with the prior odds of a
         * candidate pair taken at most even: in a small or clean store nearly every candidate matches (a share near 1),
         * which would let any candidate that passes the guards merge, while a store that grows gathers namesakes.
         */
        public double threshold(double posterior) {
            double prior = Math.min(matchShare, MAX_PRIOR);
            return log2(posterior / (1 - posterior)) - log2(prior / (1 - prior));
        }

        /** identity.weight.&lt;field&gt;.&lt;level&gt; for each level seen, rounded to two decimals. */
        public Map<String, String> weightProperties() {
            Map<String, String> properties = new LinkedHashMap<>();
            m.forEach((field, levels) -> levels.keySet().forEach(level -> properties.put(
                    "identity.weight." + field + "." + level, String.format(Locale.ROOT, "%.2f", weight(field, level)))));
            return properties;
        }
    }

    private WeightEstimator() {
    }

    /**
     * The comparison vectors of every two records that share a blocking key, as the hub's candidate search pairs them,
     * each pair once. A block larger than maxBlock (a common surname and given name across a country) is left out:
     * its pairs are almost all non-matches and would only cost time.
     */
    public static List<Map<String, String>> candidatePairs(List<PersonEvidence> records, BlockingKeys blocking,
                                                           MatchScorer scorer, int maxBlock) {
        Map<String, List<Integer>> blocks = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            for (String key : blocking.of(records.get(i))) {
                blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        Set<Long> seen = new HashSet<>();
        List<Map<String, String>> pairs = new ArrayList<>();
        for (List<Integer> block : blocks.values()) {
            if (block.size() > maxBlock) {
                continue;
            }
            for (int a = 0; a < block.size(); a++) {
                for (int b = a + 1; b < block.size(); b++) {
                    if (seen.add((long) block.get(a) * records.size() + block.get(b))) {
                        pairs.add(scorer.compare(records.get(block.get(a)), records.get(block.get(b))).byField());
                    }
                }
            }
        }
        return pairs;
    }

    /** Random pairs drawn for u: enough that a level one pair in a few thousand shows is seen. */
    public static final int RANDOM_PAIRS = 50_000;
    /** A block larger than this is left out of the candidate pairs, as the hub's candidate limit would cut it. */
    public static final int MAX_BLOCK = 50;

    /**
     * Estimates from the records of the store's messages (at most maxMessages of them), as the hub's candidate search
     * would pair them; the scorer gives the comparison levels only.
     */
    public static Estimate fromStore(CustomerStore store, MatchScorer scorer, BlockingKeys blocking, int maxMessages) {
        List<PersonEvidence> records = store.inTransaction(tx -> StoreCandidates.statedRecords(tx, new AttributeCodec(),
                maxMessages));
        return estimate(candidatePairs(records, blocking, scorer, MAX_BLOCK), randomPairs(records, scorer, RANDOM_PAIRS),
                records.size());
    }

    /**
     * The weights file: the learned weight of every level seen, the thresholds for the posteriors wanted, and what
     * they were estimated on and when. A given-name slip at home weighs the learned slip plus the hand-set
     * difference between the two: the data cannot tell a household apart, the retailer's rule does.
     */
    public static String weightsFile(Estimate estimate, MatchSettings handSet, double matchPosterior,
                                     double possiblePosterior, String source, Instant at) {
        StringBuilder text = new StringBuilder()
                .append("# Identity match weights learned from the store by `bin/hub weights`: Fellegi-Sunter log2(m/u) per\n")
                .append("# field and comparison level, m and u estimated by expectation maximisation over candidate pairs (u from\n")
                .append("# random pairs). They replace the hand-set weights of matching.properties level by level; a level not\n")
                .append("# listed keeps its hand-set weight. The guards (household, name only, given name unconfirmed or only\n")
                .append("# alike, channel keys) hold on top. Re-estimate after the store has grown or changed; delete the file\n")
                .append("# to go back to the hand-set weights.\n")
                .append(String.format(Locale.ROOT, "learned.estimated-on=%s%n", source))
                .append(String.format(Locale.ROOT, "learned.estimated-at=%s%n", at))
                .append(String.format(Locale.ROOT, "learned.records=%d%n", estimate.records()))
                .append(String.format(Locale.ROOT, "learned.candidate-pairs=%d%n", estimate.pairs()))
                .append(String.format(Locale.ROOT, "learned.match-share=%.4f%n", estimate.matchShare()))
                .append(String.format(Locale.ROOT, "learned.iterations=%d%n", estimate.iterations()));
        estimate.m().forEach((field, levels) -> levels.keySet().forEach(level -> text.append(String.format(Locale.ROOT,
                "# m %.4f, u %.6f%nidentity.weight.%s.%s=%.2f%n", estimate.m().get(field).get(level),
                estimate.u().get(field).get(level), field, level, estimate.weight(field, level)))));
        if (estimate.m().containsKey("given") && estimate.m().get("given").containsKey(Agreement.TYPO.level())) {
            text.append(String.format(Locale.ROOT, "# the learned slip plus the hand-set bonus at home%nidentity.weight.given.typo-at-home=%.2f%n",
                    estimate.weight("given", Agreement.TYPO.level()) + handSet.givenTypoAtHome() - handSet.givenTypo()));
        }
        text.append(String.format(Locale.ROOT, "# a merge from a posterior chance of a match of %s%nidentity.threshold.match=%.2f%n",
                        matchPosterior, estimate.threshold(matchPosterior)))
                .append(String.format(Locale.ROOT, "# a possible match for review from a posterior of %s%nidentity.threshold.possible=%.2f%n",
                        possiblePosterior, estimate.threshold(possiblePosterior)));
        return text.toString();
    }

    /**
     * Pairs of records drawn at random (a fixed seed, so a re-estimate on the same store gives the same weights):
     * almost none match, so how often each level occurs among them is u, as record-linkage tools estimate it.
     */
    public static List<Map<String, String>> randomPairs(List<PersonEvidence> records, MatchScorer scorer, int count) {
        List<Map<String, String>> pairs = new ArrayList<>();
        if (records.size() < 2) {
            return pairs;
        }
        Random random = new Random(records.size());
        while (pairs.size() < count) {
            int a = random.nextInt(records.size());
            int b = random.nextInt(records.size());
            if (a != b) {
                pairs.add(scorer.compare(records.get(a), records.get(b)).byField());
            }
        }
        return pairs;
    }

    /**
     * u from the random pairs, then m and the match share p by EM over the candidate pairs with u held: fitting u by
     * EM too over candidate pairs alone lets the iteration settle on another split than match and non-match (a
     * well-known failure; the candidates are few and alike). A field whose every pair is missing is left out; so is a
     * level no candidate pair shows.
     */
    public static Estimate estimate(List<Map<String, String>> candidates, List<Map<String, String>> random, long records) {
        Map<Map<String, String>, Long> patterns = patterns(candidates);
        Map<String, Set<String>> levels = new TreeMap<>();
        patterns.keySet().forEach(pattern -> pattern.forEach((field, level) ->
                levels.computeIfAbsent(field, f -> new TreeSet<>()).add(level)));
        List<Map<String, String>> randomVectors = new ArrayList<>(patterns(random).keySet());
        double[] randomCounts = randomVectors.stream().mapToDouble(patterns(random)::get).toArray();
        Map<String, Map<String, Double>> u = proportions(randomVectors, randomCounts, new double[randomCounts.length],
                levels, false);

        List<Map<String, String>> vectors = new ArrayList<>(patterns.keySet());
        double[] counts = vectors.stream().mapToDouble(patterns::get).toArray();
        Map<String, Map<String, Double>> m = start(levels);
        double p = 0.5;
        int iteration = 0;
        double[] matchChance = new double[vectors.size()];
        while (iteration++ < MAX_ITERATIONS) {
            for (int i = 0; i < vectors.size(); i++) {
                double logMatch = Math.log(p);
                double logOther = Math.log(1 - p);
                for (Map.Entry<String, String> field : vectors.get(i).entrySet()) {
                    logMatch += Math.log(m.get(field.getKey()).get(field.getValue()));
                    logOther += Math.log(u.get(field.getKey()).get(field.getValue()));
                }
                matchChance[i] = 1 / (1 + Math.exp(logOther - logMatch));
            }
            double total = 0;
            double matches = 0;
            for (int i = 0; i < vectors.size(); i++) {
                total += counts[i];
                matches += counts[i] * matchChance[i];
            }
            double nextP = Math.min(Math.max(matches / total, SMOOTHING), 1 - SMOOTHING);
            Map<String, Map<String, Double>> nextM = proportions(vectors, counts, matchChance, levels, true);
            double change = Math.abs(nextP - p) + difference(m, nextM);
            p = nextP;
            m = nextM;
            if (change < CONVERGED) {
                break;
            }
        }
        return new Estimate(p, m, u, records, candidates.size(), iteration);
    }

    /** Identical vectors counted once, missing fields left out: thousands of pairs are a few hundred patterns. */
    private static Map<Map<String, String>, Long> patterns(List<Map<String, String>> pairs) {
        Map<Map<String, String>, Long> patterns = new HashMap<>();
        for (Map<String, String> pair : pairs) {
            Map<String, String> informative = new TreeMap<>(pair);
            informative.values().removeIf(MISSING::equals);
            patterns.merge(informative, 1L, Long::sum);
        }
        return patterns;
    }

    /** The start: a matching pair mostly agrees (the strongest level 0.7, the rest shared by strength). */
    private static Map<String, Map<String, Double>> start(Map<String, Set<String>> levels) {
        Map<String, Map<String, Double>> chances = new TreeMap<>();
        levels.forEach((field, seen) -> {
            List<String> ordered = new ArrayList<>(seen);
            ordered.sort((a, b) -> Integer.compare(rank(a), rank(b)));
            Map<String, Double> byLevel = new TreeMap<>();
            double left = 1;
            for (int i = 0; i < ordered.size(); i++) {
                double share = i == ordered.size() - 1 ? left : left * 0.7;
                byLevel.put(ordered.get(i), share);
                left -= share;
            }
            chances.put(field, byLevel);
        });
        return chances;
    }

    private static int rank(String level) {
        int at = STRENGTH.indexOf(level);
        return at < 0 ? STRENGTH.size() : at;
    }

    /** Each level's share, weighted by the chance of a match (for m) or of none (for u), smoothed. */
    private static Map<String, Map<String, Double>> proportions(List<Map<String, String>> vectors, double[] counts,
                                                                double[] matchChance, Map<String, Set<String>> levels,
                                                                boolean matching) {
        Map<String, Map<String, Double>> chances = new TreeMap<>();
        levels.forEach((field, seen) -> {
            Map<String, Double> byLevel = new TreeMap<>();
            seen.forEach(level -> byLevel.put(level, PSEUDO_COUNT));
            chances.put(field, byLevel);
        });
        for (int i = 0; i < vectors.size(); i++) {
            double share = counts[i] * (matching ? matchChance[i] : 1 - matchChance[i]);
            vectors.get(i).forEach((field, level) -> chances.get(field).merge(level, share, Double::sum));
        }
        chances.values().forEach(byLevel -> {
            double sum = byLevel.values().stream().mapToDouble(Double::doubleValue).sum();
            byLevel.replaceAll((level, value) -> value / sum);
        });
        return chances;
    }

    private static double difference(Map<String, Map<String, Double>> a, Map<String, Map<String, Double>> b) {
        double sum = 0;
        for (Map.Entry<String, Map<String, Double>> field : a.entrySet()) {
            for (Map.Entry<String, Double> level : field.getValue().entrySet()) {
                sum += Math.abs(level.getValue() - b.get(field.getKey()).get(level.getKey()));
            }
        }
        return sum;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
