package org.customerhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.ServiceStatus;
import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP doors (REST, console, admin API, cXML, SOAP) as an attacker and a careless admin try them with a real
 * HTTP client: nothing from a request becomes a response header, every answer carries the hardening headers, the
 * console's header counts only as a real header, nothing a browser may send on another site's behalf changes
 * anything, guesses sent at once are counted at once, and refusals echo nothing.
 */
class HttpDoorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** What an attacker's link appends: each would be a response header the browser obeys, were it echoed. */
    private static final String HOSTILE_QUERY = "Set-Cookie=hub_session%3Dfixed&Refresh=0%3Burl%3Dhttps%3A%2F%2Fevil.example"
            + "&Access-Control-Allow-Origin=https%3A%2F%2Fevil.example&Access-Control-Allow-Credentials=true"
            + "&Location=https%3A%2F%2Fevil.example&Content-Type=text%2Fhtml&WWW-Authenticate=Basic&X-Echoed=1";
    private static final List<String> NEVER_ECHOED = List.of("Set-Cookie", "Refresh", "Access-Control-Allow-Origin",
            "Access-Control-Allow-Credentials", "Location", "X-Echoed", "password");
    private static final String SOAP_FIND = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
            + "<c:findCustomers xmlns:c=\"urn:customerhub:soap:customers:1\"><c:card>7100000001</c:card></c:findCustomers>"
            + "</soap:Body></soap:Envelope>";
    private static TestHub hub;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.shared();
        base = "http://127.0.0.1:" + hub.httpPort();
    }

    private static HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String consoleCookie(String user) throws Exception {
        HttpResponse<String> login = send("POST", base + "/admin/api/session", "{\"user\":\"" + user + "\",\"password\":\"" + user + "\"}",
                "Content-Type", "application/json", "X-Hub-Console", "1");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private static String routeStatus(String id) {
        return hub.context().getRouteController().getRouteStatus(id).name();
    }

    @Test
    void noQueryParameterFormFieldOrStrayRequestHeaderBecomesAResponseHeaderOnAnyDoor() throws Exception {
        String card = "?" + HOSTILE_QUERY;
        Map<String, HttpResponse<String>> answers = new java.util.LinkedHashMap<>();
        answers.put("health", send("GET", base + "/health" + card, null));
        answers.put("liveness", send("GET", base + "/health/live" + card, null));
        answers.put("REST without a login (401)", send("GET", base + "/api/customers" + card + "&q=Nobody", null));
        answers.put("REST as an agent", send("GET", base + "/api/customers" + card + "&q=Nobody", null,
                "Authorization", HubClient.AGENT_LOGIN));
        answers.put("admin API as an admin", send("GET", base + "/admin/api/routes" + card, null, "Authorization", HubClient.ADMIN_LOGIN));
        answers.put("console page", send("GET", base + "/admin/" + card, null));
        answers.put("OpenAPI", send("GET", base + "/api/openapi.yaml" + card, null));
        answers.put("cXML", send("POST", base + "/cxml" + card, "<cXML/>", "Content-Type", "text/xml"));
        answers.put("SOAP", send("POST", hub.soapBase() + "/customers" + card, SOAP_FIND, "Content-Type", "text/xml; charset=UTF-8",
                "SOAPAction", "\"\"", "Authorization", HubClient.AGENT_LOGIN));
        answers.put("console login by form", send("POST", base + "/admin/api/session",
                "user=admin&password=do-not-echo&Set-Cookie=hub_session%3Dfixed&Location=https%3A%2F%2Fevil.example",
                "Content-Type", "application/x-www-form-urlencoded", "X-Hub-Console", "1"));
        answers.put("stray request headers", send("GET", base + "/api/customers?q=Nobody", null, "Authorization", HubClient.AGENT_LOGIN,
                "Location", "https://evil.example", "Refresh", "0", "X-Echoed", "1"));
        answers.put("stray request headers on SOAP", send("POST", hub.soapBase() + "/customers", SOAP_FIND,
                "Content-Type", "text/xml; charset=UTF-8", "SOAPAction", "\"\"", "Authorization", HubClient.AGENT_LOGIN,
                "Location", "https://evil.example", "Refresh", "0", "X-Echoed", "1", "Cookie", "hub_session=fixed"));

        answers.forEach((door, answer) -> {
            HttpHeaders headers = answer.headers();
            assertThat(NEVER_ECHOED).as(door + " answered " + headers.map()).allMatch(name -> headers.firstValue(name).isEmpty());
            if (!door.equals("console page")) {
                assertThat(headers.firstValue("Content-Type").orElse("")).as(door).doesNotContain("text/html");
            }
            assertThat(headers.allValues("WWW-Authenticate")).as(door).allMatch(value -> value.contains("realm=\"customer-hub\""));
            assertThat(answer.body()).as(door).doesNotContain("do-not-echo");
            assertThat(answer.statusCode()).as(door).isLessThan(500);
            assertThat(headers.map().keySet()).as(door + ": no request credentials come back")
                    .noneMatch(name -> name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie"));
        });
        assertThat(answers.get("SOAP").statusCode()).as(answers.get("SOAP").body()).isEqualTo(200);
        assertThat(answers.get("REST as an agent").statusCode()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesTheHardeningHeaders() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                send("GET", base + "/api/customers?q=Nobody", null, "Authorization", HubClient.AGENT_LOGIN),
                send("GET", base + "/admin/api/dashboard", null, "Authorization", HubClient.ADMIN_LOGIN),
                send("GET", base + "/api/customers?q=Nobody", null),
                send("GET", base + "/no/such/path", null),
                send("POST", hub.soapBase() + "/customers", SOAP_FIND, "Content-Type", "text/xml; charset=UTF-8", "SOAPAction", "\"\"",
                        "Authorization", HubClient.AGENT_LOGIN));
        for (HttpResponse<String> answer : answers) {
            String what = answer.request().uri() + " " + answer.statusCode();
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Cache-Control")).as(what + ": personal data is never cached").hasValue("no-store");
            assertThat(answer.headers().firstValue("Content-Security-Policy").orElse("")).as(what).contains("default-src 'none'");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        }
        HttpResponse<String> console = send("GET", base + "/admin/", null);
        assertThat(console.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(console.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void theConsolesHeaderCountsOnlyAsARealRequestHeader() throws Exception {
        String cookie = consoleCookie("admin");
        String search = base + "/api/customers?q=Nobody";
        assertThat(send("GET", search, null, "Cookie", cookie, "X-Hub-Console", "1").statusCode()).isEqualTo(200);
        assertThat(send("GET", search + "&X-Hub-Console=1", null, "Cookie", cookie).statusCode())
                .as("the header as a query parameter").isEqualTo(401);
        HttpResponse<String> formStop = send("POST", base + "/admin/api/routes/feed-web/stop", "X-Hub-Console=1",
                "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(formStop.statusCode()).as("the header as a form field: " + formStop.body()).isIn(401, 403);
        assertThat(routeStatus("feed-web")).isEqualTo(ServiceStatus.Started.name());
    }

    @Test
    void nothingABrowserMaySendForAnotherSiteChangesAnything() throws Exception {
        String stop = base + "/admin/api/routes/no-such-route/stop";
        // an allowed call reaches the route control, which knows no such route: 404; a refused one never gets there
        assertThat(send("POST", stop, null, "Authorization", HubClient.ADMIN_LOGIN, "Content-Type", "application/json").statusCode())
                .isEqualTo(404);
        assertThat(send("POST", stop, null, "Authorization", HubClient.ADMIN_LOGIN, "X-Hub-Console", "1").statusCode()).isEqualTo(404);
        assertThat(send("POST", stop, null, "Authorization", HubClient.ADMIN_LOGIN, "Content-Type", "application/json",
                "Origin", base, "Sec-Fetch-Site", "same-origin").statusCode()).as("the console's own origin").isEqualTo(404);

        Map<String, String[]> crossSite = Map.of(
                "a form", new String[] {"Content-Type", "application/x-www-form-urlencoded"},
                "a multipart form", new String[] {"Content-Type", "multipart/form-data; boundary=x"},
                "a text/plain form", new String[] {"Content-Type", "text/plain"},
                "a simple request without a body type", new String[] {},
                "another origin", new String[] {"Content-Type", "application/json", "Origin", "https://evil.example"},
                "another origin of the same site", new String[] {"Content-Type", "application/json", "Origin", "http://127.0.0.1:1"},
                "Sec-Fetch-Site cross-site", new String[] {"Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"},
                "Sec-Fetch-Site same-site", new String[] {"Content-Type", "application/json", "Sec-Fetch-Site", "same-site"});
        crossSite.forEach((what, extra) -> {
            List<String> headers = new ArrayList<>(List.of("Authorization", HubClient.ADMIN_LOGIN));
            headers.addAll(List.of(extra));
            HttpResponse<String> answer = call(() -> send("POST", stop, "x=1", headers.toArray(String[]::new)));
            assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(403);
            assertThat(answer.body()).as(what).contains("CROSS_SITE");
        });

        String cookie = consoleCookie("agent");
        assertThat(send("GET", base + "/api/customers?q=Nobody", null, "Cookie", cookie, "X-Hub-Console", "1",
                "Sec-Fetch-Site", "same-site").statusCode()).as("a cookie read from another origin of the site").isEqualTo(403);
        assertThat(send("POST", hub.soapBase() + "/customers", SOAP_FIND, "Content-Type", "text/plain", "Authorization",
                HubClient.AGENT_LOGIN).statusCode()).as("SOAP from a text/plain form").isEqualTo(403);
        assertThat(send("POST", hub.soapBase() + "/customers", SOAP_FIND, "Content-Type", "text/xml", "SOAPAction", "\"\"",
                "Authorization", HubClient.AGENT_LOGIN, "Origin", "https://evil.example").statusCode()).as("SOAP from another origin")
                .isEqualTo(403);
    }

    @Test
    void browsersAreNeverAskedForBasicCredentials() throws Exception {
        Function<HttpResponse<String>, String> challenge = answer -> answer.headers().firstValue("WWW-Authenticate").orElse("");
        assertThat(challenge.apply(send("GET", base + "/api/customers?q=Nobody", null))).as("an API client").startsWith("Basic ");
        assertThat(challenge.apply(send("GET", base + "/api/customers?q=Nobody", null, "Sec-Fetch-Mode", "navigate")))
                .as("a browser's navigation").doesNotStartWith("Basic");
        assertThat(challenge.apply(send("GET", base + "/admin/api/dashboard", null, "X-Hub-Console", "1")))
                .as("the console").doesNotStartWith("Basic");
        assertThat(challenge.apply(send("POST", hub.soapBase() + "/customers", SOAP_FIND, "Content-Type", "text/xml",
                "SOAPAction", "\"\"", "Sec-Fetch-Mode", "cors"))).as("a browser's SOAP call").doesNotStartWith("Basic");
    }

    @Test
    void guessesSentAtOnceAreCountedAtOnceOnEveryDoor() throws Exception {
        int guesses = 40;
        int limit = 5;
        Map<String, Function<Integer, HttpRequest>> doors = Map.of(
                "Basic", attempt -> HttpRequest.newBuilder(URI.create(base + "/api/customers?q=Nobody"))
                        .header("Authorization", HubClient.login(doorName("basic"), "guess-" + attempt)).build(),
                "console", attempt -> HttpRequest.newBuilder(URI.create(base + "/admin/api/session"))
                        .header("Content-Type", "application/json").header("X-Hub-Console", "1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + doorName("console") + "\",\"password\":\"guess-" + attempt + "\"}"))
                        .build(),
                "SOAP", attempt -> HttpRequest.newBuilder(URI.create(hub.soapBase() + "/customers"))
                        .header("Content-Type", "text/xml").header("SOAPAction", "\"\"")
                        .header("Authorization", HubClient.login(doorName("soap"), "guess-" + attempt))
                        .POST(HttpRequest.BodyPublishers.ofString(SOAP_FIND)).build());
        for (Map.Entry<String, Function<Integer, HttpRequest>> door : doors.entrySet()) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int attempt = 0; attempt < guesses; attempt++) {
                sent.add(HTTP.sendAsync(door.getValue().apply(attempt), HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = sent.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
            assertThat(statuses.stream().filter(status -> status == 401).count()).as(door.getKey() + ": passwords checked " + statuses)
                    .isLessThanOrEqualTo(limit);
            assertThat(statuses).as(door.getKey()).allMatch(status -> status == 401 || status == 429);
        }
    }

    private final String names = UUID.randomUUID().toString().substring(0, 8);

    private String doorName(String door) {
        return "guesser-" + door + "-" + names;
    }

    @Test
    void refusalsEchoNothingOfTheRequestAndAlwaysSayWhy() throws Exception {
        String erase = base + "/admin/api/customers/" + UUID.randomUUID() + "/erase";
        String body = "{\"note\":\"do-not-echo-this\"}";
        for (String[] caller : List.of(new String[] {"Authorization", HubClient.AGENT_LOGIN},
                new String[] {"Authorization", HubClient.login("agent", "wrong-" + names)}, new String[] {"X-Nobody", "1"})) {
            HttpResponse<String> refused = send("POST", erase, body, caller[0], caller[1], "Content-Type", "application/json");
            assertThat(refused.statusCode()).as(caller[1]).isIn(401, 403);
            assertThat(refused.body()).as(caller[1]).doesNotContain("do-not-echo-this").doesNotContain("Basic ");
            JsonNode reason = JSON.readTree(refused.body());
            assertThat(reason.get("error").asText()).as(refused.body()).isNotBlank();
            assertThat(reason.get("detail").asText()).isNotBlank();
            assertThat(refused.headers().map().keySet()).as("no request header comes back")
                    .noneMatch(name -> name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("note"));
            assertThat(refused.headers().map().values().toString()).doesNotContain("Basic YWdlbnQ");
        }
        for (String field : List.of("a%20b=1", "%C3%A4=1", "a%01b=1", "%3A=1")) {
            HttpResponse<String> answer = send("POST", base + "/api/customers/anyone/corrections", field,
                    "Content-Type", "application/x-www-form-urlencoded", "X-Hub-Console", "1");
            assertThat(answer.statusCode()).as("form field " + field + ": " + answer.body()).isEqualTo(401);
        }
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static HttpResponse<String> call(Call call) {
        try {
            return call.send();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
