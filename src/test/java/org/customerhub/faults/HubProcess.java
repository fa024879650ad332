package org.customerhub.faults;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.customerhub.TestHub;

/**
 * A hub in a JVM of its own, started as in production (org.customerhub.HubMain) on the test's class path, with its own
 * data folder and ports: it can be killed with SIGKILL and started again on the same data, broker journal and ports.
 * Its output goes to hub.log in its folder, every start appended.
 */
public final class HubProcess {
    /** The demo admin of config/users.properties, for the admin API's queue figures. */
    private static final String ADMIN_LOGIN = "Basic "
            + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    private static final Duration START_PATIENCE = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final Map<String, String> settings;
    private final int brokerPort;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> jvmOptions;
    private Process process;

    /** settings: further hub.* overrides (-D), next to the data folder and ports this class chooses. */
    HubProcess(Path folder, Map<String, String> settings) throws IOException {
        this(folder, settings, List.of("-Xmx768m"));
    }

    /** jvmOptions: the hub JVM's own options (heap, collector), given before the settings. */
    public HubProcess(Path folder, Map<String, String> settings, List<String> jvmOptions) throws IOException {
        if (folder.isAbsolute()) {
            throw new IllegalArgumentException("hub.db.url puts ./ in front of the data folder: give a relative one");
        }
        this.folder = folder;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.settings = new LinkedHashMap<>(settings);
        this.brokerPort = TestHub.freePort();
        this.httpPort = TestHub.freePort();
        int soapPort = TestHub.freePort();
        // a node of a cluster is given the URL of the shared broker pair
        this.settings.putIfAbsent("hub.broker.url", "tcp://127.0.0.1:" + brokerPort);
        this.settings.putAll(Map.of(
                "hub.data-dir", this.folder.resolve("data").toString(),
                "hub.broker.bind", "127.0.0.1:" + brokerPort,
                "camel.server.port", String.valueOf(httpPort),
                "hub.soap.address", "http://127.0.0.1:" + soapPort + "/soap",
                "hub.files.watch", "false"));
    }

    /** Changes a hub.* setting for the next start (a later date on hub.clock.offset, say). */
    public void set(String key, String value) {
        settings.put(key, value);
    }

    public String brokerUrl() {
        return settings.get("hub.broker.url");
    }

    /** The H2 store's JDBC URL, once the hub has made it; open it only while the hub is stopped. */
    public String databaseUrl() {
        return storeUrl() + ";IFEXISTS=TRUE";
    }

    /** The H2 store's JDBC URL, whether or not it exists yet (a bench seeds it before the first start). */
    public String storeUrl() {
        return "jdbc:h2:file:./" + folder.resolve("data/db/customerhub");
    }

    public Path log() {
        return folder.resolve("hub.log");
    }

    /** How long the hub's log is now: a mark to look for what it logs later. */
    long logLength() throws IOException {
        return Files.size(log());
    }

    /** Whether the hub logged the text after its log had the given length. */
    boolean loggedSince(long length, String text) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(log())) {
            channel.position(length);
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8).contains(text);
        }
    }

    /** Starts the hub and waits until /health answers UP. */
    public void start() throws IOException {
        launch();
        await().atMost(START_PATIENCE).pollInterval(Duration.ofMillis(250)).until(this::healthy);
    }

    /** Starts the hub without waiting for it: several nodes start side by side. */
    public void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath()));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("org.customerhub.HubMain");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    }

    /** Waits until a launched hub's /health answers UP. */
    public void awaitHealthy() {
        await().atMost(START_PATIENCE).pollInterval(Duration.ofMillis(250)).until(this::healthy);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the broker's clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    /** SIGTERM: the hub finishes the messages in flight and closes its broker and store. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("hub did not stop within 2 minutes, see " + log());
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("hub exited with " + process.exitValue() + ", see " + log());
        }
        try {
            return get("/health", null).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Every queue of the hub's broker: address, queue, depth, consumers, enqueued, acknowledged (since it started). */
    public JsonNode queues() {
        return admin("/admin/api/broker");
    }

    /** The write path's figures since the hub started: messages, commits, lockWaits, lockWaitMillis, retries. */
    public JsonNode writes() {
        return admin("/admin/api/dashboard").get("writes");
    }

    /** Reminder checks run to the end since the hub started (hub_reminders_checks_total of /metrics). */
    public long reminderChecks() {
        return metrics().lines().filter(line -> line.startsWith("hub_reminders_checks_total "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(0);
    }

    /** The Prometheus text of GET /metrics, read as an admin. */
    public String metrics() {
        HttpResponse<String> response = get("/metrics", ADMIN_LOGIN);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    private JsonNode admin(String path) {
        HttpResponse<String> response = get(path, ADMIN_LOGIN);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The admin dashboard: per channel figures, and under "writes" the write path's messages, lock waits and retries
     *  since the hub started. */
    public JsonNode dashboard() {
        HttpResponse<String> response = get("/admin/api/dashboard", ADMIN_LOGIN);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /admin/api/dashboard answered " + response.statusCode());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Channel messages the hub has acknowledged since it last started (the broker diverts them to hub.work.*). */
    long takenSinceStart() {
        long taken = 0;
        for (JsonNode queue : queues()) {
            if (queue.get("address").asText().startsWith("hub.work.")) {
                taken += queue.get("acknowledged").asLong();
            }
        }
        return taken;
    }

    /** Nothing waits on an inbound or work queue or a feed's copy of the events: every message and event has been
     *  handled (a channel's message waits on hub.work.<channel> until it is ingested). */
    boolean idle() {
        for (JsonNode queue : queues()) {
            String name = queue.get("queue").asText();
            if ((name.startsWith("hub.in.") || name.startsWith("hub.work.") || name.startsWith("feed."))
                    && queue.get("depth").asLong() > 0) {
                return false;
            }
        }
        return true;
    }

    private HttpResponse<String> get(String path, String login) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (login != null) {
            request.header("Authorization", login);
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

    /** Surefire sets java.class.path to the test class path; Maven's exec:java (bench/crash) loads it in a class loader
     *  of its own instead. */
    public static String classPath() {
        if (HubProcess.class.getClassLoader() instanceof URLClassLoader loader) {
            return Arrays.stream(loader.getURLs()).map(url -> {
                try {
                    return Path.of(url.toURI()).toString();
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }
}
