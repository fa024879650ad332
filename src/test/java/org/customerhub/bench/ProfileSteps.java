package org.customerhub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the hub's CPU goes, by step of the write path, from a Flight Recorder recording of bench/profile: every
 * execution sample is given to one step, and each step's share of the samples is turned into milliseconds per message
 * of the Java threads' CPU as the operating system counts it (ThreadCpu). The collector's, the JIT compiler's and the
 * JVM's own threads are never sampled: they are rows of their own.
 */
final class ProfileSteps {
    /** Anywhere in a stack, nearest the leaf first: these name the cost whichever step pays it. */
    private static final List<Step> ANYWHERE = List.of(
            new Step("metrics (Micrometer, Camel's exchange meters)", "io\\.micrometer|HubMetrics|camel\\.component\\.micrometer"),
            new Step("logging", "org\\.apache\\.logging|org\\.slf4j"),
            // Jdbi writes a recorder event per statement, only while a recording runs
            new Step("the recording itself (Jdbi's statement events)", "JdbiStatementEvent|jdk\\.jfr\\."));
    /** Nearest the root first: the step of the route the sample is in. */
    private static final List<Step> STEPS = List.of(
            new Step("ingest: check (prolog, DOM parse, value lengths, schema)", "ChannelIngest\\.check$"),
            new Step("ingest: mapping (XSLT, canonical JAXB and schema)", "ChannelMappings\\.toCanonical|XsltProducer|XsltSaxonEndpoint"
                    + "|component\\.xslt\\.XsltBuilder\\.process|converter\\.jaxb\\.JaxbDataFormat\\.unmarshal"),
            new Step("ingest: store", "ChannelIngest\\.store$"),
            new Step("feed: select (parse, JAXB)", "ChannelFeeds\\.select"),
            new Step("feed: schema check", "ValidatingProcessor"),
            new Step("dead letters", "DeadLetters"),
            new Step("reminders: the check (planning and deciding)", "org\\.customerhub\\.segments\\.Reminders"),
            new Step("JMS send", "component\\.jms\\.JmsProducer\\.process"));
    /** Within the store step, nearest the leaf first. */
    private static final List<Step> STORE = List.of(
            new Step("store: change events (outbox)", "ChangeEventOutbox"),
            new Step("store: value figures", "org\\.customerhub\\.value\\.|LiveValue|ValueStore|ValueRows|CustomerFigures"),
            new Step("store: commit (H2 writing pages)", "FileStore\\.(serializeAndStore|serializeToBuffer|storeIt|writeFully)"
                    + "|MVStore\\.(store|commit|tryCommit)|TransactionStore\\.commit|\\.Connection[A-Za-z]*\\.commit$"));
    private static final Pattern SQL = Pattern.compile("^(org\\.h2\\.|org\\.jdbi|com\\.zaxxer)");

    private ProfileSteps() {
    }

