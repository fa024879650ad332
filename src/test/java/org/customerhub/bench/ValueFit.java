package org.customerhub.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.customerhub.value.Base;
import org.customerhub.value.BgNbd;
import org.customerhub.value.Fit;
import org.customerhub.value.GammaGamma;
import org.customerhub.value.RepeatHistories;
import org.customerhub.value.RepeatHistory;
import org.customerhub.value.Simulation;
import org.customerhub.value.Standing;
import org.customerhub.value.ValueFitting;
import org.customerhub.value.ValueModel;
import org.customerhub.value.ValueRules;

/**
 * The value models against their published estimates: fits BG/NBD and Gamma-Gamma on the CDNOW 1/10 sample
 * ({@code cdnow_customers_summary_with_transactions.csv} in DIR: columns ID, x, t_x, T, zbar) and compares every
 * parameter with Fader, Hardie and Lee's figures. Run through {@code bench/value DIR}; exits 1 when a parameter is
 * more than 1% off. {@code bench/value --scale N} fits a simulated base of N customers instead and reports time and heap;
 * {@code --hub-fit N} runs the hub's whole fit over N simulated customers (bench/run, through ValueFitRun).
 */
public final class ValueFit {
    private static final double TOLERANCE = 0.01;

    private ValueFit() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--scale")) {
            scale(Integer.parseInt(args[1]));
            return;
        }
        if (args.length == 2 && args[0].equals("--hub-fit")) {
            hubFit(Integer.parseInt(args[1]));
            return;
        }
        RepeatHistories customers = read(Path.of(args[0]).resolve("cdnow_customers_summary_with_transactions.csv"));
        long started = System.nanoTime();
        Fit<BgNbd> purchasing = BgNbd.fit(customers);
        Fit<GammaGamma> spending = GammaGamma.fit(customers);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "CDNOW: %d customers, %d with repeat purchases, fitted in %.2f s%n",
                customers.size(), spending.customers(), seconds);
        System.out.printf(Locale.ROOT, "BG/NBD log-likelihood %.1f (published -9582.4)%n", purchasing.logLikelihood());
        boolean pass = compare("r", purchasing.model().r(), 0.243)
                & compare("alpha", purchasing.model().alpha(), 4.414)
                & compare("a", purchasing.model().a(), 0.793)
                & compare("b", purchasing.model().b(), 2.426)
                & compare("p", spending.model().p(), 6.25)
                & compare("q", spending.model().q(), 3.74)
                & compare("gamma", spending.model().gamma(), 15.44);
        System.out.println(pass ? "PASS: every estimate within 1% of the published one"
                : "FAIL: an estimate is more than 1% off the published one");
        if (!pass) {
            System.exit(1);
        }
    }

    /**
     * A fit over a simulated base of the given size (CDNOW's parameters, a fixed seed): the time each model takes and
     * the heap the base and the fit hold, measured after a collection.
     */
    private static void scale(int size) {
        BgNbd truth = new BgNbd(0.243, 4.414, 0.793, 2.426);
        RepeatHistories customers = new RepeatHistories(size);
        Simulation.forEach(size, 20260601L, truth, new GammaGamma(6.25, 3.74, 15.44), customers::add);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long started = System.nanoTime();
        Fit<BgNbd> purchasing = BgNbd.fit(customers);
        double purchasingSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        Fit<GammaGamma> spending = GammaGamma.fit(customers);
        double spendingSeconds = (System.nanoTime() - started) / 1e9;
        System.gc();
        long heapAfter = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf(Locale.ROOT, "%,d simulated customers: BG/NBD fitted in %.1f s (r %.3f alpha %.3f a %.3f b %.3f),"
                        + " Gamma-Gamma on %,d in %.1f s (p %.2f q %.2f gamma %.2f); heap %.0f MB with the base, %d processors%n",
                size, purchasingSeconds, purchasing.model().r(), purchasing.model().alpha(), purchasing.model().a(),
                purchasing.model().b(), spending.customers(), spendingSeconds, spending.model().p(), spending.model().q(),
                spending.model().gamma(), Math.max(heapBefore, heapAfter) / 1e6, runtime.availableProcessors());
    }

    /**
     * The hub's whole fit (ValueFitting: BG/NBD, Gamma-Gamma, every customer's lifetime value for the tier cutoffs,
     * the RFM bounds) over a simulated base of the given size, handed to the fit's Base one standing at a time as a
     * refit streams the store's rows, with the shipped tier rules. Prints one line, {@code value fit: N customers in
     * X s, heap Y MB, base Z MB live}: the fit's own time (once the base is read), the most heap in
     * use from the first row read to the end of the fit (sampled every 20 ms, garbage not yet collected included) in
     * whatever heap limit this JVM was given (bench/run gives it the hub's), and the heap live after a full collection
     * once the base is read (the fit then adds one array of a double per customer).
     */
    private static void hubFit(int size) throws IOException {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Properties rules = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config", "value.properties"), StandardCharsets.UTF_8)) {
            rules.load(reader);
        }
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long idle = runtime.totalMemory() - runtime.freeMemory();
        AtomicLong peak = new AtomicLong(idle);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max),
                0, 20, TimeUnit.MILLISECONDS);
        ValueModel model;
        long live;
        try {
            Base base = new Base(now, size);
            Simulation.forEach(size, 20260601L, new BgNbd(0.243, 4.414, 0.793, 2.426), new GammaGamma(6.25, 3.74, 15.44),
                    history -> base.add(standing(history, now)));
            System.gc();
            live = runtime.totalMemory() - runtime.freeMemory() - idle;
            model = ValueFitting.fit(base, ValueRules.from(rules), 36, 0.10);
        } finally {
            sampler.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "value fit: %d customers in %.1f s, heap %.0f MB, base %.0f MB live (limit %.0f MB,"
                        + " %d processors; r %.3f alpha %.3f a %.3f b %.3f)%n", size, model.fitMillis() / 1e3, peak.get() / 1e6, live / 1e6,
                runtime.maxMemory() / 1e6, runtime.availableProcessors(), model.purchasing().model().r(),
                model.purchasing().model().alpha(), model.purchasing().model().a(), model.purchasing().model().b());
    }

    /** A simulated history as the store's figures give it: dates from the weeks, orders and revenue from the spend. */
    private static Standing standing(RepeatHistory history, Instant now) {
        Instant first = now.minusSeconds(Math.round(history.observedFor() * 7 * 86_400));
        Instant last = first.plusSeconds(Math.round(history.lastRepeatAt() * 7 * 86_400));
        int orders = history.repeats() + 1;
        double revenue = orders * Math.max(history.averageRepeatValue(), 1);
        return new Standing(first, last, history.repeats(), history.lastRepeatAt(), history.averageRepeatValue(), 0.3,
                orders, revenue, revenue * 0.3 - orders);
    }

    private static boolean compare(String name, double fitted, double published) {
        double off = Math.abs(fitted - published) / published;
        System.out.printf(Locale.ROOT, "  %-6s %9.4f  published %7.3f  off %5.2f%%%n", name, fitted, published, off * 100);
        return off <= TOLERANCE;
    }

    private static RepeatHistories read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        RepeatHistories customers = new RepeatHistories(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            customers.add(new RepeatHistory(Integer.parseInt(cells[1].trim()), Double.parseDouble(cells[2].trim()),
                    Double.parseDouble(cells[3].trim()), Double.parseDouble(cells[4].trim())));
        }
        return customers;
    }
}
