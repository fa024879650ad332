package org.customerhub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.customerhub.TestHub;
import org.customerhub.identity.HubWritePath;
import org.junit.jupiter.api.Test;

/**
 * H2 keeps the page cache size last set on a store in the store itself: a store a bulk tool filled with a large cache
 * (bench/run's seeder used 256 MB) would give a hub started on it that cache in its heap. The hub sets its own.
 */
class H2CacheSizeTest {
    private static final String CACHE_MAX_MB =
            "SELECT CAST(SETTING_VALUE AS BIGINT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'";

    /** The cache the shipped hub.db.url sets (CACHE_SIZE in KB), so a change of it is not read as this failure. */
    private static long shippedCacheMegabytes(Path storeFolder) throws Exception {
        Matcher cacheSize = Pattern.compile(";CACHE_SIZE=(\\d+)").matcher(HubWritePath.storeUrl(storeFolder));
        assertTrue(cacheSize.find(), "the shipped hub.db.url sets CACHE_SIZE");
        return Long.parseLong(cacheSize.group(1)) / 1024;
    }

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
            assertEquals(shippedCacheMegabytes(hub.dataDir().resolve("db")), restarted.count(CACHE_MAX_MB));
        } finally {
            restarted.stop();
        }
    }
}