    /**
     * Prints the hub's CPU per message by the operating system's thread groups: the collector, the JIT compiler and the
     * JVM's own threads are never in an execution sample, so they are rows of their own beside the Java threads.
     */
    static void printThreads(int messages, Map<String, Double> threadSeconds) {
        double hubMs = threadSeconds.values().stream().mapToDouble(Double::doubleValue).sum() * 1000 / messages;
        System.out.printf("hub CPU %.2f ms/msg over %d messages, by the operating system's thread groups:%n", hubMs, messages);
        threadSeconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %5.1f%%  %6.2f ms  %s%n", 100 * e.getValue() * 1000 / messages / hubMs,
                        e.getValue() * 1000 / messages, e.getKey()));
    }

    /** Shares javaMsPerMessage out by step in proportion to the execution samples taken from countFrom on. */
    static void printSteps(Path recording, Instant countFrom, double javaMsPerMessage) throws IOException {
        Map<String, Integer> steps = new TreeMap<>();
        Map<String, Double> threads = new TreeMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getStartTime().isBefore(countFrom)) {
                continue;
            }
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                steps.merge(step(event.getThread("sampledThread"), event.getStackTrace()), 1, Integer::sum);
                samples++;
            } else if (type.equals("jdk.ThreadCPULoad") && event.getThread() != null) {
                threads.merge(threadGroup(name(event.getThread())), event.getDouble("user") + event.getDouble("system"), Double::sum);
            }
        }
        int total = Math.max(1, samples);
        double load = Math.max(Double.MIN_VALUE, threads.values().stream().mapToDouble(Double::doubleValue).sum());
        System.out.println("Java threads' CPU by group (the recorder's thread CPU load):");
        threads.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100 * e.getValue() / load, e.getKey()));
        System.out.printf("%d execution samples; Java threads %.2f ms/msg, by step:%n", samples, javaMsPerMessage);
        steps.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %5.1f%%  %6.2f ms  %s%n", 100.0 * e.getValue() / total,
                        javaMsPerMessage * e.getValue() / total, e.getKey()));
    }

    /** A run's time window and its Java threads' CPU per message. */
    record Window(String name, Instant from, Instant to, double javaMsPerMessage) {
    }

    /**
     * Each window's Java threads' CPU per message shared out by step as printSteps does, side by side, the steps
     * that differ most between the windows first: which step a slower run spent its extra time in.
     */
    static void printStepsByWindow(Path recording, List<Window> windows) throws IOException {
        List<Map<String, Integer>> steps = new ArrayList<>();
        windows.forEach(w -> steps.add(new TreeMap<>()));
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            for (int i = 0; i < windows.size(); i++) {
                Window window = windows.get(i);
                if (!event.getStartTime().isBefore(window.from()) && event.getStartTime().isBefore(window.to())) {
                    steps.get(i).merge(step(event.getThread("sampledThread"), event.getStackTrace()), 1, Integer::sum);
                }
            }
        }
        Map<String, double[]> table = new TreeMap<>();
        for (int i = 0; i < windows.size(); i++) {
            int total = Math.max(1, steps.get(i).values().stream().mapToInt(Integer::intValue).sum());
            int column = i;
            double javaMs = windows.get(i).javaMsPerMessage();
            steps.get(i).forEach((step, count) -> table.computeIfAbsent(step, k -> new double[windows.size()])[column] =
                    javaMs * count / total);
        }
        System.out.printf("Java threads' ms/msg by step and run (%s):%n",
                windows.stream().map(Window::name).collect(Collectors.joining(" | ")));
        table.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) ->
                        Arrays.stream(e.getValue()).max().orElse(0) - Arrays.stream(e.getValue()).min().orElse(0))
                        .reversed())
                .forEach(e -> System.out.printf("  %s  %s%n", Arrays.stream(e.getValue())
                        .mapToObj(ms -> String.format("%6.2f", ms)).collect(Collectors.joining(" | ")), e.getKey()));
    }

    /** Reads a recording again: ProfileSteps RECORDING JAVA_THREADS_MS_PER_MESSAGE (all its samples). */
    public static void main(String[] args) throws IOException {
        printSteps(Path.of(args[0]), Instant.MIN, Double.parseDouble(args[1]));
    }

    private static String step(RecordedThread thread, RecordedStackTrace stack) {
        String route = route(thread == null ? "" : name(thread));
        List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
        for (RecordedFrame frame : frames) {
            for (Step step : ANYWHERE) {
                if (step.pattern().matcher(method(frame)).find()) {
                    return step.name() + " (" + route + ")";
                }
            }
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            for (Step step : STEPS) {
                if (step.pattern().matcher(method(frames.get(i))).find()) {
                    return step.name().equals("ingest: store") ? storeStep(frames)
                            : step.name().equals("JMS send") ? route + ": JMS send" : step.name();
                }
            }
        }
        return Map.of("feed", "feed: JMS receive, commit, Camel", "ingest", "ingest: JMS receive, commit, Camel, split",
                "broker", "broker's own threads").getOrDefault(route, "other threads");
    }

    private static String storeStep(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            for (Step step : STORE) {
                if (step.pattern().matcher(method(frame)).find()) {
                    return step.name();
                }
            }
        }
        boolean sql = !frames.isEmpty() && SQL.matcher(method(frames.get(0))).find();
        return sql ? "store: SQL (H2, Jdbi, pool)" : "store: identity and writer code";
    }

    private static String route(String thread) {
        return thread.contains("feed.") ? "feed" : thread.contains("hub.work") ? "ingest"
                : thread.contains("activemq") ? "broker" : "other";
    }

    private static String threadGroup(String thread) {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("feed.", "feed routes");
        groups.put("hub.work", "ingest routes");
        groups.put("activemq", "broker");
        return groups.entrySet().stream().filter(g -> thread.contains(g.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse("other");
    }

    private static String name(RecordedThread thread) {
        return thread.getJavaName() != null ? thread.getJavaName() : String.valueOf(thread.getOSName());
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private record Step(String name, Pattern pattern) {
        Step(String name, String pattern) {
            this(name, Pattern.compile(pattern));
        }
    }
}
