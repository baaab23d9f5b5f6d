package com.m365.e4upgrade.postgres;

/**
 * The SQL the README gives operators for looking at migrations on PostgreSQL, kept here
 * so that the tests run exactly that text. {@code :migration_id} is a psql variable
 * ({@code \set migration_id 2}); the tests put the number in.
 */
final class OperatorQueries {

    private OperatorQueries() {
    }

    /**
     * Which migration (job instance) is which, and how each of its runs (executions)
     * ended.
     */
    static final String MIGRATIONS = """
            SELECT i.job_instance_id AS migration_id,
                   e.job_execution_id AS execution,
                   e.status,
                   MAX(CASE WHEN p.parameter_name = 'dry.run' THEN p.parameter_value END) AS dry_run,
                   MAX(CASE WHEN p.parameter_name = 'source.sku' THEN p.parameter_value END) AS source_sku,
                   e.start_time,
                   e.end_time,
                   MAX(CASE WHEN p.parameter_name = 'tenants.file' THEN p.parameter_value END) AS tenants_file,
                   MAX(CASE WHEN p.parameter_name = 'tenants.sha256' THEN p.parameter_value END) AS tenants_sha256,
                   MAX(CASE WHEN p.parameter_name = 'users.sha256' THEN p.parameter_value END) AS users_sha256
            FROM batch_job_instance i
            JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id
            JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
            WHERE i.job_name = 'e4UpgradeJob'
            GROUP BY i.job_instance_id, e.job_execution_id, e.status, e.start_time, e.end_time
            ORDER BY e.job_execution_id""";

    /**
     * Every tenant of a migration in file order: its verdict, its E4 subscription, its
     * users' moves.
     */
    static final String TENANTS = """
            SELECT t.line_number, t.tenant_id, t.tenant_name, t.verdict,
                   c.status AS subscription, c.detail,
                   CASE WHEN t.first_batch IS NULL THEN 0 ELSE t.source_holders END AS users_to_move,
                   COUNT(r.user_id) FILTER (WHERE r.status = 'REASSIGNED') AS moved,
                   CASE WHEN t.first_batch IS NULL THEN 0 ELSE t.source_holders - COUNT(r.user_id) END AS not_yet_moved
            FROM e4_tenant t
            LEFT JOIN e4_cancellation c ON c.migration_id = t.migration_id AND c.tenant_id = t.tenant_id
            LEFT JOIN e4_reassignment r ON r.migration_id = t.migration_id AND r.tenant_line = t.line_number
            WHERE t.migration_id = :migration_id
            GROUP BY t.line_number, t.tenant_id, t.tenant_name, t.verdict, c.status, c.detail, t.first_batch,
                     t.source_holders
            ORDER BY t.line_number""";

    /**
     * The users a migration has planned and not moved yet (a resumed run makes exactly
     * these moves), with their tenant's write batches.
     */
    static final String USERS_LEFT = """
            SELECT u.tenant_id, u.user_id, u.user_principal_name, t.target_sku, t.first_batch, t.last_batch
            FROM e4_user u
            JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.tenant_id = u.tenant_id
            WHERE u.migration_id = :migration_id AND u.holds_source AND t.first_batch IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM e4_reassignment r WHERE r.migration_id = u.migration_id
                              AND r.tenant_line = u.tenant_line AND r.user_line = u.line_number)
            ORDER BY u.tenant_line, u.line_number""";

    /** How far the moves of a migration are. */
    static final String PROGRESS = """
            SELECT status, COUNT(*) AS users
            FROM e4_reassignment
            WHERE migration_id = :migration_id
            GROUP BY status
            ORDER BY status""";

    /**
     * The session holding the database's run lock (the advisory lock 0x6534757067726164),
     * if any.
     */
    static final String RUN_LOCK_HOLDER = """
            SELECT a.pid, a.usename, a.client_addr, a.application_name, a.backend_start, a.state
            FROM pg_locks l
            JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid = 1697936752 AND l.objid = 1735549284 AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())""";

}
