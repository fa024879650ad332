package org.customerhub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub JVM's heap in use after a full collection, asked from outside with the JDK's jcmd (GC.run, then
 * GC.heap_info), so it counts the hub alone and not this driver.
 */
final class HeapProbe {
    /** G1's (and Parallel's) first line: "garbage-first heap   total 524288K, used 123456K [...]". */
    private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    /** ZGC's, for a hub run with --hub-jvm "... -XX:+UseZGC": "ZHeap           used 210M, capacity 512M, [...]". */
    private static final Pattern Z_USED = Pattern.compile("ZHeap\\s+used (\\d+)M, capacity (\\d+)M");

    record Heap(long usedMb, long committedMb, String heapInfo) {
    }

    private HeapProbe() {
    }

    static Heap afterFullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = USED.matcher(info);
        if (used.find()) {
            return new Heap(Long.parseLong(used.group(2)) / 1024, Long.parseLong(used.group(1)) / 1024, info.strip());
        }
        Matcher zUsed = Z_USED.matcher(info);
        if (zUsed.find()) {
            return new Heap(Long.parseLong(zUsed.group(1)), Long.parseLong(zUsed.group(2)), info.strip());
        }
        throw new IllegalStateException("jcmd GC.heap_info answered no heap total and use:\n" + info);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(2, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
