package org.customerhub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A fresh, migrated H2 file store for each test of a class (registered with @RegisterExtension), deleted after it. */
final class H2StoreExtension implements BeforeEachCallback, AfterEachCallback {
    private Path folder;
    private HikariDataSource dataSource;
    private CustomerStore store;

    CustomerStore store() {
        return store;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("h2-store");
        dataSource = Database.pool("jdbc:h2:file:" + folder.resolve("store") + ";WRITE_DELAY=0", "hub", "hub", 2, 10_000);
        Database.migrate(dataSource);
        store = new CustomerStore(dataSource);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        dataSource.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
