package org.customerhub.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The record of admin actions: who did what to which target, when, and the detail (a diff, a count). */
public final class AuditLog {
    private final Jdbi jdbi;

    public record Entry(long id, OffsetDateTime at, String actor, String action, String target, String detail) {
    }

    public AuditLog(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
        jdbi.registerRowMapper(ConstructorMapper.factory(Entry.class));
    }

    public void record(String actor, String action, String target, String detail) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO audit_log (at, actor, action, target, detail) VALUES (:at, :actor, :action, :target, :detail)""")
                .bind("at", OffsetDateTime.now(ZoneOffset.UTC)).bind("actor", actor).bind("action", action)
                .bind("target", target).bind("detail", detail).execute());
    }

    /** The newest entries first. */
    public List<Entry> latest(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit).mapTo(Entry.class).list());
    }
}
