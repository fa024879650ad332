package org.customerhub.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * People are resolved ahead of a batch's writer only where no other process writes while the batch is open: not on an
 * H2 store shared through H2's server mode.
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
