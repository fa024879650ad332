package org.customerhub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The figures of one bench run: the table with targets, the summary line, and target/bench/bench.json. */
final class BenchReport {
    /** The per-message ingest cost counts as flat when the largest scale costs at most this much more than the smallest. */
    static final double FLAT_COST_TOLERANCE = 0.2;

    /** One store size: how many customers were in it, and what ingest and lookups cost there. */
    record Scale(int customers, IngestRun.Result ingest, LookupProbe.Result rest, LookupProbe.Result jms,
                 LookupProbe.Result health, int seededChecked, int seededRecognised) {
        double worseLookupP99() {
            return Math.max(rest.roundTrip().p99(), jms.roundTrip().p99());
        }

        /** The worse lookup p99 over the p99 of the hub's own /health at the same rate: the hub's own delay. */
        double lookupToHealthP99() {
            return worseLookupP99() / health.roundTrip().p99();
        }
    }

    /** Precision, recall and F1 of identity resolution on the FEBRL data set. */
    record IdentityQuality(double precision, double recall, double f1) {
    }

    /** Milliseconds of CPU per message, hub JVM (with its broker) and driver together (CpuUse): the raw broker, the
     *  hub's broker hops alone, and the hub end to end until its feeds are done. */
    record CpuPerMessage(double rawBroker, double brokerPath, double hub) {
    }

    record Settings(String mode, String hubJvm, int consumersPerChannel, int cores, String java, String machine) {
    }

    /** brokerPathPerSecond: the broker moving messages along the hub's own hops with no processing
     *  (BrokerBaseline.hubPath), the most any hub could ingest on this broker. */
    record Figures(Settings settings, double brokerPerSecond, double brokerPathPerSecond, CpuPerMessage cpu,
                   IngestRun.Result ingest, LatencyProbe.Result latency, Percentiles brokerLatency,
                   List<Scale> scales, HeapProbe.Heap heap, Optional<IdentityQuality> quality, double seconds,
                   double loadAtStart, double loadAtEnd) {
        double ratio() {
            return ingest.perSecond() / brokerPerSecond;
        }

        /** Ingest-to-queryable p99 over the raw broker's send-to-receive p99 at the same rate. */
        double latencyToBrokerP99() {
            return latency.latency().p99() / brokerLatency.p99();
        }

        Scale largest() {
            return scales.get(scales.size() - 1);
        }

        /** Cost per message at the largest scale over the smallest, minus one: 0.1 is 10% dearer. */
        double costGrowth() {
            return largest().ingest().msPerMessage() / scales.get(0).ingest().msPerMessage() - 1;
        }
    }

    private BenchReport() {
    }

