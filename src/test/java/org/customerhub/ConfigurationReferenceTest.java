package org.customerhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference and config/application.properties name the same settings: a setting added,
 * renamed or dropped in one and not the other fails here, so the reference cannot drift from what the hub reads.
 */
class ConfigurationReferenceTest {
    private static final Pattern NAME = Pattern.compile("`([a-z][a-z0-9.-]*|\\.[a-z0-9.-]+)`");

    /** The settings of the README's table under "## Configuration": `a.b.c` / `.d` names a.b.c and a.b.d. */
    private static Set<String> documented() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("\n## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Set<String> names = new TreeSet<>();
        for (String line : section.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String cell = line.substring(1, line.indexOf('|', 1));
            String base = "";
            for (String part : cell.split(" / ")) {
                Matcher name = NAME.matcher(part.trim());
                if (!name.matches()) {
                    continue;
                }
                String full = name.group(1).startsWith(".") ? base + name.group(1).substring(1) : name.group(1);
                base = full.substring(0, full.lastIndexOf('.') + 1);
                names.add(full);
            }
        }
        return names;
    }

    private static Set<String> configured() throws IOException {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            settings.load(reader);
        }
        return new TreeSet<>(settings.stringPropertyNames());
    }

    @Test
    void everySettingIsInTheReadmeAndTheReadmeNamesNoOther() throws IOException {
        Set<String> documented = documented();
        Set<String> configured = configured();
        List<String> undocumented = new ArrayList<>(configured);
        undocumented.removeAll(documented);
        List<String> unknown = new ArrayList<>(documented);
        unknown.removeAll(configured);
        assertThat(undocumented).as("settings of application.properties missing from the README's reference").isEmpty();
        assertThat(unknown).as("settings the README names that application.properties does not have").isEmpty();
    }
}
