package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.customerhub.HubClient;
import org.customerhub.Ingest;
import org.customerhub.TestHub;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failures that are not a schema's business, on a hub of its own: a mapping that cannot handle a message
 * (MAPPING_FAILED), a database that goes away, which is retried with back-off and either recovers (and the hub carries
 * on) or ends as PROCESSING_FAILED, and a poison message. The database is a real H2 server over TCP that the test stops
 * and starts.
 */
class FailureHandlingTest {
    private static final String ORDER = HubClient.resource("catalogue/order-mail-okafor.xml");
    private static final String POISON_ORDER = "PH00318999";
    private static final int MAX_REDELIVERIES = 4;
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
        // a mapping change an admin got wrong: it refuses mail orders, emits a record the canonical schema rejects
        // for fax orders, and for one phone order an order number far longer than the store keeps (a poison message)
        Path catalogue = mappings.resolve("catalogue-to-canonical.xsl");
        Files.writeString(catalogue, Files.readString(catalogue)
                .replace("<xsl:template match=\"/CATALOGUE_ORDER\">", """
                        <xsl:template match="/CATALOGUE_ORDER[HDR/ORDER_SRC = 'MAIL']" priority="2">
                          <xsl:message terminate="yes">mail orders are not mapped</xsl:message>
                        </xsl:template>
                        <xsl:template match="/CATALOGUE_ORDER[HDR/ORDER_SRC = 'FAX']" priority="2">
                          <channelRecord channel="fax" documentType="x" documentId="x" effectiveAt="not a time"/>
                        </xsl:template>
                        <xsl:template match="/CATALOGUE_ORDER[HDR/ORDER_NO = '%s']" priority="2">
                          <xsl:variable name="record"><xsl:next-match/></xsl:variable>
                          <xsl:apply-templates select="$record" mode="poison"/>
                        </xsl:template>
                        <xsl:mode name="poison" on-no-match="shallow-copy"/>
                        <xsl:template match="*:interaction/@id" mode="poison">
                          <xsl:attribute name="id" select="string-join((1 to 1000) ! string(.), '')"/>
                        </xsl:template>
                        <xsl:template match="/CATALOGUE_ORDER">""".formatted(POISON_ORDER)));
        database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", folder.toAbsolutePath().toString()).start();
        databasePort = database.getPort();
        Properties settings = new Properties();
        settings.setProperty("hub.mappings-dir", mappings.toString());
        settings.setProperty("hub.db.url", "jdbc:h2:tcp://127.0.0.1:" + databasePort + "/store");
        settings.setProperty("hub.db.connection-timeout", "500");
        settings.setProperty("hub.ingest.max-redeliveries", String.valueOf(MAX_REDELIVERIES));
        settings.setProperty("hub.ingest.redelivery-delay", "200");
        settings.setProperty("hub.ingest.max-redelivery-delay", "1000");
        // a second consumer takes the other messages while one is being retried
        settings.setProperty("hub.ingest.consumers", "2");
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
        database.stop();
        String testCase = UUID.randomUUID().toString();
        try {
            client.sendText("hub.in.catalogue", phoneOrder("PH00318456"), Map.of("TestCase", testCase));
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.context().getInflightRepository().size("ingest-catalogue") == 1);
            assertThat(client.get("/health", "application/json").statusCode()).isEqualTo(503);
        } finally {
            database = Server.createTcpServer("-tcpPort", String.valueOf(databasePort), "-ifNotExists", "-baseDir",
                    folder.toAbsolutePath().toString()).start();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> client.find("order", "catalogue:PH00318456").size() == 1);
        // and not dead-lettered too: a mapping failure sent afterwards is the first dead letter of the two
        String marker = UUID.randomUUID().toString();
        client.sendText("hub.in.catalogue", ORDER, Map.of("TestCase", marker));
        Message dead = client.receive("hub.dlq.catalogue", "TestCase IN ('" + testCase + "', '" + marker + "')", Duration.ofSeconds(30));
        assertThat(dead).as("the marker's dead letter").isNotNull();
        assertThat(dead.getStringProperty("TestCase")).as("the first dead letter").isEqualTo(marker);
        // and carries on: healthy again, the next message goes straight through
        await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/health", "application/json").statusCode() == 200);
        new Ingest(hub, client).sendText("catalogue", phoneOrder("PH00318458"), Map.of());
        assertThat(client.find("order", "catalogue:PH00318458")).hasSize(1);
    }

    @Test
    void aDatabaseThatStaysDownEndsAsProcessingFailedAfterTheRetries() throws Exception {
        database.stop();
        try {
            Message dead = reject(phoneOrder("PH00318457"));
            assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("PROCESSING_FAILED");
            assertThat(dead.getStringProperty("HubSourceQueue")).isEqualTo("hub.in.catalogue");
        } finally {
            database = Server.createTcpServer("-tcpPort", String.valueOf(databasePort), "-ifNotExists", "-baseDir",
                    folder.toAbsolutePath().toString()).start();
        }
    }

    /**
     * A message that fails every attempt, not through its own fault as far as the hub can tell (here the store cannot
     * keep what the mapping made of it): retried as configured, then parked as PROCESSING_FAILED with its original
     * body, while the other consumer takes the messages behind it.
     */
    @Test
    void aPoisonMessageIsRetriedAsConfiguredThenDeadLetteredWhileTheRestFlow() throws Exception {
        String testCase = UUID.randomUUID().toString();
        AtomicInteger redeliveries = new AtomicInteger();
        EventNotifierSupport counter = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeRedeliveryEvent redelivery
                        && testCase.equals(redelivery.getExchange().getMessage().getHeader("TestCase"))) {
                    redeliveries.incrementAndGet();
                }
            }
        };
        hub.context().getManagementStrategy().addEventNotifier(counter);
        ServiceHelper.startService(counter);
        try {
            String poison = phoneOrder(POISON_ORDER);
            client.sendText("hub.in.catalogue", poison, Map.of("TestCase", testCase));
            client.sendText("hub.in.catalogue", phoneOrder("PH00318459"), Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> client.find("order", "catalogue:PH00318459").size() == 1);
            Message dead = client.receive("hub.dlq.catalogue", "TestCase = '" + testCase + "'", Duration.ofSeconds(30));
            assertThat(dead).as("dead letter").isNotNull();
            assertThat(dead.getStringProperty("HubErrorCode")).isEqualTo("PROCESSING_FAILED");
            assertThat(((TextMessage) dead).getText()).isEqualTo(poison);
            assertThat(redeliveries.get()).as("attempts after the first").isEqualTo(MAX_REDELIVERIES);
            assertThat(client.find("order", "catalogue:" + POISON_ORDER)).isEmpty();
        } finally {
            hub.context().getManagementStrategy().removeEventNotifier(counter);
        }
    }

    private static String phoneOrder(String orderNo) {
        return ORDER.replace("<ORDER_SRC>MAIL</ORDER_SRC>", "<ORDER_SRC>PHONE</ORDER_SRC>").replace("ML00318455", orderNo);
    }

    private static Message reject(String body) throws Exception {
        String testCase = UUID.randomUUID().toString();
        client.sendText("hub.in.catalogue", body, Map.of("TestCase", testCase));
        Message dead = client.receive("hub.dlq.catalogue", "TestCase = '" + testCase + "'", Duration.ofSeconds(30));
        assertThat(dead).as("dead letter").isNotNull();
        return dead;
    }
}
