package org.customerhub.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Equivalence classes of given names (Bob, Rob, Robert). File format: one class per line, comma-separated,
 * lower case (folded like names, so accents are harmless), the first name is the canonical one; blank lines and lines starting with {@code #} are ignored.
 * A name may belong to one class only: the file is rejected otherwise, because a silent choice would make
 * matching depend on line order.
 */
public final class Nicknames {

    private final Map<String, String> canonicalByName;
    private final int classCount;

    private Nicknames(Map<String, String> canonicalByName, int classCount) {
        this.canonicalByName = Map.copyOf(canonicalByName);
        this.classCount = classCount;
    }

    public static Nicknames parse(Reader csv) throws IOException {
        Map<String, String> canonicalByName = new HashMap<>();
        int classCount = 0;
        BufferedReader lines = new BufferedReader(csv);
        String line;
        int lineNumber = 0;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String canonical = null;
            for (String cell : content.split(",")) {
                String name = String.join(" ", TextFolding.words(TextFolding.fold(cell)));
                if (name.isEmpty()) {
                    continue;
                }
                if (canonical == null) {
                    canonical = name;
                }
                String previous = canonicalByName.putIfAbsent(name, canonical);
                if (previous != null && !previous.equals(canonical)) {
                    throw new IllegalArgumentException("nicknames line " + lineNumber + ": '" + name
                            + "' is already in the class of '" + previous + "'");
                }
            }
            if (canonical != null) {
                classCount++;
            }
        }
        return new Nicknames(canonicalByName, classCount);
    }

    public static Nicknames load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        }
    }

    /** The representative of the name's class, or the input itself when the name is in no class. */
    public String canonical(String foldedGivenName) {
        return canonicalByName.getOrDefault(foldedGivenName, foldedGivenName);
    }

    /** Whether the name appears in some class: two different known names are distinct names, never a typo of each other. */
    public boolean isKnown(String foldedGivenName) {
        return canonicalByName.containsKey(foldedGivenName);
    }

    public int classCount() {
        return classCount;
    }
}