    static void print(Figures f, PrintStream out) {
        String row = "%-76s %-24s %-15s %s%n";
        out.println();
        out.printf(row, "figure", "value", "target", "");
        out.printf(row, "raw broker: persistent, a local tx per message, " + f.settings().consumersPerChannel()
                + " consumers per channel", rate(f.brokerPerSecond()), "", "");
        out.printf(row, "the hub's broker hops alone, no processing (ceiling of the ratio " + fmt("%.3f", f.brokerPathPerSecond()
                / f.brokerPerSecond()) + ")", rate(f.brokerPathPerSecond()), "", "");
        out.printf(row, "CPU per message, hub JVM and driver: raw broker / hub's hops alone / hub e2e",
                fmt("%.2f / ", f.cpu().rawBroker()) + fmt("%.2f / ", f.cpu().brokerPath()) + fmt("%.2f ms", f.cpu().hub()), "", "");
        out.printf(row, "hub end to end, " + f.ingest().messages() + " messages, first sent to last stored",
                rate(f.ingest().perSecond()), "", "");
        out.printf(row, "ratio hub / broker", fmt("%.3f", f.ratio()), ">= 0.5", met(f.ratio() >= 0.5));
        Percentiles latency = f.latency().latency();
        out.printf(row, "ingest-to-queryable at " + fmt("%.1f", f.latency().ratePerSecond()) + " msg/s, " + latency.count()
                + " timed: p50 / p95", ms(latency.p50()) + " / " + ms(latency.p95()), "", "");
        out.printf(row, "ingest-to-queryable p99", ms(latency.p99()), "< 50 ms", met(latency.p99() < 50));
        out.printf(row, "raw broker send-to-receive at the same rate: p50 / p99", ms(f.brokerLatency().p50()) + " / "
                + ms(f.brokerLatency().p99()), "", "");
        out.printf(row, "ingest-to-queryable p99 / raw broker p99", fmt("%.2f", f.latencyToBrokerP99()), "<= 3",
                met(f.latencyToBrokerP99() <= 3));
        for (Scale scale : f.scales()) {
            String at = String.format(Locale.ROOT, "%,d customers", scale.customers());
            out.printf(row, "ingest cost, " + at, fmt("%.2f ms/msg", scale.ingest().msPerMessage()), "", "");
            for (LookupProbe.Result lookup : List.of(scale.rest(), scale.jms())) {
                out.printf(row, lookup.door() + ", " + at + ", " + fmt("%.0f/s", lookup.ratePerSecond()) + ": p50 / p99",
                        ms(lookup.roundTrip().p50()) + " / " + ms(lookup.roundTrip().p99())
                                + (lookup.failed() > 0 ? " (" + lookup.failed() + " failed)" : ""), "", "");
            }
            out.printf(row, "GET /health, " + at + ", " + fmt("%.0f/s", scale.health().ratePerSecond()) + ": p50 / p99",
                    ms(scale.health().roundTrip().p50()) + " / " + ms(scale.health().roundTrip().p99()), "", "");
        }
        out.printf(row, "lookup p99, worse of REST and JMS, " + String.format(Locale.ROOT, "%,d", f.largest().customers())
                + " customers", ms(f.largest().worseLookupP99()), "< 5 ms", met(f.largest().worseLookupP99() < 5));
        out.printf(row, "lookup p99 / GET /health p99, " + String.format(Locale.ROOT, "%,d", f.largest().customers())
                + " customers", fmt("%.2f", f.largest().lookupToHealthP99()), "<= 2", met(f.largest().lookupToHealthP99() <= 2));
        if (f.scales().size() > 1) {
            out.printf(row, "ingest cost growth " + String.format(Locale.ROOT, "%,d -> %,d", f.scales().get(0).customers(),
                    f.largest().customers()), fmt("%+.0f%%", f.costGrowth() * 100), "flat (<= +20%)",
                    met(f.costGrowth() <= FLAT_COST_TOLERANCE));
        } else {
            out.printf(row, "ingest cost growth with store size", "one scale only (--quick)", "flat (<= +20%)", "n/a");
        }
        out.printf(row, "hub heap used after full GC (" + f.heap().committedMb() + " MB committed)", f.heap().usedMb() + " MB",
                "<= 512 MB", met(f.heap().usedMb() <= 512));
        out.printf(row, "identity F1 on FEBRL" + f.quality().map(q -> fmt(" (precision %.4f, recall %.4f)", q.precision(),
                q.recall())).orElse(""), f.quality().map(q -> fmt("%.4f", q.f1())).orElse("n/a"), ">= 0.99",
                f.quality().map(q -> met(q.f1() >= 0.99)).orElse("n/a"));
        out.println();
        int checked = f.scales().stream().mapToInt(Scale::seededChecked).sum();
        int recognised = f.scales().stream().mapToInt(Scale::seededRecognised).sum();
        out.printf("seeded customers found by a till sale under a new card (name and phone): %d of %d%n", recognised, checked);
        out.printf("dead letters: %d; latency: %d of %d messages timed, %d timed ones saw no event%n",
                f.scales().stream().mapToLong(s -> s.ingest().deadLetters()).sum(), f.latency().timed() - f.latency().unmatched(),
                f.latency().sent(), f.latency().unmatched());
        out.printf("%s mode, %.0f s; hub JVM: %s; %d cores, Java %s, %s; load average %.2f at start, %.2f at end%n",
                f.settings().mode(), f.seconds(), f.settings().hubJvm(), f.settings().cores(), f.settings().java(),
                f.settings().machine(), f.loadAtStart(), f.loadAtEnd());
    }

