package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * People are resolved ahead of a batch's writer only where no other process writes while the batch is open: not on an
 * H2 store shared through H2's server mode, where a load is not run --alone either.
 */
class LoadResolversTest {

    @Test
    void anH2StoreOtherProcessesMayShareIsResolvedByTheWriterAlone() {
        assertThat(LoadMain.resolvers(settings("jdbc:h2:./data/db/hub;AUTO_SERVER=TRUE", "2"))).isZero();
        assertThat(LoadMain.resolvers(settings("jdbc:h2:tcp://localhost:9092/./data/db/hub", "2"))).isZero();
        assertThat(LoadMain.resolvers(settings("jdbc:h2:./data/db/hub;MODE=LEGACY", "2"))).isEqualTo(2);
        assertThat(LoadMain.resolvers(settings("jdbc:postgresql://db:5432/hub", "3"))).isEqualTo(3);
    }

    @Test
    void aLoadAloneOnAnH2StoreOtherProcessesMayShareIsRefused() throws Exception {
        LoadFiles files = new LoadFiles();
        String url = "jdbc:h2:file:./" + files.folder.resolve("shared") + ";AUTO_SERVER=TRUE";
        assertThatThrownBy(() -> files.loadWith(Map.of("hub.db.url", url), "--channel", "catalogue", "--alone",
                files.write("orders.xml", LoadFiles.order(1, "0000001", "DOE, JANE", "1 HIGH ST", "01603", "5085550101", 1))
                        .toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--alone needs PostgreSQL");
        assertThat(Files.exists(files.folder.resolve("shared.mv.db"))).as("the store was not opened").isFalse();
    }

    @Test
    void aNegativeNumberOfThreadsIsRefused() {
        assertThatThrownBy(() -> LoadMain.resolvers(settings("jdbc:postgresql://db:5432/hub", "-1")))
                .hasMessageContaining("hub.load.resolvers");
    }

    private static LoadMain.Settings settings(String url, String resolvers) {
        Properties overrides = new Properties();
        overrides.setProperty("hub.db.url", url);
        overrides.setProperty("hub.load.resolvers", resolvers);
        return new LoadMain.Settings(overrides);
    }
}
