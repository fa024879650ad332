package org.customerhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.customerhub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS switched on for the HTTP server and the broker's acceptor, with a self-signed key store made by the JDK's
 * keytool: HTTPS answers and plain HTTP does not; a JMS client with TLS is answered, a plain one cannot connect; the
 * hub itself reaches its broker over TLS.
 */
class TlsTest {
    private static final String PASSWORD = "tls-" + UUID.randomUUID();
    private static Path keyStore;
    private static String soapAddress;
    private static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
        keyStore = Files.createDirectories(Path.of("target", "tls", UUID.randomUUID().toString())).resolve("hub.p12").toAbsolutePath();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        Properties settings = new Properties();
        settings.setProperty("hub.http.tls.enabled", "true");
        settings.setProperty("hub.http.tls.key-store", keyStore.toString());
        settings.setProperty("hub.http.tls.key-store-password", PASSWORD);
        try (ServerSocket free = new ServerSocket(0)) {
            soapAddress = "https://127.0.0.1:" + free.getLocalPort() + "/soap";
        }
        settings.setProperty("hub.soap.address", soapAddress);
        settings.setProperty("hub.broker.tls.enabled", "true");
        settings.setProperty("hub.broker.tls.key-store", keyStore.toString());
        settings.setProperty("hub.broker.tls.key-store-password", PASSWORD);
        settings.setProperty("hub.broker.url", "tcp://{{hub.broker.bind}}?" + trustParameters());
        hub = TestHub.isolated(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        hub.stop();
    }

    private static String trustParameters() {
        return "sslEnabled=true&trustStoreType=PKCS12&trustStorePath=" + keyStore + "&trustStorePassword=" + PASSWORD;
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsAnswersAndPlainHttpDoesNotOnTheApiAndSoapPorts() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
        String health = "://127.0.0.1:" + hub.httpPort() + "/health";

        HttpResponse<String> answered = get(https, "https" + health);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.headers().firstValue("Strict-Transport-Security")).as("browsers keep to HTTPS").isPresent();
        assertThat(answered.body()).contains("\"UP\"");
        assertThat(get(https, soapAddress + "/customers?wsdl").body()).contains("CustomerService");
        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "http" + health)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), soapAddress.replace("https:", "http:") + "/customers?wsdl"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aJmsClientWithTlsIsAnsweredByTheHubAPlainOneCannotConnect() throws Exception {
        String broker = "tcp://127.0.0.1:" + hub.brokerPort();
        try (Connection connection = new ActiveMQConnectionFactory(broker + "?" + trustParameters(), "web", "web").createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            TextMessage question = session.createTextMessage(
                    "<customerQuery xmlns=\"urn:customerhub:query:1\"><key>web:U00000000</key></customerQuery>");
            question.setJMSReplyTo(replies);
            try (MessageProducer producer = session.createProducer(session.createQueue("hub.customer.query"));
                 MessageConsumer answers = session.createConsumer(replies)) {
                producer.send(question);
                TextMessage answer = (TextMessage) answers.receive(15_000);
                assertThat(answer).as("the hub, itself connected over TLS, answers").isNotNull();
                assertThat(answer.getText()).contains("status=\"NOT_FOUND\"");
            }
        }
        assertThatThrownBy(() -> new ActiveMQConnectionFactory(broker + "?callTimeout=5000", "web", "web").createConnection().close())
                .isInstanceOf(JMSException.class);
    }
}
