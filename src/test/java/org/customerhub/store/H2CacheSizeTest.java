package org.customerhub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

import org.customerhub.TestHub;
import org.junit.jupiter.api.Test;

/**
 * H2 keeps the page cache size last set on a store in the store itself: a store a bulk tool filled with a large cache
 * (bench/run's seeder used 256 MB) would give a hub started on it that cache in its heap. The hub sets its own.
 */
class H2CacheSizeTest {
    private static final String CACHE_MAX_MB =
            "SELECT CAST(SETTING_VALUE AS BIGINT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'";

    @Test
    void theHubUsesItsOwnPageCacheWhateverTheStoreWasLastOpenedWith() throws Exception {
        TestHub hub = TestHub.isolated(new Properties());
        hub.stop();
        // as a bulk load leaves it: a connection that set a 256 MB cache, closing the store
        try (Connection bulk = DriverManager.getConnection("jdbc:h2:file:./" + hub.dataDir() + "/db/customerhub;CACHE_SIZE=262144",
                "sa", "")) {
            bulk.createStatement().execute("SHUTDOWN");
        }
        TestHub restarted = hub.restartedWith(new Properties());
        try {
            assertEquals(16, restarted.count(CACHE_MAX_MB));
        } finally {
            restarted.stop();
        }
    }
}
