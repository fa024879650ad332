package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Expectation maximisation on comparison vectors drawn from known m and u probabilities: the estimate must find them
 * again, without being told which pairs match.
 */
class WeightEstimatorTest {
    /** m: how a field of a matching pair compares; u: of a pair that does not match. */
    private static final Map<String, double[]> M = Map.of("given", new double[] {0.85, 0.10, 0.05},
            "family", new double[] {0.80, 0.15, 0.05}, "address", new double[] {0.70, 0.20, 0.10});
    private static final Map<String, double[]> U = Map.of("given", new double[] {0.02, 0.01, 0.97},
            "family", new double[] {0.05, 0.02, 0.93}, "address", new double[] {0.01, 0.04, 0.95});
    private static final String[] LEVELS = {"agree", "typo", "disagree"};

    @Test
    void findsTheMAndUTheCandidatePairsWereDrawnFrom() {
        Random random = new Random(7);
        // a third of the candidate pairs match
        WeightEstimator.Estimate estimate = WeightEstimator.estimate(pairs(20_000, 3, random), pairs(50_000, 0, random), 1000);

        assertThat(estimate.matchShare()).isCloseTo(1.0 / 3, within(0.02));
        for (String field : M.keySet()) {
            for (int level = 0; level < LEVELS.length; level++) {
                assertThat(estimate.m().get(field).get(LEVELS[level])).as("m %s %s", field, LEVELS[level])
                        .isCloseTo(M.get(field)[level], within(0.02));
                assertThat(estimate.u().get(field).get(LEVELS[level])).as("u %s %s", field, LEVELS[level])
                        .isCloseTo(U.get(field)[level], within(0.01));
            }
        }
        assertThat(estimate.weight("given", "agree")).isCloseTo(Math.log(0.85 / 0.02) / Math.log(2), within(0.2));
        assertThat(estimate.weight("address", "disagree")).isNegative();
    }

    @Test
    void aStoreWhoseCandidatesAllMatchStillNeedsEvidenceToMerge() {
        Random random = new Random(5);
        WeightEstimator.Estimate estimate = WeightEstimator.estimate(pairs(2_000, 1, random), pairs(10_000, 0, random), 300);

        assertThat(estimate.matchShare()).isGreaterThan(0.9);
        // the prior odds are taken at most even, so a merge needs the posterior's own odds in weight
        assertThat(estimate.threshold(0.999)).isCloseTo(Math.log(999) / Math.log(2), within(1e-9));
    }

    @Test
    void aMissingFieldSaysNothing() {
        Random random = new Random(11);
        List<Map<String, String>> candidates = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Map<String, String> pair = draw(i % 2 == 0 ? M : U, random);
            pair.put("phone", "missing");
            if (i % 4 == 0) {
                pair.put("given", "missing");
            }
            candidates.add(pair);
        }
        WeightEstimator.Estimate estimate = WeightEstimator.estimate(candidates, pairs(20_000, 0, random), 500);

        assertThat(estimate.m()).doesNotContainKey("phone");
        assertThat(estimate.m().get("given")).doesNotContainKey("missing");
        assertThat(estimate.m().get("given").get("agree")).isCloseTo(0.85, within(0.03));
    }

    @Test
    void theWeightsFileReadsAsMatchSettingsWithTheDataItCameFrom() throws Exception {
        Random random = new Random(3);
        WeightEstimator.Estimate estimate = WeightEstimator.estimate(pairs(3_000, 2, random), pairs(10_000, 0, random), 400);

        String file = WeightEstimator.weightsFile(estimate, MatchSettings.defaults(), 0.999, 0.5, "jdbc:h2:file:./data/db",
                Instant.parse("2026-12-05T09:00:00Z"));
        Properties properties = new Properties();
        properties.load(new StringReader(file));
        MatchSettings learned = MatchSettings.from(properties);

        assertThat(properties.getProperty("learned.estimated-on")).isEqualTo("jdbc:h2:file:./data/db");
        assertThat(properties.getProperty("learned.estimated-at")).isEqualTo("2026-12-05T09:00:00Z");
        assertThat(learned.givenAgree()).isCloseTo(estimate.weight("given", "agree"), within(0.01));
        assertThat(learned.givenTypoAtHome() - learned.givenTypo())
                .isCloseTo(MatchSettings.defaults().givenTypoAtHome() - MatchSettings.defaults().givenTypo(), within(0.02));
        assertThat(learned.matchThreshold()).isCloseTo(estimate.threshold(0.999), within(0.01));
        // a level no pair showed keeps its hand-set weight
        assertThat(learned.phoneAgree()).isEqualTo(MatchSettings.defaults().phoneAgree());
    }

    /** count pairs, every matchEvery-th one matching (0: none). */
    private static List<Map<String, String>> pairs(int count, int matchEvery, Random random) {
        List<Map<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pairs.add(draw(matchEvery > 0 && i % matchEvery == 0 ? M : U, random));
        }
        return pairs;
    }

    private static Map<String, String> draw(Map<String, double[]> chances, Random random) {
        Map<String, String> pair = new LinkedHashMap<>();
        for (String field : List.of("given", "family", "address")) {
            double roll = random.nextDouble();
            double[] p = chances.get(field);
            int level = roll < p[0] ? 0 : roll < p[0] + p[1] ? 1 : 2;
            pair.put(field, LEVELS[level]);
        }
        return pair;
    }
}
