package org.customerhub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.customerhub.TestHub;
import org.customerhub.faults.HubProcess;
import org.junit.jupiter.api.Test;

/** bin/broker's main class refuses what would start a broker badly: a public address with the demo users, no role. */
class BrokerMainTest {

    @Test
    void aPublicAddressWithTheDemoBrokerUsersIsRefused() throws Exception {
        Run run = broker("--primary", "--data", Path.of("target", "broker-main", UUID.randomUUID().toString()).toString(),
                "--bind", "0.0.0.0:" + TestHub.freePort());
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("demo credentials are in place", "broker user hub");
    }

    @Test
    void neitherPrimaryNorBackupIsAUsageError() throws Exception {
        Run run = broker("--data", "target/broker-main/none", "--bind", "127.0.0.1:" + TestHub.freePort());
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("say --primary or --backup", "usage: bin/broker");
    }

    private record Run(int exit, String output) {
    }

    private static Run broker(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", HubProcess.classPath(), BrokerMain.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the broker did not stop: " + output);
        }
        return new Run(process.exitValue(), output);
    }
}
