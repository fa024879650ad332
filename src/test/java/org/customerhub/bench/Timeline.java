package org.customerhub.bench;

import java.util.ArrayList;
import java.util.List;

/** What happened over the run, per second since it started, for the chart: ingest rate, latencies, phase starts. */
final class Timeline {
    record Point(double second, double value) {
    }

    private final long startNanos = System.nanoTime();
    private final List<Point> ingestPerSecond = new ArrayList<>();
    private final List<Point> latencyMs = new ArrayList<>();
    private final List<Point> lookupMs = new ArrayList<>();
    private final List<String> phaseNames = new ArrayList<>();
    private final List<Double> phaseStarts = new ArrayList<>();

    double now() {
        return at(System.nanoTime());
    }

    double at(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    synchronized void phase(String name) {
        phaseNames.add(name);
        phaseStarts.add(now());
    }

    synchronized void ingest(double second, double messagesPerSecond) {
        ingestPerSecond.add(new Point(second, messagesPerSecond));
    }

    synchronized void latency(double second, double millis) {
        latencyMs.add(new Point(second, millis));
    }

    synchronized void lookup(double second, double millis) {
        lookupMs.add(new Point(second, millis));
    }

    synchronized List<Point> ingest() {
        return List.copyOf(ingestPerSecond);
    }

    synchronized List<Point> latencies() {
        return List.copyOf(latencyMs);
    }

    synchronized List<Point> lookups() {
        return List.copyOf(lookupMs);
    }

    synchronized List<String> phaseNames() {
        return List.copyOf(phaseNames);
    }

    synchronized List<Double> phaseStarts() {
        return new ArrayList<>(phaseStarts);
    }
}
