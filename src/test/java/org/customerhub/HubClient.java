package org.customerhub;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Channel systems and an API caller in one: real JMS clients over TCP, each as its broker user, and a real HTTP client. */
public final class HubClient implements AutoCloseable {
    /** HTTP Basic credentials of the demo agent user. */
    public static final String AGENT_LOGIN = login("agent", "agent");
    /** HTTP Basic credentials of the demo admin user. */
    public static final String ADMIN_LOGIN = login("admin", "admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> CHANNELS = Set.of("catalogue", "retail", "directsales", "web");

    private final String brokerUrl;
    /** One connection and session per broker user this client has played so far. */
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    HubClient(int brokerPort, int httpPort) {
        this.brokerUrl = "tcp://127.0.0.1:" + brokerPort;
        this.baseUrl = "http://127.0.0.1:" + httpPort;
    }

    /**
     * A session as a demo broker user (each one's password is its name): a channel sends to its own hub.in queue and
     * reads its own hub.out feed, the admin reads dead letters, and the hub itself does the rest (a test that writes a
     * dead letter or subscribes to change events plays the hub).
     */
    private Session session(String user) throws JMSException {
        Session session = sessions.get(user);
        if (session == null) {
            Connection connection = new ActiveMQConnectionFactory(brokerUrl, user, user).createConnection();
            connections.put(user, connection);
            connection.start();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            sessions.put(user, session);
        }
        return session;
    }

    private static String sender(String queue) {
        return channelOf(queue, "hub.in.").orElse("hub");
    }

    private static String reader(String queue) {
        return channelOf(queue, "hub.out.").orElse(queue.startsWith("hub.dlq.") || queue.startsWith("hub.exceptions.") ? "admin" : "hub");
    }

    private static Optional<String> channelOf(String queue, String prefix) {
        return Optional.of(queue).filter(name -> name.startsWith(prefix)).map(name -> name.substring(prefix.length()))
                .filter(CHANNELS::contains);
    }

    public static String resource(String path) {
        try {
            return Files.readString(Path.of("src/test/resources/messages", path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendText(String queue, String body, Map<String, String> properties) throws JMSException {
        Session session = session(sender(queue));
        send(session, queue, session.createTextMessage(body), properties);
    }

    public void sendBytes(String queue, byte[] body, Map<String, String> properties) throws JMSException {
        Session session = session(sender(queue));
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        send(session, queue, message, properties);
    }

    private static void send(Session session, String queue, Message message, Map<String, String> properties) throws JMSException {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            message.setStringProperty(property.getKey(), property.getValue());
        }
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(message);
        }
    }

    /**
     * Asks hub.customer.query as a channel (retail) with a bytes message and a temporary reply queue; the reply, or null
     * after 15 seconds.
     */
    public TextMessage ask(byte[] query) throws JMSException {
        Session session = session("retail");
        jakarta.jms.TemporaryQueue replies = session.createTemporaryQueue();
        BytesMessage request = session.createBytesMessage();
        request.writeBytes(query);
        request.setJMSReplyTo(replies);
        request.setJMSCorrelationID(java.util.UUID.randomUUID().toString());
        try (MessageProducer producer = session.createProducer(session.createQueue("hub.customer.query"));
             MessageConsumer consumer = session.createConsumer(replies)) {
            producer.send(request);
            return (TextMessage) consumer.receive(15_000);
        } finally {
            replies.delete();
        }
    }

    /** The next message on a queue that matches the selector, or null after the timeout. */
    public Message receive(String queue, String selector, Duration timeout) throws JMSException {
        Session session = session(reader(queue));
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            Message message = consumer.receive(timeout.toMillis());
            if (message instanceof BytesMessage bytes) {
                // a large message streams from its consumer: read it before the consumer closes
                bytes.getBody(byte[].class);
            }
            return message;
        }
    }

    /**
     * The text of the first message on the queue that matches the selector and contains the text; earlier matching
     * messages (older changes of the same customer) are consumed on the way. Fails after 15 seconds without one.
     */
    public String receiveContaining(String queue, String selector, String text) throws JMSException {
        return ((TextMessage) receiveMatching(queue, selector, text)).getText();
    }

    /** As {@link #receiveContaining}, the whole message. */
    public Message receiveMatching(String queue, String selector, String text) throws JMSException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Message message = receive(queue, selector, Duration.ofSeconds(1));
            if (message instanceof TextMessage textMessage && textMessage.getText().contains(text)) {
                return message;
            }
        }
        throw new AssertionError("no message containing " + text + " on " + queue + " for " + selector);
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path, "application/json");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET as the demo agent: the customer API needs a login. */
    public HttpResponse<String> get(String path, String accept) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", accept)
                            .header("Authorization", AGENT_LOGIN).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a body with the given content type, as a procurement platform posts cXML. */
    public HttpResponse<String> post(String path, String contentType, byte[] body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HTTP Basic credentials, as the Authorization header carries them. */
    public static String login(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Any request to the hub's HTTP port, with the given Authorization header (none when null), body (none when null)
     * and further headers as name, value pairs.
     */
    public HttpResponse<String> request(String method, String path, String authorization, String contentType, byte[] body,
                                        String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The one customer a search finds. Waits briefly: the broker may hand the hub a message a moment after the
     *  route reported the one before it done, and the store answers what has committed. */
    public JsonNode only(String parameter, String value) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> find(parameter, value), found -> found.size() == 1).get(0);
    }

    public static List<String> sourceKeys(JsonNode customer) {
        List<String> keys = new ArrayList<>();
        customer.get("sourceKeys").forEach(key -> keys.add(key.asText()));
        return keys;
    }

    /** The body of a GET on any URL of the hub (the SOAP port's ?wsdl, say). */
    public String getUrl(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Customers found by one search parameter, e.g. find("key", "web:U41020457"). */
    public JsonNode find(String parameter, String value) {
        return getJson("/api/customers?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws JMSException {
        for (Connection connection : connections.values()) {
            connection.close();
        }
    }
}
