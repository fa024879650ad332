package org.customerhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/** With the shipped demo credentials the hub starts only on loopback. */
class DemoCredentialsTest {

    @Test
    void aHubWithDemoCredentialsRefusesToListenBeyondLoopback() {
        Properties settings = new Properties();
        settings.setProperty("camel.server.host", "0.0.0.0");
        assertThatThrownBy(() -> TestHub.isolated(settings)).hasStackTraceContaining("demo credentials are in place")
                .hasStackTraceContaining("user admin").hasStackTraceContaining("partner prominate");
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
