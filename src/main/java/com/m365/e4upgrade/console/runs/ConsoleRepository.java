package com.m365.e4upgrade.console.runs;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The console's own tables (V4__console_tables.sql): the uploads it keeps, the audit
 * trail of each migration, and the samples of users moved over time.
 */
public class ConsoleRepository {

    /** One line of a migration's audit trail. */
    public record AuditEntry(String action, String actor, LocalDateTime at, String detail) {
    }

    /** A users-moved count at one moment of a run. */
    public record Sample(long jobExecutionId, LocalDateTime at, long usersMoved) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public ConsoleRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Remembers an upload; the same content uploaded again keeps its first record. */
    public void saveUpload(StoredUpload upload, String by) {
        MapSqlParameterSource row = new MapSqlParameterSource("sha", upload.sha256())
            .addValue("name", upload.originalName())
            .addValue("size", upload.size())
            .addValue("by", by)
            .addValue("at", Timestamp.valueOf(LocalDateTime.now()));
        try {
            jdbc.update("""
                    INSERT INTO e4_console_upload (sha256, original_name, size_bytes, uploaded_by, uploaded_at)
                    VALUES (:sha, :name, :size, :by, :at)""", row);
        }
        catch (DuplicateKeyException sameContent) {
            // kept already: the first upload's name and time stay
        }
    }

    /** The name the file had when it was uploaded, by content. */
    public Optional<String> uploadName(String sha256) {
        return jdbc
            .query("SELECT original_name FROM e4_console_upload WHERE sha256 = :sha",
                    new MapSqlParameterSource("sha", sha256), (rs, n) -> rs.getString(1))
            .stream()
            .findFirst();
    }

    public void audit(long migrationId, String action, String actor, String detail) {
        jdbc.update("""
                INSERT INTO e4_console_audit (migration_id, action, actor, occurred_at, detail)
                VALUES (:m, :action, :actor, :at, :detail)""",
                new MapSqlParameterSource("m", migrationId).addValue("action", action)
                    .addValue("actor", actor)
                    .addValue("at", Timestamp.valueOf(LocalDateTime.now()))
                    .addValue("detail", detail));
    }

    public List<AuditEntry> auditTrail(long migrationId) {
        return jdbc.query(
                "SELECT action, actor, occurred_at, detail FROM e4_console_audit WHERE migration_id = :m ORDER BY id",
                new MapSqlParameterSource("m", migrationId), (rs, n) -> new AuditEntry(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toLocalDateTime(), rs.getString(4)));
    }

    /**
     * The migrations started from the console, and by whom: the others came from the
     * command line.
     */
    public Map<Long, String> startedBy() {
        Map<Long, String> starters = new java.util.HashMap<>();
        jdbc.query("SELECT migration_id, actor FROM e4_console_audit WHERE action = 'STARTED' ORDER BY id DESC", rs -> {
            starters.put(rs.getLong(1), rs.getString(2));
        });
        return starters;
    }

    public void sample(long migrationId, long jobExecutionId, long usersMoved) {
        jdbc.update("""
                INSERT INTO e4_console_sample (migration_id, job_execution_id, sampled_at, users_moved)
                VALUES (:m, :e, :at, :moved)""",
                new MapSqlParameterSource("m", migrationId).addValue("e", jobExecutionId)
                    .addValue("at", Timestamp.valueOf(LocalDateTime.now()))
                    .addValue("moved", usersMoved));
    }

    public List<Sample> samples(long migrationId) {
        return jdbc.query("""
                SELECT job_execution_id, sampled_at, users_moved FROM e4_console_sample
                WHERE migration_id = :m ORDER BY sampled_at""", new MapSqlParameterSource("m", migrationId),
                (rs, n) -> new Sample(rs.getLong(1), rs.getTimestamp(2).toLocalDateTime(), rs.getLong(3)));
    }

}
