package org.customerhub.procurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customerhub.procurement.CxmlDocuments.DTD_LOWER;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.customerhub.security.HashedSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A hub with a partner registered as the README says: its own hashed secret, production only, no default contact. */
class CxmlPartnersTest {
    private static final String SECRET = "tide-table-42";
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        Path partners = Files.createTempFile(Path.of("target"), "partners", ".properties");
        Files.writeString(partners, """
                partner.harbor.domain = networkid
                partner.harbor.identity = inbound@prominate-platform.com
                partner.harbor.secret = %s
                partner.harbor.deployment-modes = production
                partner.harbor.account = DS-311870
                """.formatted(HashedSecret.hash(SECRET)), StandardCharsets.UTF_8);
        Properties settings = new Properties();
        settings.setProperty("hub.cxml.partners", partners.toString());
        hub = TestHub.isolated(settings);
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
    }

    private static HttpResponse<String> post(String document) {
        return client.post("/cxml", "text/xml", document.getBytes(StandardCharsets.UTF_8));
    }

    private static String production(String document) {
        return document.replace("deploymentMode=\"test\"", "deploymentMode=\"production\"");
    }

    @Test
    void theRegisteredSecretOpensItsDeploymentModeOnly() {
        assertThat(post(production(CxmlDocuments.profile("p-1@harbor.example").replace("coyote", SECRET))).body())
                .contains("code=\"200\"");
        assertThat(post(CxmlDocuments.profile("p-2@harbor.example").replace("coyote", SECRET)).body())
                .as("test mode").contains("code=\"403\"");
        assertThat(post(production(CxmlDocuments.profile("p-3@harbor.example"))).body())
                .as("the demo secret is not this partner's").contains("code=\"401\"");
    }

    @Test
    void anOrderFromABuyerWhoIsNoContactOfTheAccountIsNotAcceptableWithoutADefaultContact() throws Exception {
        String order = production(CxmlDocuments.order(DTD_LOWER, "o-1@harbor.example", SECRET, "PO-88001", "Nils Aune",
                "nils.aune@harbormarine.example.com"));
        assertThat(post(order).body()).contains("code=\"406\"", "DS-311870");
        assertThat(hub.count("SELECT COUNT(*) FROM raw_message WHERE channel = 'procurement'")).isZero();
        assertThat(client.find("email", "nils.aune@harbormarine.example.com")).isEmpty();
    }
}
