-- Issue 14. V5 rather than V4, which another change (the console) may take.

-- The disabled plans of the source license as users.csv gave them. The embedded gateway rewrites
-- disabled_plans when it moves a user (the plans kept on the target); a rollback gives the source
-- back with these. A migration imported before this version has only what disabled_plans holds now.
ALTER TABLE e4_user ADD COLUMN imported_disabled_plans VARCHAR(4096);
UPDATE e4_user SET imported_disabled_plans = disabled_plans;

-- One row per user a rollback puts back on the source plan: PLANNED, then ROLLED_BACK or SKIPPED.
-- Keyed by the migration, not by the rollback run: a user rolled back once is never planned again.
-- A dry run plans rows of its own, which no move ever reads.
CREATE TABLE e4_rollback (
    migration_id        BIGINT        NOT NULL,
    dry_run             BOOLEAN       NOT NULL,
    tenant_id           VARCHAR(36)   NOT NULL,
    user_id             VARCHAR(36)   NOT NULL,
    written_tenant_id   VARCHAR(36)   NOT NULL,
    written_user_id     VARCHAR(36)   NOT NULL,
    user_principal_name VARCHAR(4096) NOT NULL,
    -- the plan the user leaves (the migration's target) and the one given back (its source)
    from_sku            VARCHAR(4096) NOT NULL,
    to_sku              VARCHAR(4096) NOT NULL,
    -- the user's original disabled plans of the source license
    disabled_plans      VARCHAR(4096),
    status              VARCHAR(16)   NOT NULL,
    detail              VARCHAR(256),
    batch               INTEGER,
    tenant_line         BIGINT        NOT NULL,
    user_line           BIGINT        NOT NULL,
    PRIMARY KEY (migration_id, dry_run, tenant_id, user_id)
);

CREATE INDEX e4_rollback_by_batch ON e4_rollback (migration_id, dry_run, status, batch, user_id);

-- The inventory's output lines, written in the chunk that read their tenant, so that a killed
-- inventory resumes after its last committed tenant and writes its files from here at the end.
CREATE TABLE e4_inventory_line (
    inventory_id BIGINT          NOT NULL,
    file_name    VARCHAR(32)     NOT NULL,
    tenant_line  BIGINT          NOT NULL,
    seq          INTEGER         NOT NULL,
    line         VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (inventory_id, file_name, tenant_line, seq)
);
