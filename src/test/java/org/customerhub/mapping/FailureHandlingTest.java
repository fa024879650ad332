package org.customerhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.jms.Message;

import org.customerhub.HubClient;
import org.customerhub.TestHub;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failures that are not a schema's business, on a hub of its own: a mapping that cannot handle a message
 * (MAPPING_FAILED), and a database that goes away, which is retried with back-off and either recovers or ends as
 * PROCESSING_FAILED. The database is a real H2 server over TCP that the test stops and starts.
 */
class FailureHandlingTest {
    private static final String ORDER = HubClient.resource("catalogue/order-mail-okafor.xml");
    private static Path folder;
    private static Server database;
    private static int databasePort;
    private static TestHub hub;
    private static HubClient client;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createDirectories(Path.of("target", "failure-hub", UUID.randomUUID().toString()));
        Path mappings = Files.createDirectories(folder.resolve("mappings"));
        try (Stream<Path> files = Files.list(Path.of("config/mappings"))) {
            for (Path file : files.toList()) {
                Files.copy(file, mappings.resolve(file.getFileName()));
            }
        }
        // a mapping change an admin got wrong: it refuses mail orders, and emits a record the canonical schema rejects
        // for fax orders
        Path catalogue = mappings.resolve("catalogue-to-canonical.xsl");
        Files.writeString(catalogue, Files.readString(catalogue)
                .replace("<xsl:template match=\"/CATALOGUE_ORDER\">", """
                        <xsl:template match="/CATALOGUE_ORDER[HDR/ORDER_SRC = 'MAIL']" priority="2">
                          <xsl:message terminate="yes">mail orders are not mapped</xsl:message>
                        </xsl:template>
                        <xsl:template match="/CATALOGUE_ORDER[HDR/ORDER_SRC = 'FAX']" priority="2">
                          <channelRecord channel="fax" documentType="x" documentId="x" effectiveAt="not a time"/>
                        </xsl:template>
                        <xsl:template match="/CATALOGUE_ORDER">"""));
        database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", folder.toAbsolutePath().toString()).start();
        databasePort = database.getPort();
        Properties settings = new Properties();
        settings.setProperty("hub.mappings-dir", mappings.toString());
        settings.setProperty("hub.db.url", "jdbc:h2:tcp://127.0.0.1:" + databasePort + "/store");
        settings.setProperty("hub.db.connection-timeout", "500");
        settings.setProperty("hub.ingest.max-redeliveries", "4");
        settings.setProperty("hub.ingest.redelivery-delay", "200");
        settings.setProperty("hub.ingest.max-redelivery-delay", "1000");
        hub = TestHub.isolated(settings);
        client = hub.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        hub.stop();
        database.stop();
    }

    @Test
    void aMappingThatFailsDeadLettersTheMessageAsMappingFailed() throws Exception {
        assertThat(reject(ORDER).getStringProperty("HubErrorCode")).isEqualTo("MAPPING_FAILED");
        String fax = ORDER.replace("<ORDER_SRC>MAIL</ORDER_SRC>", "<ORDER_SRC>FAX</ORDER_SRC>").replace("ML00", "FX00");
        assertThat(reject(fax).getStringProperty("HubErrorCode")).isEqualTo("MAPPING_FAILED");
    }

    @Test
    void aDatabaseOutageIsRetriedAndTheMessageGoesThroughWhenItReturns() throws Exception {
        String phone = ORDER.replace("<ORDER_SRC>MAIL</ORDER_SRC>", "<ORDER_SRC>PHONE</ORDER_SRC>").replace("ML00318455", "PH00318456");
        database.stop();
        try {
            client.sendText("hub.in.catalogue", phone, Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.context().getInflightRepository().size("ingest-catalogue") == 1);
            assertThat(client.get("/health", "application/json").statusCode()).isEqualTo(503);
        } finally {
            database = Server.createTcpServer("-tcpPort", String.valueOf(databasePort), "-ifNotExists", "-baseDir",
                    folder.toAbsolutePath().toString()).start();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> client.find("order", "catalogue:PH00318456").size() == 1);
        assertThat(client.receive("hub.dlq.catalogue", "HubErrorCode = 'PROCESSING_FAILED'", Duration.ofMillis(200))).isNull();
    }

    @Test
    void aDatabaseThatStaysDownEndsAsProcessingFailedAfterTheRetries() throws Exception {
        String phone = ORDER.replace("<ORDER_SRC>MAIL</ORDER_SRC>", "<ORDER_SRC>PHONE</ORDER_SRC>").replace("ML00318455", "PH00318457");
        database.stop();
        try {
            Message dead = reject(phone);
            assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("PROCESSING_FAILED");
            assertThat(dead.getStringProperty("HubSourceQueue")).isEqualTo("hub.in.catalogue");
        } finally {
            database = Server.createTcpServer("-tcpPort", String.valueOf(databasePort), "-ifNotExists", "-baseDir",
                    folder.toAbsolutePath().toString()).start();
        }
    }

    private static Message reject(String body) throws Exception {
        String testCase = UUID.randomUUID().toString();
        client.sendText("hub.in.catalogue", body, Map.of("TestCase", testCase));
        Message dead = client.receive("hub.dlq.catalogue", "TestCase = '" + testCase + "'", Duration.ofSeconds(30));
        assertThat(dead).as("dead letter").isNotNull();
        return dead;
    }
}
