package org.customerhub.broker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.core.config.MetricsConfiguration;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ActiveMQ Artemis running inside the hub: addresses, policies and permissions from broker.xml, users from
 * {@link BrokerSecurity}, journal under the data folder, one acceptor for every protocol the channels speak, plain or
 * TLS. Registered as a Camel service so it stops after the routes.
 */
public final class EmbeddedBroker extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String PROTOCOLS = "CORE,AMQP,STOMP,OPENWIRE,MQTT";

    private final Path brokerXml;
    private final Path dataDir;
    private final String bindAddress;
    private final BrokerSecurity security;
    private final Tls tls;
    private EmbeddedActiveMQ server;
    private MeterRegistry meters;

    /** TLS on the acceptor: a PKCS12 key store holding the broker's key and certificate. */
    public record Tls(Path keyStore, String keyStorePassword) {
        /** Plain TCP. */
        public static final Tls NONE = new Tls(null, null);

        String acceptorParameters() {
            if (keyStore == null) {
                return "";
            }
            return ";sslEnabled=true;keyStoreType=PKCS12;keyStorePath=" + encode(keyStore.toAbsolutePath().toString())
                    + ";keyStorePassword=" + encode(keyStorePassword);
        }

        /** Artemis decodes acceptor parameters, so a path or password may hold any character. */
        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    public EmbeddedBroker(Path brokerXml, Path dataDir, String bindAddress, BrokerSecurity security, Tls tls) {
        this.brokerXml = brokerXml;
        this.dataDir = dataDir;
        this.bindAddress = bindAddress;
        this.security = security;
        this.tls = tls;
    }

    @Override
    protected void doStart() throws Exception {
        Configuration configuration = load();
        Path broker = dataDir.resolve("broker");
        configuration.setJournalDirectory(broker.resolve("journal").toString());
        configuration.setBindingsDirectory(broker.resolve("bindings").toString());
        configuration.setPagingDirectory(broker.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(broker.resolve("large-messages").toString());
        configuration.setNodeManagerLockDirectory(broker.toString());
        configuration.getAcceptorConfigurations().clear();
        configuration.addAcceptorConfiguration("hub",
                "tcp://" + bindAddress + "?protocols=" + PROTOCOLS + ";supportAdvisory=false;suppressInternalManagementObjects=true"
                        + tls.acceptorParameters());
        configuration.setJMXManagementEnabled(false);
        if (meters != null) {
            // JVM figures come from the hub's own binders; the broker adds its addresses, queues and memory
            configuration.setMetricsConfiguration(new MetricsConfiguration().setPlugin(new BrokerMetrics(meters))
                    .setJvmMemory(false).setJvmGc(false).setJvmThread(false));
        }
        configuration.registerBrokerPlugin(new QueryAskers());
        configuration.registerBrokerPlugin(new SubmittedOrders());
        server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration);
        server.setSecurityManager(security);
        server.createActiveMQServer();
        security.guard(server.getActiveMQServer());
        server.start();
        LOG.info("Embedded broker listening on {} ({}{}), journal in {}", bindAddress, PROTOCOLS,
                tls.keyStore() == null ? "" : ", TLS", broker);
    }

    private Configuration load() throws Exception {
        FileConfiguration configuration = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(brokerXml.toAbsolutePath().toUri().toString());
        deployment.addDeployable(configuration);
        deployment.readConfiguration();
        return configuration;
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
            LOG.info("Embedded broker stopped");
        }
    }

    /** Reports the broker's figures to this registry from its next start on. */
    public void reportTo(MeterRegistry registry) {
        this.meters = registry;
    }

    public EmbeddedActiveMQ server() {
        return server;
    }

    /** One queue's figures, as an admin watches them. */
    public record QueueStats(String address, String queue, long depth, int consumers, long enqueued, long acknowledged,
                             long oldestAgeMillis) {
    }

    /** How long the first message of the queue has waited, in milliseconds; 0 when it is empty. */
    private static long oldestAge(QueueControl queue) {
        try {
            Long age = queue.getFirstMessageAge();
            return age == null ? 0 : age;
        } catch (Exception e) {
            // the queue was just emptied or removed: nothing waits on it
            return 0;
        }
    }

    /** Every queue of the broker, sorted by address then name. */
    public List<QueueStats> queues() {
        List<QueueStats> queues = new ArrayList<>();
        for (Object resource : server.getActiveMQServer().getManagementService().getResources(QueueControl.class)) {
            QueueControl queue = (QueueControl) resource;
            queues.add(new QueueStats(queue.getAddress(), queue.getName(), queue.getMessageCount(), queue.getConsumerCount(),
                    queue.getMessagesAdded(), queue.getMessagesAcknowledged(), oldestAge(queue)));
        }
        queues.sort(Comparator.comparing(QueueStats::address).thenComparing(QueueStats::queue));
        return queues;
    }
}
