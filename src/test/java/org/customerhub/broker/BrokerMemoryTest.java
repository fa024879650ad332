package org.customerhub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.UUID;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.customerhub.TestHub;
import org.customerhub.security.HubUsers;
import org.junit.jupiter.api.Test;

/**
 * The shipped broker keeps a bounded amount of messages in the heap it shares with the hub: a backlog nobody takes
 * (a channel that does not read its feed, a hub that falls behind) goes to page files once the broker's memory is
 * full, and every message of it is still delivered, in order.
 */
class BrokerMemoryTest {
    /** More than a hub with a 512 MB heap and a large store can spare for waiting messages. */
    private static final long BACKLOG_BYTES = 80L * 1024 * 1024;
    /** Below Artemis' large-message threshold (100 KiB), so each message is held whole, as feed events are. */
    private static final int MESSAGE_BYTES = 90 * 1024;
    private static final String FEED = "hub.out.web";

    @Test
    void aBacklogNobodyTakesIsPagedToDiskAndDeliveredLater() throws Exception {
        int port = TestHub.freePort();
        Path data = Path.of("target", "broker-memory", UUID.randomUUID().toString());
        EmbeddedBroker broker = new EmbeddedBroker(Path.of("config/broker.xml"), data, "127.0.0.1:" + port,
                new BrokerSecurity(HubUsers.load(Path.of("config/broker-users.properties"))), EmbeddedBroker.Tls.NONE);
        broker.start();
        try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, "hub", "hub").createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue feed = session.createQueue(FEED);
            MessageProducer producer = session.createProducer(feed);
            int messages = (int) (BACKLOG_BYTES / MESSAGE_BYTES);
            for (int i = 0; i < messages; i++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(new byte[MESSAGE_BYTES]);
                message.setIntProperty("n", i);
                producer.send(message);
                if (i % 50 == 49) {
                    session.commit();
                }
            }
            session.commit();

            PagingManager paging = broker.server().getActiveMQServer().getPagingManager();
            long limit = broker.server().getActiveMQServer().getConfiguration().getGlobalMaxSize();
            assertTrue(paging.getPageStore(SimpleString.of(FEED)).isPaging(), "the backlog beyond the broker's memory is paged");
            assertTrue(paging.getGlobalSize() <= limit + 2L * MESSAGE_BYTES,
                    "messages held in memory: " + paging.getGlobalSize() + " bytes, limit " + limit);

            connection.start();
            MessageConsumer consumer = session.createConsumer(feed);
            for (int i = 0; i < messages; i++) {
                BytesMessage received = (BytesMessage) consumer.receive(10_000);
                assertNotNull(received, "message " + i + " of the backlog");
                assertEquals(i, received.getIntProperty("n"));
                assertEquals(MESSAGE_BYTES, received.getBodyLength());
                if (i % 50 == 49) {
                    session.commit();
                }
            }
            session.commit();
            assertNull(consumer.receiveNoWait());
        } finally {
            broker.stop();
            // the journal and page files of the backlog take 80 MB and more
            MoreFiles.deleteRecursively(data, RecursiveDeleteOption.ALLOW_INSECURE);
        }
    }
}
