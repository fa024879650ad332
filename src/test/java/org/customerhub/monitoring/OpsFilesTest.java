package org.customerhub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.procurement.CxmlDocuments;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus alert rules pass promtool (Debian's prometheus package; .ci/run installs it), and every
 * metric the rules and the Grafana dashboard name is one a live hub's /metrics exports.
 */
class OpsFilesTest {
    private static final Path RULES = Path.of("ops/prometheus/customer-hub-alerts.yml");
    private static final Path DASHBOARD = Path.of("ops/grafana/customer-hub-dashboard.json");
    /** Series Prometheus makes itself for every scrape target. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+");
    private static final Pattern RULE_EXPR = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        String promtool = findOnPath("promtool");
        Process check = new ProcessBuilder(promtool, "check", "rules", RULES.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void theRulesAndTheDashboardNameOnlyMetricsTheHubExports() throws Exception {
        List<String> expressions = new java.util.ArrayList<>();
        Matcher rule = RULE_EXPR.matcher(Files.readString(RULES));
        while (rule.find()) {
            expressions.add(rule.group(1));
        }
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText())));
        dashboard.get("templating").get("list").forEach(variable -> {
            if (variable.has("definition")) {
                expressions.add(variable.get("definition").asText().replaceAll("label_values\\(([^,]+),.*", "$1"));
            }
        });
        Set<String> named = new TreeSet<>();
        expressions.forEach(expression -> named.addAll(metricNames(expression)));
        assertThat(named).as("the dashboard and rules name hub series").contains("hub_alert_active", "hub_ingest_latency_seconds_bucket");

        Set<String> exported = exportedSeries();
        named.removeAll(SCRAPE_SERIES);
        assertThat(exported).as("series of a live /metrics").containsAll(named);
    }

    /** The metric names in a PromQL expression: identifiers outside label matchers, groupings and ranges, not functions. */
    static Set<String> metricNames(String expression) {
        String bare = RANGE.matcher(GROUPING.matcher(LABEL_MATCHERS.matcher(expression).replaceAll(" ")).replaceAll(" "))
                .replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            int end = identifier.end();
            boolean call = bare.substring(end).stripLeading().startsWith("(");
            if (!call && !PROMQL_WORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** Series names of a hub's /metrics after a message of each kind, a lookup and a cXML request. */
    private static Set<String> exportedSeries() throws Exception {
        TestHub hub = TestHub.shared();
        try (HubClient client = hub.client()) {
            Ingest ingest = new Ingest(hub, client);
            ingest.send("retail", "retail/sale-customer-ibarra.xml");
            ingest.send("web", "web/invalid/event-id-upper-case.xml");
            client.request("GET", "/api/customers?card=7105821406", HubClient.AGENT_LOGIN, null, null);
            client.post("/cxml", "text/xml", CxmlDocuments.profile("ops-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
            var response = client.request("GET", "/metrics", HubClient.login("monitoring", "monitoring"), null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            Set<String> series = new TreeSet<>();
            response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .forEach(line -> series.add(line.split("[{ ]", 2)[0]));
            return series;
        }
    }

    private static String findOnPath(String command) throws IOException {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException(command + " is not installed: apt-get install prometheus (.ci/run does)");
    }
}
