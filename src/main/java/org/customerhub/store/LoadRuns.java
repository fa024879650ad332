package org.customerhub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Initial loads as the store records them: each load's counts and checkpoint, written in the transaction of every batch
 * it commits (so they never run ahead of what is stored), and a sample of its progress per batch for the rate chart.
 */
public final class LoadRuns {
    /** RUNNING also for a load whose process died: its row stops being updated, and the same command resumes it. */
    public enum State { RUNNING, STOPPED, FAILED, DONE }

    /** What a load did so far; repeated counts records loaded before (by an earlier load or the message path). */
    public record Counts(long bytesRead, long read, long valid, long rejected, long created, long matched, long merged,
                         long possible, long repeated) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Counts plus(Counts more) {
            return new Counts(bytesRead + more.bytesRead, read + more.read, valid + more.valid, rejected + more.rejected,
                    created + more.created, matched + more.matched, merged + more.merged, possible + more.possible,
                    repeated + more.repeated);
        }
    }

    /** Files before fileIndex are done, and the first fileRecords records of that file; its reject file was rejectBytes long. */
    public record Checkpoint(int fileIndex, long fileRecords, long rejectBytes) {
        public static final Checkpoint START = new Checkpoint(0, 0, 0);
    }

    public record Run(String loadId, String channel, String sources, String mapping, State state, String detail,
                      OffsetDateTime startedAt, OffsetDateTime updatedAt, OffsetDateTime finishedAt, long bytesTotal,
                      Counts counts, Checkpoint checkpoint) {
    }

    public record Sample(OffsetDateTime at, long read) {
    }

    private static final String COLUMNS = """
            load_id, channel, sources, mapping, state, detail, started_at, updated_at, finished_at, bytes_total, bytes_read,
            read_count, valid_count, rejected_count, created_count, matched_count, merged_count, possible_count,
            repeated_count, file_index, file_records, reject_bytes\s""";

    private final Jdbi jdbi;

    public LoadRuns(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** The newest load of these sources that did not finish, to resume. */
    public Optional<Run> unfinished(String channel, String sources, String mapping) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                         FROM load_run WHERE channel = :channel AND sources = :sources
                         AND COALESCE(mapping, '') = :mapping AND state <> 'DONE' ORDER BY started_at DESC LIMIT 1""")
                .bind("channel", channel).bind("sources", sources).bind("mapping", mapping == null ? "" : mapping)
                .map(LoadRuns::run).findOne());
    }

    public void start(String loadId, String channel, String sources, String mapping, long bytesTotal, OffsetDateTime now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO load_run (load_id, channel, sources, mapping, dry_run, state, started_at, updated_at,
                            bytes_total, bytes_read, read_count, valid_count, rejected_count, created_count, matched_count,
                            merged_count, possible_count, repeated_count, file_index, file_records, reject_bytes)
                        VALUES (:id, :channel, :sources, :mapping, FALSE, 'RUNNING', :now, :now, :total,
                            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)""")
                .bind("id", loadId).bind("channel", channel).bind("sources", sources).bind("mapping", mapping)
                .bind("now", now).bind("total", bytesTotal).execute());
    }

    public void resume(String loadId, OffsetDateTime now) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE load_run SET state = 'RUNNING', detail = NULL, finished_at = NULL, updated_at = :now WHERE load_id = :id")
                .bind("id", loadId).bind("now", now).execute());
    }

    /** Written in the transaction of the batch it counts: the checkpoint is exactly what is stored. */
    public static void checkpoint(StoreTransaction tx, String loadId, Counts counts, Checkpoint checkpoint, OffsetDateTime now) {
        Handle handle = tx.handle();
        handle.createUpdate("""
                        UPDATE load_run SET updated_at = :now, bytes_read = :c.bytesRead, read_count = :c.read,
                            valid_count = :c.valid, rejected_count = :c.rejected, created_count = :c.created,
                            matched_count = :c.matched, merged_count = :c.merged, possible_count = :c.possible,
                            repeated_count = :c.repeated, file_index = :p.fileIndex, file_records = :p.fileRecords,
                            reject_bytes = :p.rejectBytes
                        WHERE load_id = :id""")
                .bind("id", loadId).bind("now", now).bindMethods("c", counts).bindMethods("p", checkpoint).execute();
        handle.createUpdate("INSERT INTO load_sample (load_id, at, read_count) VALUES (:id, :now, :read)")
                .bind("id", loadId).bind("now", now).bind("read", counts.read()).execute();
    }

    /** Ends a load: DONE, or STOPPED and FAILED with why, which the same command then resumes. */
    public void end(String loadId, State state, String detail, OffsetDateTime now) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE load_run SET state = :state, detail = :detail, updated_at = :now, finished_at = :now WHERE load_id = :id")
                .bind("id", loadId).bind("state", state.name()).bind("detail", detail).bind("now", now).execute());
    }

    /** The newest loads first. */
    public List<Run> latest(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM load_run ORDER BY started_at DESC LIMIT :limit")
                .bind("limit", limit).map(LoadRuns::run).list());
    }

    public Optional<Run> run(String loadId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM load_run WHERE load_id = :id")
                .bind("id", loadId).map(LoadRuns::run).findOne());
    }

    /** A load's progress samples, oldest first; at most limit of them, the newest. */
    public List<Sample> samples(String loadId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT at, read_count FROM (SELECT at, read_count FROM load_sample WHERE load_id = :id
                        ORDER BY at DESC LIMIT :limit) newest ORDER BY at""")
                .bind("id", loadId).bind("limit", limit)
                .map((rows, ctx) -> new Sample(rows.getObject(1, OffsetDateTime.class), rows.getLong(2))).list());
    }

    private static Run run(ResultSet rows, StatementContext context) throws SQLException {
        return new Run(rows.getString("load_id"), rows.getString("channel"), rows.getString("sources"),
                rows.getString("mapping"), State.valueOf(rows.getString("state")), rows.getString("detail"),
                rows.getObject("started_at", OffsetDateTime.class), rows.getObject("updated_at", OffsetDateTime.class),
                rows.getObject("finished_at", OffsetDateTime.class), rows.getLong("bytes_total"),
                new Counts(rows.getLong("bytes_read"), rows.getLong("read_count"), rows.getLong("valid_count"),
                        rows.getLong("rejected_count"), rows.getLong("created_count"), rows.getLong("matched_count"),
                        rows.getLong("merged_count"), rows.getLong("possible_count"), rows.getLong("repeated_count")),
                new Checkpoint(rows.getInt("file_index"), rows.getLong("file_records"), rows.getLong("reject_bytes")));
    }
}
