package org.customerhub.admin;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.customerhub.store.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches routes/ and config/ for changes made on disk (an editor, a git pull) and hands each file, once it has been
 * quiet for the debounce time, to {@link EditableFiles#adopt}: the same checks and safe apply as the admin API. Hub
 * nodes that share the folders (one machine, or a shared volume) each apply a change made through any node's admin API
 * this way, and it stays audited once.
 */
public final class FileWatcher extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);
    private static final String ACTOR = "disk";

    private final EditableFiles files;
    private final AuditLog audit;
    private final CamelContext context;
    private final long debounceMillis;
    private WatchService watcher;
    private Thread thread;

    public FileWatcher(EditableFiles files, AuditLog audit, CamelContext context, long debounceMillis) {
        this.files = files;
        this.audit = audit;
        this.context = context;
        this.debounceMillis = debounceMillis;
    }

    @Override
    protected void doStart() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        for (Path root : files.roots()) {
            try (Stream<Path> dirs = Files.walk(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                }
            }
        }
        thread = new Thread(this::watch, "hub-file-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void watch() {
        Map<Path, Long> quietAfter = new HashMap<>();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    Path dir = (Path) key.watchable();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.context() instanceof Path name && !name.getFileName().toString().startsWith(".")) {
                            quietAfter.put(dir.resolve(name), System.currentTimeMillis() + debounceMillis);
                        }
                    }
                    key.reset();
                }
                for (Iterator<Map.Entry<Path, Long>> due = quietAfter.entrySet().iterator(); due.hasNext(); ) {
                    Map.Entry<Path, Long> file = due.next();
                    if (file.getValue() <= System.currentTimeMillis()) {
                        due.remove();
                        adopt(file.getKey());
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void adopt(Path file) {
        try {
            Optional<EditableFiles.Outcome> outcome = files.adopt(file, context);
            if (outcome.isEmpty()) {
                return;
            }
            if (outcome.get().applied()) {
                boolean audited = audit.recordFileChange(ACTOR, "file.disk-change", files.pathOf(file),
                        "version " + outcome.get().historyVersion(), Files.readString(file), outcome.get().diff());
                LOG.info("Applied change to {} made {} (version {})", file.getFileName(),
                        audited ? "on disk" : "through another hub node or seen by it first", outcome.get().historyVersion());
            } else {
                LOG.warn("Rejected change to {} made on disk, the running version stays: {}", file.getFileName(),
                        outcome.get().detail());
            }
        } catch (Exception e) {
            LOG.warn("Could not take the change to {} made on disk: {}", file.getFileName(), e.toString());
        }
    }
}
