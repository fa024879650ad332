package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel system in another process and language: bash speaking STOMP over a plain TCP socket, exactly as the
 * README shows, drops a message the hub then ingests.
 */
class StompClientTest {
    /** The README's first-message command, with the broker port and file as arguments; no RECEIPT fails the script. */
    static final String STOMP_SEND = """
            exec 3<>/dev/tcp/127.0.0.1/$1
            printf 'CONNECT\\naccept-version:1.2\\nhost:127.0.0.1\\nlogin:%s\\npasscode:%s\\n\\n\\0' catalogue catalogue >&3
            printf 'SEND\\ndestination:hub.in.catalogue\\ndestination-type:ANYCAST\\ncontent-type:application/xml\\nreceipt:sent\\n\\n' >&3
            cat "$2" >&3
            printf '\\0' >&3
            grep -q -a -m1 RECEIPT <&3 || { echo 'no RECEIPT: the broker did not take the message' >&2; exit 1; }
            printf 'DISCONNECT\\n\\n\\0' >&3
            """;

    @Test
    void bashOverStompDropsAnOrderTheHubIngests(@TempDir Path folder) throws Exception {
        TestHub hub = TestHub.shared();
        // an order and customer of this test alone: a copy of another test's order would be ignored as a resend
        Path order = folder.resolve("stomp-order.xml");
        Files.writeString(order, HubClient.resource("scenarios/merge/02-catalogue-order.xml")
                .replace("ML00900001", "ML00904401").replace("0900001", "0904401").replace("ORTIZ, SAMUEL", "QUARRIE, DELPHINE")
                .replace("3095550111", "3095550144").replace("77 OAK AVE", "12 BIRCH LN"), StandardCharsets.UTF_8);
        Process bash = new ProcessBuilder("bash", "-c", STOMP_SEND, "stomp-send", String.valueOf(hub.brokerPort()),
                order.toAbsolutePath().toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
        try (HubClient client = hub.client()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> client.find("order", "catalogue:ML00904401").size() == 1);
            assertThat(client.only("order", "catalogue:ML00904401").get("hubId"))
                    .isEqualTo(client.only("key", "catalogue:0904401").get("hubId"));
        }
    }
}
