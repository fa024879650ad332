package org.customerhub.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * CPU time used so far by the hub's JVM (which embeds the broker) and by this driver's JVM, as the operating system
 * counts it: what a phase cost the machine per message, beside how long it took. On two cores a second holds
 * 2,000 ms of CPU, so a phase that costs c ms per message cannot run faster than 2,000 / c messages a second.
 */
record CpuUse(double hubSeconds, double driverSeconds) {

    static CpuUse now(long hubPid) {
        return new CpuUse(seconds(ProcessHandle.of(hubPid)), seconds(Optional.of(ProcessHandle.current())));
    }

    /** Milliseconds of CPU per message, both JVMs together, from start until now. */
    double msPerMessageSince(CpuUse start, int messages) {
        return (hubSeconds - start.hubSeconds + driverSeconds - start.driverSeconds) * 1000 / messages;
    }

    /** Milliseconds of the hub JVM's CPU per message from start until now. */
    double hubMsPerMessageSince(CpuUse start, int messages) {
        return (hubSeconds - start.hubSeconds) * 1000 / messages;
    }

    private static double seconds(Optional<ProcessHandle> process) {
        return process.flatMap(handle -> handle.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
