package org.customerhub.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.customerhub.xml.DocumentFormat;

/**
 * For bench/load-floor: what reading, checking and mapping a delimited file's records costs a load on one thread, the
 * load's own steps without the store; and the store's URL as the hub's settings give it for a data folder.
 */
public final class MappingCost {
    private MappingCost() {
    }

    /** The hub's store URL for this data folder. */
    public static String storeUrl(Path dataDir) {
        return new LoadMain.Settings(dataDir(dataDir)).get("hub.db.url");
    }

    /**
     * CPU of this thread a record, in ms, over the file's records after the first warmUp (the JIT compiler's work
     * mostly done by then), mapped as the load maps them for the channel.
     */
    public static double msPerRecord(Path dataDir, String channel, Path mappingProperties, Path file, int warmUp) throws Exception {
        LoadMain.Settings settings = new LoadMain.Settings(dataDir(dataDir));
        RowFormat rows = RowFormat.load(mappingProperties);
        DocumentFormat format = DocumentFormat.load(channel, settings.path("hub.channel." + channel + ".schema"));
        RecordMapper mapper = LoadMain.recordMapper(settings, channel, format, rows);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long records = 0;
        long cpuAtStart = 0;
        try (RecordReader reader = new DelimitedRows(file, rows)) {
            for (Optional<SourceRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                if (records++ == warmUp) {
                    cpuAtStart = threads.getCurrentThreadCpuTime();
                }
                RecordMapper.Mapped mapped = mapper.map(next.get());
                if (mapped.rejected() != null) {
                    throw new IllegalStateException(next.get().position() + " rejected: " + mapped.rejected().getMessage());
                }
            }
        }
        if (records <= warmUp) {
            throw new IllegalArgumentException("no record after the warm-up of " + warmUp);
        }
        return (threads.getCurrentThreadCpuTime() - cpuAtStart) / 1e6 / (records - warmUp);
    }

    private static Properties dataDir(Path dataDir) {
        Properties overrides = new Properties();
        overrides.setProperty("hub.data-dir", dataDir.toString());
        return overrides;
    }
}
