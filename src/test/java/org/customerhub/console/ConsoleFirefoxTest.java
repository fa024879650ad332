package org.customerhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * The console in a real headless Firefox ESR against a hub of its own (broker, store, HTTP). Debian has no geckodriver
 * for Selenium, so src/test/firefox/console-smoke.mjs drives Firefox over WebDriver BiDi with puppeteer-core and prints
 * what it saw as one JSON line, which this test asserts on. The node modules are installed from the committed lock
 * file into target/firefox/ when missing. Screenshots go to target/screenshots/firefox-*.png.
 */
class ConsoleFirefoxTest {
    private static final Path SCRIPT_SOURCES = Path.of("src", "test", "firefox");
    private static final Path WORK = Path.of("target", "firefox");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void anAgentSeesACustomerOfFourChannelsAndAnAdminTheDashboardInFirefox() throws Exception {
        String firefox = firefox();
        prepareNodeModules();
        TestHub hub = TestHub.isolated(new Properties());
        try (HubClient client = hub.client()) {
            new Ingest(hub, client).sendNoraLindqvistInFourChannels();
            JsonNode seen = runSmokeScript(firefox, "http://127.0.0.1:" + hub.httpPort());

            assertThat(seen.path("browser").asText()).startsWith("firefox/");
            assertThat(seen.path("agentAdminTabs").asInt()).as("no admin tabs for an agent").isZero();
            List<String> results = strings(seen.path("searchResults"));
            assertThat(results).hasSize(1);
            assertThat(results.get(0)).containsIgnoringCase("Lindqvist");
            assertThat(seen.path("customerName").asText()).containsIgnoringCase("Lindqvist");
            assertThat(strings(seen.path("sourceKeys")))
                    .contains("catalogue:0058214", "retail:7105821406", "directsales:CT-207731", "web:U30772145");
            assertThat(strings(seen.path("timelineChannels"))).contains("catalogue", "retail", "directsales", "web");
            assertThat(seen.path("channelTotalRows").asInt()).isGreaterThanOrEqualTo(4);
            assertThat(seen.path("provenanceBadges").asInt()).isPositive();
            assertThat(seen.path("fitsWidth1280").asBoolean()).as("the 360 view fits 1280 px").isTrue();
            assertThat(seen.path("fitsWidthTablet").asBoolean()).as("the 360 view fits a tablet's width").isTrue();
            assertThat(strings(seen.path("dashboardChannels"))).containsExactlyInAnyOrder("catalogue", "retail", "directsales", "web");
            assertThat(seen.path("dashboardRefreshed").asBoolean()).as("the dashboard refreshed itself").isTrue();
            assertThat(strings(seen.path("screenshots"))).hasSize(3)
                    .allSatisfy(file -> assertThat(new File(file)).isFile().isNotEmpty());
        } finally {
            hub.stop();
        }
    }

    private static String firefox() {
        String firefox = System.getenv().getOrDefault("FIREFOX", "/usr/bin/firefox-esr");
        if (!new File(firefox).canExecute()) {
            throw new IllegalStateException("the console's Firefox test needs " + firefox
                    + ": apt-get install firefox-esr (or set FIREFOX)");
        }
        return firefox;
    }

    /** Copies the script's package files to target/firefox/ and runs npm ci there unless that lock is installed already. */
    private static void prepareNodeModules() throws Exception {
        Files.createDirectories(WORK);
        Path lock = SCRIPT_SOURCES.resolve("package-lock.json");
        Path installedLock = WORK.resolve("package-lock.json");
        boolean installed = Files.isDirectory(WORK.resolve("node_modules").resolve("puppeteer-core"))
                && Files.exists(installedLock) && Files.mismatch(lock, installedLock) == -1;
        if (!installed) {
            Files.copy(SCRIPT_SOURCES.resolve("package.json"), WORK.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
            Path log = WORK.resolve("npm-ci.log");
            // only what the lock file names, from npm's cache when it has it; packages run no install scripts
            int exit = run(INSTALL_TIMEOUT, log, log, Map.of(), "npm", "ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund");
            assertThat(exit).as("npm ci in %s failed:%n%s", WORK, tail(log)).isZero();
        }
        Files.copy(SCRIPT_SOURCES.resolve("console-smoke.mjs"), WORK.resolve("console-smoke.mjs"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode runSmokeScript(String firefox, String hubUrl) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path out = WORK.resolve("console-smoke.out");
        Path err = WORK.resolve("console-smoke.err");
        int exit = run(SCRIPT_TIMEOUT, out, err, Map.of("FIREFOX", firefox),
                "node", "console-smoke.mjs", hubUrl, SCREENSHOTS.toAbsolutePath().toString());
        List<String> lines = Files.readAllLines(out);
        String report = lines.stream().filter(line -> line.startsWith("{")).reduce((first, last) -> last).orElse("{}");
        JsonNode seen = new ObjectMapper().readTree(report);
        System.out.println("console-smoke.mjs: " + report);
        assertThat(exit).as("console-smoke.mjs exited %d: %s%n%s", exit, seen.path("error").asText("no report"), tail(err)).isZero();
        return seen;
    }

    /** Runs a command in target/firefox/ with these variables added to its environment; err may be out. */
    private static int run(Duration timeout, Path out, Path err, Map<String, String> environment, String... command)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectOutput(out.toFile());
        if (out.equals(err)) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(err.toFile());
        }
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("the console's Firefox test needs Node.js 18+ and npm: apt-get install nodejs npm", e);
        }
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            // the browser is the script's child: end it too
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n" + tail(err));
        }
        return process.exitValue();
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
