package org.customerhub.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.activemq.artemis.api.core.management.QueueControl;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ActiveMQ Artemis running inside the hub: addresses and policies from broker.xml, journal under the data folder,
 * one acceptor for every protocol the channels speak. Registered as a Camel service so it stops after the routes.
 */
public final class EmbeddedBroker extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String PROTOCOLS = "CORE,AMQP,STOMP,OPENWIRE,MQTT";

    private final Path brokerXml;
    private final Path dataDir;
    private final String bindAddress;
    private EmbeddedActiveMQ server;

    public EmbeddedBroker(Path brokerXml, Path dataDir, String bindAddress) {
        this.brokerXml = brokerXml;
        this.dataDir = dataDir;
        this.bindAddress = bindAddress;
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
                "tcp://" + bindAddress + "?protocols=" + PROTOCOLS + ";supportAdvisory=false;suppressInternalManagementObjects=true");
        configuration.setJMXManagementEnabled(false);
        server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration);
        server.start();
        LOG.info("Embedded broker listening on {} ({}), journal in {}", bindAddress, PROTOCOLS, broker);
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

    public EmbeddedActiveMQ server() {
        return server;
    }

    /** One queue's figures, as an admin watches them. */
    public record QueueStats(String address, String queue, long depth, int consumers, long enqueued, long acknowledged) {
    }

    /** Every queue of the broker, sorted by address then name. */
    public List<QueueStats> queues() {
        List<QueueStats> queues = new ArrayList<>();
        for (Object resource : server.getActiveMQServer().getManagementService().getResources(QueueControl.class)) {
            QueueControl queue = (QueueControl) resource;
            queues.add(new QueueStats(queue.getAddress(), queue.getName(), queue.getMessageCount(), queue.getConsumerCount(),
                    queue.getMessagesAdded(), queue.getMessagesAcknowledged()));
        }
        queues.sort(Comparator.comparing(QueueStats::address).thenComparing(QueueStats::queue));
        return queues;
    }
}
