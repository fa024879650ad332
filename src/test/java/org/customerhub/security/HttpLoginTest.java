package org.customerhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Logins over HTTP on a hub of its own with an ERP user (role orders) besides the demo agent and admin: both SOAP
 * services need a login with the right role (the contracts stay readable), and failed Basic logins on the APIs are
 * rate-limited per user name together with the console's. The lockout runs last: it locks the admin's name.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpLoginTest {
    private static final String ERP_PASSWORD = "erp-" + UUID.randomUUID();
    private static final int MAX_FAILURES = 3;
    private static TestHub hub;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path users = Files.createDirectories(Path.of("target", "http-login", UUID.randomUUID().toString())).resolve("users.properties");
        Files.writeString(users, Files.readString(Path.of("config/users.properties"))
                + "user.erp.password = " + HashedSecret.hash(ERP_PASSWORD) + "\nuser.erp.roles = orders\n");
        Properties settings = new Properties();
        settings.setProperty("hub.users", users.toString());
        settings.setProperty("hub.login.max-failures", String.valueOf(MAX_FAILURES));
        hub = TestHub.isolated(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        hub.stop();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> soap(String service, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.soapBase() + "/" + service))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        + "<soap:Body>" + body + "</soap:Body></soap:Envelope>"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> findByCard(String authorization) throws Exception {
        return soap("customers", authorization,
                "<c:findCustomers xmlns:c=\"urn:customerhub:soap:customers:1\"><c:card>7100000001</c:card></c:findCustomers>");
    }

    private static HttpResponse<String> upsertAccount(String authorization) throws Exception {
        String account = HubClient.resource("directsales/account-update-brennan-surveying.xml").replaceFirst("<\\?xml[^>]*\\?>", "")
                .replace("DS-311870", "DS-990077").replace("CT-219604", "CT-990077");
        return soap("orders", authorization, "<o:upsertAccount xmlns:o=\"urn:customerhub:soap:orders:1\">" + account + "</o:upsertAccount>");
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(0)
    void apiAnswersSayWhyAndNeverEchoTheCredentials() throws Exception {
        String api = "http://127.0.0.1:" + hub.httpPort() + "/api/customers?key=web:U00000001";
        String wrong = basic("nobody", "guess-7Qz");
        HttpResponse<String> refused = get(api, wrong);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("UNAUTHORIZED");
        assertNoCredentialsIn(refused, wrong, "guess-7Qz");
        String agent = basic("agent", "agent");
        HttpResponse<String> forbidden = get("http://127.0.0.1:" + hub.httpPort() + "/admin/api/routes", agent);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("FORBIDDEN");
        assertNoCredentialsIn(forbidden, agent, "agent");
        String admin = basic("admin", "admin");
        HttpResponse<String> answered = get(api, admin);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertNoCredentialsIn(answered, admin, "admin");
    }

    /** Neither the Authorization header's value, its encoded part nor the password itself is in the answer. */
    private static void assertNoCredentialsIn(HttpResponse<String> answer, String authorization, String password) {
        assertThat(answer.body()).doesNotContain(authorization, authorization.substring("Basic ".length()), password);
    }

    @Test
    @Order(1)
    void customerServiceAnswersAgentsAndAdminsOnly() throws Exception {
        HttpResponse<String> anonymous = findByCard(null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"customer-hub\"");
        assertThat(anonymous.body()).contains("Fault").doesNotContain("findCustomersResponse");
        assertThat(findByCard(basic("agent", "wrong")).statusCode()).isEqualTo(401);
        assertThat(findByCard(basic("erp", ERP_PASSWORD)).statusCode()).as("the orders role").isEqualTo(403);

        for (String user : new String[] {"agent", "admin"}) {
            HttpResponse<String> answered = findByCard(basic(user, user));
            assertThat(answered.statusCode()).as(user).isEqualTo(200);
            assertThat(answered.body()).contains("findCustomersResponse");
        }
    }

    @Test
    @Order(2)
    void orderServiceAnswersTheOrdersRoleAndAdminsOnly() throws Exception {
        assertThat(upsertAccount(null).statusCode()).isEqualTo(401);
        assertThat(upsertAccount(basic("erp", "wrong")).statusCode()).isEqualTo(401);
        HttpResponse<String> agent = upsertAccount(basic("agent", "agent"));
        assertThat(agent.statusCode()).isEqualTo(403);
        assertThat(agent.body()).contains("admin or orders");

        HttpResponse<String> erp = upsertAccount(basic("erp", ERP_PASSWORD));
        assertThat(erp.statusCode()).isEqualTo(200);
        assertThat(erp.body()).contains("upsertAccountResponse", "messageId");
        assertThat(upsertAccount(basic("admin", "admin")).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void theContractsStayReadableWithoutALogin() throws Exception {
        for (String service : new String[] {"customers", "orders"}) {
            HttpResponse<String> wsdl = get(hub.soapBase() + "/" + service + "?wsdl", null);
            assertThat(wsdl.statusCode()).as(service).isEqualTo(200);
            assertThat(wsdl.body()).contains("wsdl:definitions");
        }
        assertThat(get(hub.soapBase() + "/customers?nowsdl", null).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void failedBasicLoginsLockTheUserNameOnEveryDoorForAWhile() throws Exception {
        String api = "http://127.0.0.1:" + hub.httpPort() + "/api/customers?key=web:U00000001";
        String admin = "http://127.0.0.1:" + hub.httpPort() + "/admin/api/routes";
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(get(api, basic("admin", "guess-" + i)).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = get(admin, basic("admin", "another-guess"));
        assertThat(locked.statusCode()).as("the admin API counts the same name").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(locked.body()).contains("TOO_MANY_ATTEMPTS");
        assertThat(findByCard(basic("admin", "yet-another")).statusCode()).as("SOAP too").isEqualTo(429);
        HttpResponse<String> console = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/admin/api/session"))
                .header("Content-Type", "application/json").header("X-Hub-Console", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"admin\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).as("the console's login shares the count, even with the right password").isEqualTo(429);

        assertThat(get(api, basic("agent", "agent")).statusCode()).as("another name is not locked").isEqualTo(200);
        // a client whose password was verified before the lockout is no guesser: it carries on, so nobody can
        // cut an integration off by failing logins in its name (admin/admin was verified by the tests above)
        assertThat(get(admin, basic("admin", "admin")).statusCode()).isEqualTo(200);
    }
}
