package org.customerhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * A channel system in another process and language: bash speaking STOMP over a plain TCP socket, exactly as the
 * README shows, drops a message the hub then ingests.
 */
class StompClientTest {
    /** The README's first-message command, with the broker port and file as arguments. */
    static final String STOMP_SEND = """
            exec 3<>/dev/tcp/127.0.0.1/$1
            printf 'CONNECT\\naccept-version:1.2\\nhost:127.0.0.1\\nlogin:%s\\npasscode:%s\\n\\n\\0' catalogue catalogue >&3
            printf 'SEND\\ndestination:hub.in.catalogue\\ndestination-type:ANYCAST\\ncontent-type:application/xml\\nreceipt:sent\\n\\n' >&3
            cat "$2" >&3
            printf '\\0' >&3
            grep -q -a -m1 RECEIPT <&3
            printf 'DISCONNECT\\n\\n\\0' >&3
            """;

    @Test
    void bashOverStompDropsAnOrderTheHubIngests() throws Exception {
        TestHub hub = TestHub.shared();
        Path order = Path.of("src/test/resources/messages/scenarios/merge/02-catalogue-order.xml").toAbsolutePath();
        Process bash = new ProcessBuilder("bash", "-c", STOMP_SEND, "stomp-send", String.valueOf(hub.brokerPort()), order.toString())
                .redirectErrorStream(true).start();
        assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
        try (HubClient client = hub.client()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> client.find("order", "catalogue:ML00900001").size() == 1);
        }
    }
}