    /** The last line of every run, in the form issue #8 fixes. */
    static String summary(Figures f) {
        return String.format(Locale.ROOT, "bench: e2e %.1f msg/s, broker %.0f msg/s, ratio %.3f, cpu/msg %.2f ms, p99 %.1f ms"
                        + " (x%.2f broker), lookup p99 %.1f ms (x%.2f /health), heap %d MB, F1 %s", f.ingest().perSecond(),
                f.brokerPerSecond(), f.ratio(), f.cpu().hub(), f.latency().latency().p99(), f.latencyToBrokerP99(),
                f.largest().worseLookupP99(), f.largest().lookupToHealthP99(), f.heap().usedMb(),
                f.quality().map(q -> fmt("%.4f", q.f1())).orElse("n/a"));
    }

    static void writeJson(Figures f, Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", f.settings().mode());
        json.put("hubJvm", f.settings().hubJvm());
        json.put("consumersPerChannel", f.settings().consumersPerChannel());
        json.put("cores", f.settings().cores());
        json.put("java", f.settings().java());
        json.put("machine", f.settings().machine());
        json.put("seconds", round(f.seconds()));
        json.put("loadAverageAtStart", round(f.loadAtStart()));
        json.put("loadAverageAtEnd", round(f.loadAtEnd()));
        json.put("brokerMsgPerSecond", round(f.brokerPerSecond()));
        json.put("brokerPathMsgPerSecond", round(f.brokerPathPerSecond()));
        json.put("cpuMsPerMessage", Map.of("rawBroker", round(f.cpu().rawBroker()), "brokerPath", round(f.cpu().brokerPath()),
                "hub", round(f.cpu().hub())));
        json.put("e2eMsgPerSecond", round(f.ingest().perSecond()));
        json.put("e2eMessages", f.ingest().messages());
        json.put("ratio", round(f.ratio()));
        json.put("latency", Map.of("ratePerSecond", round(f.latency().ratePerSecond()), "sent", f.latency().sent(),
                "timed", f.latency().timed(), "unmatched", f.latency().unmatched(), "ms", percentiles(f.latency().latency())));
        List<Map<String, Object>> scales = new ArrayList<>();
        for (Scale scale : f.scales()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("customers", scale.customers());
            row.put("ingestMessages", scale.ingest().messages());
            row.put("ingestMsPerMessage", round(scale.ingest().msPerMessage()));
            row.put("deadLetters", scale.ingest().deadLetters());
            row.put("lookupRatePerSecond", round(scale.rest().ratePerSecond()));
            row.put("restMs", percentiles(scale.rest().roundTrip()));
            row.put("restFailed", scale.rest().failed());
            row.put("jmsMs", percentiles(scale.jms().roundTrip()));
            row.put("jmsFailed", scale.jms().failed());
            row.put("healthMs", percentiles(scale.health().roundTrip()));
            row.put("lookupToHealthP99", round(scale.lookupToHealthP99()));
            row.put("seededChecked", scale.seededChecked());
            row.put("seededRecognised", scale.seededRecognised());
            scales.add(row);
        }
        json.put("scales", scales);
        json.put("brokerLatencyMs", percentiles(f.brokerLatency()));
        json.put("latencyToBrokerP99", round(f.latencyToBrokerP99()));
        json.put("lookupP99Ms", round(f.largest().worseLookupP99()));
        json.put("heapUsedMbAfterGc", f.heap().usedMb());
        json.put("heapCommittedMb", f.heap().committedMb());
        json.put("f1", f.quality().map(q -> (Object) Map.of("precision", q.precision(), "recall", q.recall(), "f1", q.f1()))
                .orElse("n/a"));
        json.put("summary", summary(f));
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static Map<String, Object> percentiles(Percentiles p) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", p.count());
        map.put("p50", round(p.p50()));
        map.put("p95", round(p.p95()));
        map.put("p99", round(p.p99()));
        map.put("max", round(p.max()));
        return map;
    }

    private static double round(double value) {
        return Double.isNaN(value) ? -1 : Math.round(value * 1000) / 1000.0;
    }

    private static String fmt(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }

    private static String rate(double perSecond) {
        return fmt("%.1f msg/s", perSecond);
    }

    private static String ms(double millis) {
        return fmt("%.1f ms", millis);
    }

    private static String met(boolean met) {
        return met ? "met" : "not met";
    }
}
