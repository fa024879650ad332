package org.customerhub.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.customerhub.identity.ProfileUpdater;
import org.customerhub.identity.ProfileUpdater.Applied;
import org.customerhub.identity.ProfileUpdater.Pending;
import org.customerhub.identity.RepeatRule;
import org.customerhub.identity.UpdateOutcome;
import org.customerhub.load.RecordMapper.Mapped;
import org.customerhub.store.LoadRuns;
import org.customerhub.store.LoadRuns.Checkpoint;
import org.customerhub.store.LoadRuns.Counts;
import org.customerhub.store.LoadRuns.Run;
import org.customerhub.store.LoadRuns.State;
import org.customerhub.xml.RejectReason;
import org.customerhub.xml.RejectedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one load: reads the files in order, maps records on several threads (their results are taken in reading order,
 * so records about one person are applied in the order they come), and applies them in batches, each batch one
 * transaction that also records the load's counts and checkpoint. A second copy of a record (the same file loaded
 * again, or a record the message path took before) is known by its dedupe key and changes nothing.
 */
public final class Loader {
    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);
    /** A record loaded before changes nothing, and its events are not published again. */
    private static final RepeatRule LOADED_BEFORE = (tx, first, message) -> UpdateOutcome.ofResend();

    /** What to load and how; mapping is the column mapping's file for delimited files, else null. */
    record Job(String channel, List<Path> files, String mapping, boolean dryRun, long maxRejects, int batchSize,
               int threads, int resolvers) {
        /** The load's identity for resuming: the same channel, files and mapping. */
        String sources() {
            return files.stream().map(file -> file.toAbsolutePath().normalize().toString()).collect(Collectors.joining("\n"));
        }
    }

    /** How a load ended: DONE, STOPPED (Ctrl+C), FAILED (too many rejects, or an error), with its counts. */
    public record Result(String loadId, State state, String detail, Counts counts) {
    }

    /**
     * Upkeep of the store between two batches (on H2, compacting its file; on PostgreSQL, its planner's statistics);
     * none for a dry run. counts: the load's counts after the batch.
     */
    interface StoreUpkeep {
        void afterBatch(Progress progress, Counts counts);
    }

    /** Publishes a committed batch's change events (--publish-events); by default nothing is published. */
    interface Events {
        void publish(List<String> events);
    }

    private final Job job;
    private final RecordMapper mapper;
    private final ProfileUpdater profiles;
    private final LoadRuns runs;
    private final ReaderFactory readers;
    private final Events events;
    private final StoreUpkeep upkeep;
    private final Progress progress;
    private final PrintStream notes;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final Map<RejectReason, Long> reasons = new EnumMap<>(RejectReason.class);

    @FunctionalInterface
    interface ReaderFactory {
        RecordReader open(Path file) throws IOException, RejectedMessageException;
    }

    Loader(Job job, RecordMapper mapper, ProfileUpdater profiles, LoadRuns runs, ReaderFactory readers, Events events,
           StoreUpkeep upkeep, Progress progress, PrintStream notes) {
        this.job = job;
        this.mapper = mapper;
        this.profiles = profiles;
        this.runs = runs;
        this.readers = readers;
        this.events = events;
        this.upkeep = upkeep;
        this.progress = progress;
        this.notes = notes;
    }

    /** Asks the load to stop after the batch in hand (Ctrl+C): it commits it, records STOPPED and returns. */
    void requestStop() {
        stopRequested.set(true);
    }

    Result run() throws IOException {
        long bytesTotal = 0;
        for (Path file : job.files()) {
            bytesTotal += Files.size(file);
        }
        String loadId;
        Counts counts;
        Checkpoint checkpoint;
        Optional<Run> unfinished = job.dryRun() ? Optional.empty() : runs.unfinished(job.channel(), job.sources(), job.mapping());
        if (unfinished.isPresent()) {
            Run previous = unfinished.get();
            loadId = previous.loadId();
            counts = previous.counts();
            checkpoint = previous.checkpoint();
            runs.resume(loadId, now());
            progress.say("Resuming load " + loadId + " (" + previous.state() + "): file " + (checkpoint.fileIndex() + 1)
                    + " of " + job.files().size() + " after record " + checkpoint.fileRecords() + ", " + previous.counts().read()
                    + " records read before");
            LOG.info("Load {} resumed after record {} of file {}", loadId, checkpoint.fileRecords(), checkpoint.fileIndex() + 1);
        } else {
            loadId = UUID.randomUUID().toString();
            counts = Counts.NONE;
            checkpoint = Checkpoint.START;
            if (!job.dryRun()) {
                runs.start(loadId, job.channel(), job.sources(), job.mapping(), bytesTotal, now());
            }
            LOG.info("Load {} started: {} files of channel {}{}", loadId, job.files().size(), job.channel(),
                    job.dryRun() ? ", dry run" : "");
        }
        progress.show(counts);
        ExecutorService pool = Executors.newFixedThreadPool(job.threads(), runnable -> {
            Thread thread = new Thread(runnable, "load-mapper");
            thread.setDaemon(true);
            return thread;
        });
        // a batch's people are resolved ahead of its writer on threads of their own (ProfileUpdater.applyAll)
        ExecutorService resolving = job.resolvers() == 0 ? null : Executors.newFixedThreadPool(job.resolvers(), runnable -> {
            Thread thread = new Thread(runnable, "load-resolver");
            thread.setDaemon(true);
            return thread;
        });
        Batches batches = new Batches(loadId, counts, bytesBefore(checkpoint.fileIndex()), resolving);
        try {
            for (int index = checkpoint.fileIndex(); index < job.files().size(); index++) {
                boolean resumedFile = index == checkpoint.fileIndex();
                long skip = resumedFile ? checkpoint.fileRecords() : 0;
                long rejectBytes = resumedFile ? checkpoint.rejectBytes() : 0;
                Optional<String> stop = loadFile(index, skip, rejectBytes, pool, batches);
                if (stop.isPresent()) {
                    State state = stopRequested.get() ? State.STOPPED : State.FAILED;
                    return end(loadId, state, stop.get(), batches.counts);
                }
                batches.bytesBefore += Files.size(job.files().get(index));
            }
            return end(loadId, State.DONE, summary(batches.counts), batches.counts);
        } catch (RuntimeException | IOException failure) {
            end(loadId, State.FAILED, "failed: " + failure, batches.counts);
            throw failure;
        } finally {
            pool.shutdownNow();
            if (resolving != null) {
                resolving.shutdownNow();
            }
        }
    }

    /** Loads one file from its checkpoint; answers why the load stops, or empty when the file is done. */
    private Optional<String> loadFile(int index, long skip, long rejectBytes, ExecutorService pool, Batches batches)
            throws IOException {
        Path file = job.files().get(index);
        if (skip == 0 && !job.dryRun()) {
            Files.deleteIfExists(RejectFile.of(file));
        }
        try (RejectFile rejects = new RejectFile(file, rejectBytes)) {
            batches.open(index, rejects);
            RecordReader reader;
            try {
                reader = readers.open(file);
            } catch (RejectedMessageException unreadable) {
                batches.rejectFile(new SourceRecord(skip + 1, "file", ""), unreadable);
                batches.commit(null, skip + 1);
                return Optional.empty();
            }
            try (reader) {
                ArrayDeque<Future<Mapped>> inFlight = new ArrayDeque<>();
                int window = job.batchSize() * 2;
                long last = skip;
                while (true) {
                    Optional<SourceRecord> next;
                    try {
                        next = reader.next();
                    } catch (RejectedMessageException unreadable) {
                        // the rest of the file is one reject: what was read before it is still applied
                        Optional<String> stop = drain(inFlight, batches, reader);
                        if (stop.isPresent()) {
                            return stop;
                        }
                        batches.rejectFile(new SourceRecord(last + 1, "the rest of the file", ""), unreadable);
                        batches.commit(reader, last + 1);
                        return Optional.empty();
                    }
                    if (next.isEmpty()) {
                        break;
                    }
                    SourceRecord record = next.get();
                    last = record.number();
                    if (record.number() <= skip) {
                        continue;
                    }
                    inFlight.add(pool.submit(() -> mapper.map(record)));
                    if (inFlight.size() >= window) {
                        Optional<String> stop = take(inFlight.poll(), batches, reader);
                        if (stop.isPresent()) {
                            return stop;
                        }
                    }
                }
                Optional<String> stop = drain(inFlight, batches, reader);
                if (stop.isEmpty()) {
                    batches.commit(reader, last);
                }
                return stop;
            }
        }
    }

    private Optional<String> drain(ArrayDeque<Future<Mapped>> inFlight, Batches batches, RecordReader reader) throws IOException {
        while (!inFlight.isEmpty()) {
            Optional<String> stop = take(inFlight.poll(), batches, reader);
            if (stop.isPresent()) {
                return stop;
            }
        }
        return Optional.empty();
    }

    /** Adds a mapped record to the batch; commits a full batch; answers why the load stops, if it does. */
    private Optional<String> take(Future<Mapped> future, Batches batches, RecordReader reader) throws IOException {
        Mapped mapped;
        try {
            mapped = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the load was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("mapping a record failed: " + e.getCause(), e.getCause());
        }
        batches.add(mapped);
        long rejected = batches.counts.rejected() + batches.pendingRejects();
        if (job.maxRejects() >= 0 && rejected > job.maxRejects()) {
            batches.commit(reader, mapped.source().number());
            return Optional.of("stopped: " + rejected + " records rejected, more than --max-rejects " + job.maxRejects()
                    + " (" + reasonSummary() + "); wrong file or wrong mapping? see " + batches.rejects.path());
        }
        if (batches.full() || stopRequested.get()) {
            batches.commit(reader, mapped.source().number());
            if (stopRequested.get()) {
                return Optional.of("stopped on request after " + batches.counts.read() + " records; the same command resumes it");
            }
        }
        return Optional.empty();
    }

    private Result end(String loadId, State state, String detail, Counts counts) {
        if (!job.dryRun()) {
            runs.end(loadId, state, detail, now());
        }
        LOG.info("Load {} ended {}: {}; {} records resolved ahead of the writer, {} resolved again from the search made ahead",
                loadId, state, detail, profiles.resolvedAhead(), profiles.searchedAhead());
        return new Result(loadId, state, detail, counts);
    }

    private String summary(Counts counts) {
        return String.format("%d read, %d valid, %d rejected, %d created, %d matched, %d merged, %d possible matches, "
                        + "%d loaded before", counts.read(), counts.valid(), counts.rejected(), counts.created(), counts.matched(),
                counts.merged(), counts.possible(), counts.repeated());
    }

    private String reasonSummary() {
        return reasons.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    private long bytesBefore(int fileIndex) throws IOException {
        long bytes = 0;
        for (int i = 0; i < fileIndex; i++) {
            bytes += Files.size(job.files().get(i));
        }
        return bytes;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** The batch in hand, and the counts and checkpoint as committed. */
    private final class Batches {
        final String loadId;
        Counts counts;
        long bytesBefore;
        int fileIndex;
        RejectFile rejects;
        final List<Mapped> batch = new ArrayList<>();
        long batchRejects;

        final ExecutorService resolving;

        Batches(String loadId, Counts counts, long bytesBefore, ExecutorService resolving) {
            this.loadId = loadId;
            this.counts = counts;
            this.bytesBefore = bytesBefore;
            this.resolving = resolving;
        }

        void open(int index, RejectFile file) {
            this.fileIndex = index;
            this.rejects = file;
        }

        void add(Mapped mapped) {
            batch.add(mapped);
            if (mapped.rejected() != null) {
                batchRejects++;
            }
        }

        boolean full() {
            return batch.size() >= job.batchSize();
        }

        long pendingRejects() {
            return batchRejects;
        }

        void rejectFile(SourceRecord where, RejectedMessageException why) {
            add(new Mapped(where, null, why));
        }

        /** Commits the batch with the checkpoint "records up to lastRecord of this file". */
        void commit(RecordReader reader, long lastRecord) {
            List<Mapped> records = List.copyOf(batch);
            batch.clear();
            batchRejects = 0;
            List<Mapped> applying = new ArrayList<>();
            for (Mapped mapped : records) {
                if (mapped.rejected() != null) {
                    reject(mapped.source(), mapped.rejected());
                } else {
                    applying.add(mapped);
                }
            }
            List<Pending> pending = applying.stream().map(Mapped::pending).toList();
            long bytesRead = bytesBefore + (reader == null ? 0 : reader.bytesRead());
            Counts[] committed = new Counts[1];
            List<Applied> applied = profiles.applyAll(pending, LOADED_BEFORE, (tx, outcomes) -> {
                long failed = 0;
                for (int i = 0; i < outcomes.size(); i++) {
                    if (outcomes.get(i).failure() != null) {
                        failed++;
                        RuntimeException failure = outcomes.get(i).failure();
                        reject(applying.get(i).source(), new RejectedMessageException(RejectReason.PROCESSING_FAILED,
                                failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure));
                    }
                }
                Counts batchCounts = countsOf(records.size(), records.size() - pending.size() + failed, outcomes,
                        bytesRead - counts.bytesRead());
                committed[0] = counts.plus(batchCounts);
                if (!job.dryRun()) {
                    LoadRuns.checkpoint(tx, loadId, committed[0], new Checkpoint(fileIndex, lastRecord, rejects.length()), now());
                }
            }, job.dryRun(), resolving);
            counts = committed[0];
            if (events != null) {
                events.publish(applied.stream().filter(a -> a.outcome() != null).flatMap(a -> a.outcome().events().stream()).toList());
            }
            progress.show(counts);
            if (!job.dryRun()) {
                upkeep.afterBatch(progress, counts);
            }
        }

        private void reject(SourceRecord source, RejectedMessageException why) {
            reasons.merge(why.reason(), 1L, Long::sum);
            if (job.dryRun()) {
                notes.println("reject " + source.position() + ": " + why.reason() + " " + why.getMessage());
                return;
            }
            try {
                rejects.write(source, why);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + rejects.path(), e);
            }
        }
    }

    private static Counts countsOf(long read, long rejected, List<Applied> outcomes, long bytes) {
        long valid = 0;
        long created = 0;
        long matched = 0;
        long merged = 0;
        long possible = 0;
        long repeated = 0;
        for (Applied applied : outcomes) {
            UpdateOutcome outcome = applied.outcome();
            if (outcome == null) {
                continue;
            }
            valid++;
            if (outcome.repeat() != UpdateOutcome.Repeat.NONE) {
                repeated++;
                continue;
            }
            created += outcome.created();
            matched += Math.max(0, outcome.customers().size() - outcome.created());
            merged += outcome.merged();
            possible += outcome.possibleMatches();
        }
        return new Counts(bytes, read, valid, rejected, created, matched, merged, possible, repeated);
    }
}
