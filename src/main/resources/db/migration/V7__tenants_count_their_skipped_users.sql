-- Issue 15. The cancellation step needs, for each tenant, the users left on the source plan
-- (its SKIPPED moves). Counting them with the tenants read every move again: 4 to 6 s at a
-- million users, as long as the floor's whole cancel and report. The plan now stores the count
-- with the tenant and the moves add the users a gateway skipped, each in the transaction that
-- writes those moves, so the count follows the moves through any restart. A database made
-- before this version gets its counts from the moves already stored.
ALTER TABLE e4_tenant ADD COLUMN skipped_users INTEGER DEFAULT 0 NOT NULL;
UPDATE e4_tenant SET skipped_users = (
    SELECT COUNT(*) FROM e4_reassignment r
    WHERE r.migration_id = e4_tenant.migration_id AND r.tenant_id = e4_tenant.tenant_id AND r.status = 'SKIPPED');
