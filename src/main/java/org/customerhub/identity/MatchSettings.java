package org.customerhub.identity;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Additive Fellegi–Sunter weights per field and agreement level, and the two decision thresholds.
 * Properties keys are {@code identity.weight.<field>.<level>}, {@code identity.address.min-street-similarity},
 * {@code identity.threshold.match} and {@code identity.threshold.possible}; missing keys take the defaults.
 * Unknown keys under these prefixes are rejected so that a misspelt key cannot silently fall back to a default;
 * other keys are left to whoever else reads the same properties.
 */
public record MatchSettings(
        double givenAgree, double givenTypo, double givenTypoAtHome, double givenPhonetic, double givenInitial,
        double givenDisagree,
        double familyAgree, double familyTypo, double familyPhonetic, double familyPartial, double familyDisagree,
        double phoneAgree, double phoneDisagree,
        double addressAgree, double addressTypo, double addressOtherNumber, double addressPartial, double addressDisagree,
        double emailAgree, double emailDisagree,
        double minStreetSimilarity,
        double matchThreshold, double possibleThreshold) {

    private static final String PREFIX = "identity.";
    private static final List<String> OWNED_PREFIXES = List.of(PREFIX + "weight.", PREFIX + "threshold.", PREFIX + "address.");

    public MatchSettings {
        if (possibleThreshold > matchThreshold) {
            throw new IllegalArgumentException("possible threshold " + possibleThreshold
                    + " is above the match threshold " + matchThreshold);
        }
        if (minStreetSimilarity <= 0 || minStreetSimilarity > 1) {
            throw new IllegalArgumentException("minimum street similarity must be in (0, 1]: " + minStreetSimilarity);
        }
    }

    /**
     * Given and surname agreement weigh 3 each, a shared phone or building 4: a full name plus one contact field
     * (10) clears the match threshold of 9 with room for one small disagreement (-0.5 each for phone and address,
     * small because people keep several phones and move). A surname typo (2.5) still reaches 9.5. A different
     * surname costs -2.5, so the same given name with phone and address but a new surname scores 8.5: POSSIBLE,
     * a married name not yet known. Name agreement alone (6) sits at the possible threshold but is capped by the
     * name-only guard; with a partly similar address (1.5) it is 7.5: POSSIBLE. An equal e-mail (3) adds weight
     * but never decides alone; a differing e-mail weighs nothing (private versus work addresses). A given-name slip
     * weighs 1.5 (8.5 with surname and phone: POSSIBLE), but 2.5 under the same surname at the same building (9.5),
     * where a household member would have another name, not a slip of this one. The same street and building line
     * with another or no house number weighs as the building with slips (3.5): it matches with the full name (9.5)
     * or a surname slip (9), and is POSSIBLE with a given-name slip (8), which may be a neighbour's child. Names
     * alike but more than one slip apart weigh less than a slip (given 1.0, surname 1.5); a given name only alike
     * is capped at POSSIBLE.
     */
    public static MatchSettings defaults() {
        return new MatchSettings(
                3.0, 1.5, 2.5, 1.0, 0.5, -3.0,
                3.0, 2.5, 1.5, 2.0, -2.5,
                4.0, -0.5,
                4.0, 3.5, 3.5, 1.5, -0.5,
                3.0, 0.0,
                0.85,
                9.0, 6.0);
    }

    public static MatchSettings from(Properties properties) {
        KeyReader keys = new KeyReader(properties);
        MatchSettings d = defaults();
        MatchSettings settings = new MatchSettings(
                keys.weight("given.agree", d.givenAgree),
                keys.weight("given.typo", d.givenTypo),
                keys.weight("given.typo-at-home", d.givenTypoAtHome),
                keys.weight("given.phonetic", d.givenPhonetic),
                keys.weight("given.initial", d.givenInitial),
                keys.weight("given.disagree", d.givenDisagree),
                keys.weight("family.agree", d.familyAgree),
                keys.weight("family.typo", d.familyTypo),
                keys.weight("family.phonetic", d.familyPhonetic),
                keys.weight("family.partial", d.familyPartial),
                keys.weight("family.disagree", d.familyDisagree),
                keys.weight("phone.agree", d.phoneAgree),
                keys.weight("phone.disagree", d.phoneDisagree),
                keys.weight("address.agree", d.addressAgree),
                keys.weight("address.typo", d.addressTypo),
                keys.weight("address.other-number", d.addressOtherNumber),
                keys.weight("address.partial", d.addressPartial),
                keys.weight("address.disagree", d.addressDisagree),
                keys.weight("email.agree", d.emailAgree),
                keys.weight("email.disagree", d.emailDisagree),
                keys.number(PREFIX + "address.min-street-similarity", d.minStreetSimilarity),
                keys.number(PREFIX + "threshold.match", d.matchThreshold),
                keys.number(PREFIX + "threshold.possible", d.possibleThreshold));
        keys.rejectUnknown();
        return settings;
    }

    public static MatchSettings load(Path file) throws IOException {
        return from(read(file));
    }

    /**
     * The hand-set settings of the matching file with the learned weights and thresholds of the weights file on top
     * (see WeightEstimator); a level the weights file leaves out keeps its hand-set weight. No weights file: the
     * hand-set settings.
     */
    public static MatchSettings load(Path matching, Path learned) throws IOException {
        Properties properties = read(matching);
        if (learned != null && Files.isRegularFile(learned)) {
            properties.putAll(read(learned));
        }
        return from(properties);
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    double givenWeight(Agreement agreement) {
        return switch (agreement) {
            case AGREE -> givenAgree;
            case TYPO -> givenTypo;
            case PHONETIC -> givenPhonetic;
            case INITIAL -> givenInitial;
            case DISAGREE -> givenDisagree;
            default -> 0;
        };
    }

    double familyWeight(Agreement agreement) {
        return switch (agreement) {
            case AGREE -> familyAgree;
            case TYPO -> familyTypo;
            case PHONETIC -> familyPhonetic;
            case PARTIAL -> familyPartial;
            case DISAGREE -> familyDisagree;
            default -> 0;
        };
    }

    double phoneWeight(Agreement agreement) {
        return switch (agreement) {
            case AGREE -> phoneAgree;
            case DISAGREE -> phoneDisagree;
            default -> 0;
        };
    }

    double addressWeight(Agreement agreement) {
        return switch (agreement) {
            case AGREE -> addressAgree;
            case TYPO -> addressTypo;
            case OTHER_NUMBER -> addressOtherNumber;
            case PARTIAL -> addressPartial;
            case DISAGREE -> addressDisagree;
            default -> 0;
        };
    }

    double emailWeight(Agreement agreement) {
        return switch (agreement) {
            case AGREE -> emailAgree;
            case DISAGREE -> emailDisagree;
            default -> 0;
        };
    }

    MatchDecision decide(double score) {
        if (score >= matchThreshold) {
            return MatchDecision.MATCH;
        }
        return score >= possibleThreshold ? MatchDecision.POSSIBLE : MatchDecision.NO_MATCH;
    }

    /** Reads numbers and remembers which keys it was asked for, to spot unknown ones afterwards. */
    private static final class KeyReader {
        private final Properties properties;
        private final Set<String> known = new HashSet<>();

        KeyReader(Properties properties) {
            this.properties = properties;
        }

        double weight(String fieldAndLevel, double fallback) {
            return number(PREFIX + "weight." + fieldAndLevel, fallback);
        }

        double number(String key, double fallback) {
            known.add(key);
            String value = properties.getProperty(key);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            double number;
            try {
                number = Double.parseDouble(value.strip());
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException(key + " is not a number: '" + value + "'", notANumber);
            }
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException(key + " is not a finite number: '" + value + "'");
            }
            return number;
        }

        void rejectUnknown() {
            List<String> unknown = properties.stringPropertyNames().stream()
                    .filter(key -> OWNED_PREFIXES.stream().anyMatch(key::startsWith) && !known.contains(key))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown identity settings: " + unknown);
            }
        }
    }
}
