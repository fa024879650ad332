package org.customerhub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.customerhub.faults.HubProcess;

/**
 * The value fit over a large base in a JVM of its own with the hub's JVM options (ValueFit --hub-fit), so that its
 * time and heap are those of a hub's heap limit, not of this driver's.
 */
final class ValueFitRun {
    private ValueFitRun() {
    }

    /** The fit's "value fit: ..." line. */
    static String run(List<String> hubJvm, int customers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(hubJvm);
        command.addAll(List.of("-cp", HubProcess.classPath(), ValueFit.class.getName(), "--hub-fit", Integer.toString(customers)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith("value fit:")) {
                    result = line;
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the value fit over " + customers + " customers failed:\n" + String.join("\n", output));
        }
        return result;
    }
}
