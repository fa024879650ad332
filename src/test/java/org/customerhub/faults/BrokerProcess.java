package org.customerhub.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.customerhub.BrokerLogin;
import org.customerhub.TestHub;

/**
 * One half of a shared-store broker pair in a JVM of its own, started as bin/broker starts it (org.customerhub.broker.
 * BrokerMain --primary|--backup), so that it can be killed with SIGKILL and started again. Output to broker-ROLE.log in
 * the pair's folder.
 */
public final class BrokerProcess {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final Path folder;
    private final String role;
    private final Path brokerXml;
    private final int port;
    private Process process;

    /** role: primary or backup; the pair shares folder/journal; brokerXml: the configuration both halves run. */
    public BrokerProcess(Path folder, String role, Path brokerXml) throws IOException {
        this.folder = folder;
        this.role = role;
        this.brokerXml = brokerXml;
        this.port = TestHub.freePort();
    }

    /** The failover URL of a pair, as a hub node and the channels are given it. */
    public static String pairUrl(BrokerProcess primary, BrokerProcess backup) {
        return "(" + primary.url() + "," + backup.url() + ")?ha=true&reconnectAttempts=-1&retryInterval=500"
                + "&retryIntervalMultiplier=1.5&maxRetryInterval=5000";
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path log() {
        return folder.resolve("broker-" + role + ".log");
    }

    /** Starts the process; it is live at once (a primary on a free journal) or once the other half is gone. */
    public void launch() throws IOException {
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", HubProcess.classPath(), "org.customerhub.broker.BrokerMain", "--" + role,
                "--data", folder.resolve("journal").toString(), "--bind", "127.0.0.1:" + port,
                "--config", brokerXml.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    }

    /** Waits until this half takes connections: it is the live one. */
    public void awaitLive() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker " + role + " exited with " + process.exitValue() + ", see " + log());
            }
            return live();
        });
    }

    /** Waits until the process has loaded its configuration and waits for the journal lock (a backup, or a primary
     *  whose backup is live). */
    public void awaitWaiting() throws IOException {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker " + role + " exited with " + process.exitValue() + ", see " + log());
            }
            return Files.readString(log()).contains("Broker " + role.toUpperCase(Locale.ROOT) + " started");
        });
    }

    public boolean live() {
        try (ActiveMQConnectionFactory probe = BrokerLogin.factory(url() + "?initialConnectAttempts=1&reconnectAttempts=0");
             Connection connection = probe.createConnection()) {
            return connection != null;
        } catch (JMSException | RuntimeException e) {
            return false;
        }
    }

    /** SIGKILL: the journal lock is released by the operating system, the other half takes over. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    /** SIGTERM: hands over to the other half (failover-on-shutdown) and stops. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }
}
