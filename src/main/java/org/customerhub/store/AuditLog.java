package org.customerhub.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.commons.codec.digest.DigestUtils;
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

    /** What a file's change is known by in its entry: a hash of the content it put in place. */
    public static String contentMark(String content) {
        return "sha256 " + DigestUtils.sha256Hex(content);
    }

    /**
     * Records a file's change, its first line of detail ending in the content's mark, unless the newest entry on that
     * file already ends so: hub nodes that share a config folder all see one change on disk, and whichever node made it
     * through the admin API (or saw it first) has audited it. Returns whether this call recorded it.
     */
    public boolean recordFileChange(String actor, String action, String file, String firstLine, String content, String diff) {
        String mark = contentMark(content);
        return jdbi.inTransaction(handle -> {
            Optional<String> newest = handle.createQuery(
                            "SELECT detail FROM audit_log WHERE target = :target ORDER BY id DESC LIMIT 1")
                    .bind("target", file).mapTo(String.class).findOne();
            if (newest.map(detail -> detail.lines().findFirst().orElse("").endsWith(mark)).orElse(false)) {
                return false;
            }
            handle.createUpdate("""
                            INSERT INTO audit_log (at, actor, action, target, detail) VALUES (:at, :actor, :action, :target, :detail)""")
                    .bind("at", OffsetDateTime.now(ZoneOffset.UTC)).bind("actor", actor).bind("action", action)
                    .bind("target", file).bind("detail", firstLine + ", " + mark + "\n" + diff).execute();
            return true;
        });
    }

    /** The newest entries first. */
    public List<Entry> latest(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit).mapTo(Entry.class).list());
    }
}
