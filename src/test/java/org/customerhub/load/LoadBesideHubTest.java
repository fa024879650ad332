package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.customerhub.faults.HubProcess;
import org.junit.jupiter.api.Test;

/** On H2 a load runs against a stopped hub's store: beside a running hub (a JVM of its own) it refuses, saying why. */
class LoadBesideHubTest {
    @Test
    void aLoadRefusesAnH2StoreARunningHubHolds() throws Exception {
        LoadFiles files = new LoadFiles();
        Path orders = files.write("orders.xml", LoadFiles.sequence(List.of(LoadFiles.orderOfPerson(900, 0, 1))));
        Files.createDirectories(files.folder.resolve("hub"));
        HubProcess hub = new HubProcess(files.folder.resolve("hub"), Map.of(), List.of("-Xmx384m"));
        hub.start();
        try {
            Properties sameStore = new Properties();
            sameStore.setProperty("hub.data-dir", files.folder.resolve("hub/data").toString());
            assertThatThrownBy(() -> LoadMain.load(sameStore, new String[] {"--channel", "catalogue", orders.toString()},
                    new PrintStream(new ByteArrayOutputStream(), true)))
                    .hasMessageContaining("is in use by another process, a running hub")
                    .hasMessageContaining("an H2 store is loaded while the hub is stopped");
        } finally {
            hub.stop();
        }
        // the same command once the hub has stopped
        Properties stopped = new Properties();
        stopped.setProperty("hub.data-dir", files.folder.resolve("hub/data").toString());
        Loader.Result result = LoadMain.load(stopped, new String[] {"--channel", "catalogue", orders.toString()},
                new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(result.counts().created()).isEqualTo(1);
    }
}
