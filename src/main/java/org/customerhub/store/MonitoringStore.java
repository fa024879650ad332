package org.customerhub.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;

/** The per-minute history of each channel's and partner's traffic, kept for a bounded number of hours. */
public final class MonitoringStore {
    private final Jdbi jdbi;

    /** One source's traffic in one minute; p95Millis is null for a minute without a timed message. */
    public record Minute(String source, Instant minute, int messages, int errors, Long p95Millis) {
    }

    public MonitoringStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Stores closed minutes; a minute stored before (a hub restarted within it) is replaced. */
    public void save(List<Minute> minutes) {
        if (minutes.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            for (Minute minute : minutes) {
                OffsetDateTime at = minute.minute().atOffset(ZoneOffset.UTC);
                handle.createUpdate("DELETE FROM monitoring_minutes WHERE source = :source AND starts_at = :minute")
                        .bind("source", minute.source()).bind("minute", at).execute();
                handle.createUpdate("""
                                INSERT INTO monitoring_minutes (source, starts_at, messages, errors, p95_ms)
                                VALUES (:source, :minute, :messages, :errors, :p95)""")
                        .bind("source", minute.source()).bind("minute", at).bind("messages", minute.messages())
                        .bind("errors", minute.errors()).bind("p95", minute.p95Millis()).execute();
            }
        });
    }

    /** Every stored minute from the given instant on, oldest first. */
    public List<Minute> since(Instant from) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT source, starts_at, messages, errors, p95_ms FROM monitoring_minutes
                        WHERE starts_at >= :from ORDER BY starts_at, source""")
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .map((rows, context) -> new Minute(rows.getString("source"),
                        rows.getObject("starts_at", OffsetDateTime.class).toInstant(), rows.getInt("messages"),
                        rows.getInt("errors"), rows.getObject("p95_ms") == null ? null : rows.getLong("p95_ms")))
                .list());
    }

    /** Deletes the minutes before the given instant: what keeps the table bounded. */
    public int deleteBefore(Instant before) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM monitoring_minutes WHERE starts_at < :before")
                .bind("before", before.atOffset(ZoneOffset.UTC)).execute());
    }
}
