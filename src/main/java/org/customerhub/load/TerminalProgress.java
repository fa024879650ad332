package org.customerhub.load;

import java.io.PrintStream;
import java.time.Duration;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.customerhub.store.LoadRuns.Counts;

/**
 * Progress on a terminal: a bar over the bytes of the input (its time left is the bar's estimate), and the counts and
 * the rate of records beside it; or, when the output is not a terminal (a log, a pipe), a plain line every few seconds.
 */
final class TerminalProgress implements Progress {
    private static final long PLAIN_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final ProgressBar bar;
    private final PrintStream plain;
    private final long bytesTotal;
    private final long startedNanos = System.nanoTime();
    private long readAtStart = -1;
    private long lastPlainNanos;
    private boolean closed;

    private TerminalProgress(ProgressBar bar, PrintStream plain, long bytesTotal) {
        this.bar = bar;
        this.plain = plain;
        this.bytesTotal = bytesTotal;
    }

    /** A bar when System.console() is a terminal, else plain lines on out. */
    static TerminalProgress of(String task, long bytesTotal, PrintStream out) {
        if (System.console() == null) {
            return new TerminalProgress(null, out, bytesTotal);
        }
        boolean large = bytesTotal >= 10L << 20;
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, bytesTotal))
                .setUnit(large ? " MiB" : " KiB", large ? 1 << 20 : 1 << 10).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(500)
                .setMaxRenderedLength(200).continuousUpdate().build();
        return new TerminalProgress(bar, null, bytesTotal);
    }

    @Override
    public void show(Counts counts) {
        if (readAtStart < 0) {
            // the first call comes before anything is read: a resumed load's rate counts only what this run read
            readAtStart = counts.read();
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        double rate = (counts.read() - readAtStart) / seconds;
        String line = String.format("read %,d valid %,d rejected %,d | created %,d matched %,d merged %,d possible %,d%s | %,.0f rec/s",
                counts.read(), counts.valid(), counts.rejected(), counts.created(), counts.matched(), counts.merged(),
                counts.possible(), counts.repeated() == 0 ? "" : String.format(" loaded before %,d", counts.repeated()), rate);
        if (bar != null) {
            bar.stepTo(Math.min(bytesTotal, counts.bytesRead()));
            bar.setExtraMessage(line);
            return;
        }
        long now = System.nanoTime();
        if (now - lastPlainNanos >= PLAIN_EVERY_NANOS || counts.bytesRead() >= bytesTotal) {
            lastPlainNanos = now;
            double done = bytesTotal == 0 ? 1 : (double) counts.bytesRead() / bytesTotal;
            double bytesPerSecond = counts.bytesRead() / seconds;
            String left = done >= 1 || bytesPerSecond <= 0 ? "0:00:00" : clock((bytesTotal - counts.bytesRead()) / bytesPerSecond);
            plain.printf("load %5.1f%% %s, ETA %s%n", done * 100, line, left);
        }
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    @Override
    public void say(String line) {
        if (bar != null) {
            // the bar redraws itself on its next update, below the line
            System.err.println();
            System.err.println(line);
        } else {
            plain.println(line);
        }
    }

    @Override
    public void close() {
        if (bar != null && !closed) {
            closed = true;
            bar.close();
        }
    }
}
