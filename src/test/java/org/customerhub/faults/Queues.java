package org.customerhub.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.customerhub.BrokerLogin;

/** Depths of the hub's inbound and work queues on an external broker, read through its management address. */
final class Queues {
    private static final List<String> CHANNELS = List.of("catalogue", "retail", "directsales", "web");

    private Queues() {
    }

    /** Waits until no channel message waits or is being delivered on hub.in.* and hub.work.*. */
    static void awaitEmpty(String brokerUrl, Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> waiting(brokerUrl) == 0);
    }

    /** Messages on hub.in.* and hub.work.*, those delivered and not yet acknowledged included. */
    static long waiting(String brokerUrl) throws Exception {
        try (QueueConnection connection = BrokerLogin.factory(brokerUrl).createQueueConnection()) {
            connection.start();
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(session, session.createQueue("activemq.management"));
            long waiting = 0;
            for (String channel : CHANNELS) {
                for (String queue : List.of("hub.in." + channel, "hub.work." + channel)) {
                    Message request = session.createMessage();
                    JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
                    Message reply = requestor.request(request);
                    if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                        throw new IllegalStateException("the broker did not give the depth of " + queue);
                    }
                    waiting += ((Number) JMSManagementHelper.getResult(reply)).longValue();
                }
            }
            return waiting;
        }
    }
}
