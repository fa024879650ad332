package org.customerhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of each thread of a process as the operating system counts it (/proc/PID/task): the threads no execution
 * sample sees (the collector's, the JIT compiler's, the JVM's own) apart from the Java threads the samples share out.
 */
record ThreadCpu(Map<Long, Thread> threads) {
    /** The kernel counts thread CPU in clock ticks of 1/100 s (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100;
    static final String JAVA = "Java threads (shared out by the samples)";

    record Thread(String name, long ticks) {
    }

    static ThreadCpu of(long pid) throws IOException {
        Map<Long, Thread> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // the name in parentheses may hold spaces: the fields after it are counted from its end
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    threads.put(Long.valueOf(task.getFileName().toString()), new Thread(Files.readString(task.resolve("comm")).trim(), ticks));
                } catch (NoSuchFileException ended) {
                    // a thread that ended between the listing and the reading
                }
            }
        }
        return new ThreadCpu(threads);
    }

    /** Seconds of CPU by group of threads from start until this reading (threads that ended meanwhile are not counted). */
    Map<String, Double> secondsSince(ThreadCpu start) {
        Map<String, Double> groups = new TreeMap<>();
        threads.forEach((id, thread) -> {
            long before = start.threads.containsKey(id) ? start.threads.get(id).ticks() : 0;
            groups.merge(group(thread.name()), (thread.ticks() - before) / TICKS_PER_SECOND, Double::sum);
        });
        return groups;
    }

    /** HotSpot names its own threads; a Java thread's name is cut to 15 characters here, so only these are told apart. */
    static String group(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "garbage collector (G1)";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT compiler";
        }
        if (name.startsWith("VM ")) {
            return "JVM (VM thread, safepoints, periodic tasks)";
        }
        return JAVA;
    }
}
