package org.customerhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Seeded stores kept between benchmark runs (--seeded DIR): seeding a million customers takes minutes, copying the
 * store seconds. A store saved by bench/run holds what the earlier sizes' hubs of its run stored too.
 */
final class SeededStores {
    private SeededStores() {
    }

    /**
     * Seeds customers from..to-1 into the stopped hub's store in folder; with a saved-stores folder, copies in the store
     * of that size saved there instead, or saves a copy of the store just seeded for later runs.
     */
    static void seed(CustomerSeeder seeder, Path folder, Optional<Path> savedStores, int from, int to) throws Exception {
        Path store = folder.resolve("data/db/customerhub.mv.db");
        Optional<Path> saved = savedStores.map(dir -> dir.resolve("customers-" + to + ".mv.db"));
        if (saved.isPresent() && Files.exists(saved.get())) {
            long started = System.nanoTime();
            Files.createDirectories(store.getParent());
            Files.copy(saved.get(), store, StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("copied the store of %,d seeded customers from %s in %.0f s (hub stopped)%n", to, saved.get(),
                    (System.nanoTime() - started) / 1e9);
            return;
        }
        double seedSeconds = seeder.seed(from, to);
        System.out.printf("seeded %,d customers in %.0f s (hub stopped)%n", to - from, seedSeconds);
        if (saved.isPresent()) {
            Files.createDirectories(saved.get().getParent());
            Files.copy(store, saved.get(), StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("saved the seeded store for later runs: %s%n", saved.get());
        }
    }
}
