package org.customerhub.broker;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.customerhub.security.HubUsers;
import org.junit.jupiter.api.Test;

/** With hub.broker.embedded=false the hub runs no broker of its own and works through the one it is pointed at. */
class ExternalBrokerTest {

    @Test
    void hubIngestsThroughAnExternalBroker() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedBroker external = new EmbeddedBroker(Path.of("config/broker.xml"),
                Path.of("target", "external-broker", UUID.randomUUID().toString()), "127.0.0.1:" + port,
                new BrokerSecurity(HubUsers.load(Path.of("config/broker-users.properties"))), EmbeddedBroker.Tls.NONE);
        external.start();
        Properties settings = new Properties();
        settings.setProperty("hub.broker.embedded", "false");
        settings.setProperty("hub.broker.url", "tcp://127.0.0.1:" + port);
        TestHub hub = TestHub.isolated(settings);
        try (HubClient client = hub.client(port)) {
            new Ingest(hub, client).send("catalogue", "catalogue/order-fax-brennan.xml");
            client.only("order", "catalogue:FX00094127");
        } finally {
            hub.stop();
            external.stop();
        }
    }
}
