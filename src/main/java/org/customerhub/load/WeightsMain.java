package org.customerhub.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.customerhub.identity.BlockingKeys;
import org.customerhub.identity.EvidenceNormalizer;
import org.customerhub.identity.MatchScorer;
import org.customerhub.identity.MatchSettings;
import org.customerhub.identity.Nicknames;
import org.customerhub.identity.WeightEstimator;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.Database;

/**
 * {@code bin/hub weights [--max-messages N] [--match-posterior Q] [--possible-posterior Q]}: re-estimates the identity
 * match weights from the store the hub uses (Fellegi-Sunter m and u by expectation maximisation, see
 * {@link WeightEstimator}) and writes them to the file {@code hub.identity.weights} names, which the hub reads at start
 * and when the matching file changes. An H2 store is read while the hub is stopped; PostgreSQL beside a running hub.
 */
public final class WeightsMain {
    static final String USAGE = "usage: bin/hub weights [--max-messages N] [--match-posterior Q] [--possible-posterior Q]";
    private static final int DEFAULT_MAX_MESSAGES = 200_000;
    private static final double DEFAULT_MATCH_POSTERIOR = 0.999;
    private static final double DEFAULT_POSSIBLE_POSTERIOR = 0.5;

    private WeightsMain() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            estimate(new Properties(), args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("weights: " + e.getMessage());
            System.err.println(USAGE);
            status = 2;
        } catch (Exception e) {
            System.err.println("weights failed: " + e.getMessage());
            status = 3;
        }
        System.exit(status);
    }

    /** Runs the command; overrides win over the settings file and -D. Returns the file written. */
    public static Path estimate(Properties overrides, String[] args, PrintStream out) throws Exception {
        int maxMessages = DEFAULT_MAX_MESSAGES;
        double matchPosterior = DEFAULT_MATCH_POSTERIOR;
        double possiblePosterior = DEFAULT_POSSIBLE_POSTERIOR;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = rest.remove(0);
            switch (option) {
                case "--max-messages" -> maxMessages = Integer.parseInt(value);
                case "--match-posterior" -> matchPosterior = posterior(option, value);
                case "--possible-posterior" -> possiblePosterior = posterior(option, value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (possiblePosterior > matchPosterior) {
            throw new IllegalArgumentException("--possible-posterior is above --match-posterior");
        }
        LoadMain.Settings settings = new LoadMain.Settings(overrides);
        Path target = settings.path("hub.identity.weights");
        try (HikariDataSource dataSource = LoadMain.open(settings)) {
            Database.migrate(dataSource);
            EvidenceNormalizer normalizer = new EvidenceNormalizer(Nicknames.load(settings.path("hub.identity.nicknames")),
                    LoadMain.DEFAULT_PHONE_REGION);
            MatchSettings handSet = MatchSettings.load(settings.path("hub.identity.matching"));
            WeightEstimator.Estimate estimate = WeightEstimator.fromStore(new CustomerStore(dataSource),
                    new MatchScorer(handSet, normalizer), new BlockingKeys(normalizer), maxMessages);
            if (estimate.pairs() == 0) {
                throw new IllegalStateException("the store holds no two records sharing a blocking key: nothing to learn from");
            }
            String text = WeightEstimator.weightsFile(estimate, handSet, matchPosterior, possiblePosterior,
                    settings.get("hub.db.url").replaceFirst(";.*", ""), Instant.now().truncatedTo(ChronoUnit.SECONDS));
            // checked like the hub will read it, before it replaces the file in use
            MatchSettings.from(properties(settings.path("hub.identity.matching"), text));
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path written = Files.writeString(target.resolveSibling(target.getFileName() + ".new"), text, StandardCharsets.UTF_8);
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.printf("weights: %d records, %d candidate pairs, match share %.4f, %d iterations; written to %s%n",
                    estimate.records(), estimate.pairs(), estimate.matchShare(), estimate.iterations(), target);
        }
        return target;
    }

    private static Properties properties(Path matching, String learned) throws IOException {
        Properties all = new Properties();
        try (Reader reader = Files.newBufferedReader(matching, StandardCharsets.UTF_8)) {
            all.load(reader);
        }
        all.load(new StringReader(learned));
        return all;
    }

    private static double posterior(String option, String value) {
        double q = Double.parseDouble(value);
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException(option + " must be between 0 and 1: " + value);
        }
        return q;
    }
}
