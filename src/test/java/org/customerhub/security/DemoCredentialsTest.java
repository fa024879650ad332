package org.customerhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;

import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/** With the shipped demo credentials the hub starts only on loopback. */
class DemoCredentialsTest {

    @Test
    void aHubWithDemoCredentialsRefusesToListenBeyondLoopback() {
        Properties settings = new Properties();
        settings.setProperty("camel.server.host", "0.0.0.0");
        assertThatThrownBy(() -> TestHub.isolated(settings)).hasStackTraceContaining("demo credentials are in place")
                .hasStackTraceContaining("user admin").hasStackTraceContaining("partner prominate")
                .hasStackTraceContaining("broker user web").hasStackTraceContaining("broker user hub");
    }

    /** Real people's passwords and partner secrets are not enough while a broker user still has its demo password. */
    @Test
    void aDemoBrokerUserAloneKeepsTheBrokerOnLoopback() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "demo-credentials", UUID.randomUUID().toString()));
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "user.admin.password = " + HashedSecret.hash("long-and-real-7f3a") + "\nuser.admin.roles = admin\n");
        Path partners = dir.resolve("partners.properties");
        Files.writeString(partners, Files.readString(Path.of("config/partners.properties"))
                .replaceAll("(?m)^(partner\\.prominate\\.secret = ).*$", "$1" + Matcher.quoteReplacement(HashedSecret.hash("real-partner-secret-9c1e"))));
        Path brokerUsers = dir.resolve("broker-users.properties");
        Files.writeString(brokerUsers, "user.hub.password = " + HashedSecret.hash("real-hub-secret-2b7d") + "\nuser.hub.roles = hub\n"
                + "user.retail.password = " + HashedSecret.hash("retail") + "\nuser.retail.roles = retail, query\n");
        Properties settings = new Properties();
        settings.setProperty("hub.users", users.toString());
        settings.setProperty("hub.cxml.partners", partners.toString());
        settings.setProperty("hub.broker.users", brokerUsers.toString());
        settings.setProperty("hub.broker.bind", "0.0.0.0:0");
        assertThatThrownBy(() -> TestHub.isolated(settings)).hasStackTraceContaining("demo credentials are in place (broker user retail)");
    }

    @Test
    void theHubsOwnBrokerPasswordMustMatchItsStoredHash() {
        Properties settings = new Properties();
        settings.setProperty("hub.broker.password", "not-the-stored-one");
        assertThatThrownBy(() -> TestHub.isolated(settings)).hasStackTraceContaining("hub.broker.password do not match");
    }

    @Test
    void realCredentialsAreNoDemoOnes() throws Exception {
        Map<String, HashedSecret> stored = Map.of("user admin", HashedSecret.parse(HashedSecret.hash("long-and-real-7f3a")));
        assertThat(DemoCredentials.inPlace(stored, Map.of("user admin", "admin"))).isEmpty();
        DemoCredentials.refuseOffLoopback(List.of("0.0.0.0"), List.of());
        assertThatThrownBy(() -> DemoCredentials.refuseOffLoopback(List.of("127.0.0.1", "0.0.0.0"), List.of("user admin")))
                .hasMessageContaining("0.0.0.0");
    }
}
