-- Issue 15. A move was keyed by its tenant's and user's ids. Those are random GUIDs, so each
-- planned move went into the key's index at a random place: the plan touched pages all over it
-- and committed them all (about 6.5 of the plan's 22 s at a million users, measured on H2 by
-- planning the same database with and without that key). A move is now keyed by where its user
-- stands in the files (the tenant's line in tenants.csv, the user's in users.csv). The plan
-- writes moves in that order, so the key's index only grows at its end, and it is the order
-- reassignments.csv is written in, so it also replaces the index kept for that. It is as unique
-- as the ids: each user has one line. Statements that found a move by its ids now find it by its
-- batch (the moves) or its lines (the plan, the rollback, the console).
-- Rebuilt rather than altered: H2 and PostgreSQL name a primary key differently.
CREATE TABLE e4_reassignment_v8 (
    migration_id        BIGINT        NOT NULL,
    tenant_line         BIGINT        NOT NULL,
    user_line           BIGINT        NOT NULL,
    tenant_id           VARCHAR(36)   NOT NULL,
    user_id             VARCHAR(36)   NOT NULL,
    written_tenant_id   VARCHAR(36)   NOT NULL,
    written_user_id     VARCHAR(36)   NOT NULL,
    user_principal_name VARCHAR(4096) NOT NULL,
    from_sku            VARCHAR(4096) NOT NULL,
    to_sku              VARCHAR(4096) NOT NULL,
    disabled_plans      VARCHAR(4096),
    status              VARCHAR(16)   NOT NULL,
    detail              VARCHAR(256),
    batch               INTEGER,
    CONSTRAINT e4_reassignment_in_the_files PRIMARY KEY (migration_id, tenant_line, user_line)
);

INSERT INTO e4_reassignment_v8 (migration_id, tenant_line, user_line, tenant_id, user_id, written_tenant_id,
    written_user_id, user_principal_name, from_sku, to_sku, disabled_plans, status, detail, batch)
SELECT migration_id, tenant_line, user_line, tenant_id, user_id, written_tenant_id, written_user_id,
    user_principal_name, from_sku, to_sku, disabled_plans, status, detail, batch
FROM e4_reassignment
-- in key order: the rows of a migration made before this version stay together
ORDER BY 1, 2, 3;

DROP TABLE e4_reassignment;
ALTER TABLE e4_reassignment_v8 RENAME TO e4_reassignment;
CREATE INDEX e4_reassignment_by_batch ON e4_reassignment (migration_id, batch, user_id);
