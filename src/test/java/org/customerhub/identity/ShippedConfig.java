package org.customerhub.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The configuration the hub ships, read from config/identity/ under the project directory (Maven's working directory). */
final class ShippedConfig {

    static final Path NICKNAMES = Path.of("config", "identity", "nicknames.csv");
    static final Path MATCHING = Path.of("config", "identity", "matching.properties");

    private ShippedConfig() {
    }

    static Nicknames nicknames() {
        try {
            return Nicknames.load(NICKNAMES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MatchSettings settings() {
        try {
            return MatchSettings.load(MATCHING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EvidenceNormalizer normalizer() {
        return new EvidenceNormalizer(nicknames(), "US");
    }
}
