package org.customerhub.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.customerhub.faults.CrashReport;
import org.customerhub.faults.CrashRun;

/**
 * The long crash run behind bench/crash: arguments [messages, default 10000] [kills, default 20] [seed]. Prints the
 * kills as they happen, lost and doubled per kind, and a "crash:" summary line last; exits 1 when anything was lost or
 * doubled.
 */
public final class CrashBench {
    private static final int DEFAULT_MESSAGES = 10_000;
    private static final int DEFAULT_KILLS = 20;
    /** About what the hub takes on two cores: sending goes on across the kills. */
    private static final double SEND_RATE = 40;

    private CrashBench() {
    }

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_MESSAGES;
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_KILLS;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Path.of("target", "crash", "bench-" + started);
        System.out.printf("crash run: %d messages, %d kills, seed %d, hub log %s%n", messages, kills, seed,
                folder.resolve("hub.log"));
        int status = 1;
        try {
            CrashReport report = CrashRun.run(folder, new CrashRun.Settings(messages, kills, SEND_RATE, seed), System.out);
            System.out.print(report.table());
            System.out.println(report.summary());
            status = report.lost() == 0 && report.doubled() == 0 ? 0 : 1;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        }
        // broker client threads may outlive the run; the figures are printed, so end here
        System.exit(status);
    }
}
