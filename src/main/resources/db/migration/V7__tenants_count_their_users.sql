-- Issue 15. Two steps need a count of each tenant's users: eligibility, the users holding the
-- source plan (rule A); cancellation, the users left on it (the SKIPPED moves). Counting them
-- with the tenants read every user, or every move, again: 4 to 6 s each at a million users.
-- Each count is now kept with the tenant by the step that stores those rows, in the same
-- transaction, so it follows the rows through any restart: the user import adds the holders
-- it stores, the plan the users it skips, the moves the users a gateway skipped. A database
-- made before this version gets its counts from the rows already stored.
ALTER TABLE e4_tenant ADD COLUMN source_holders INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE e4_tenant ADD COLUMN skipped_users INTEGER DEFAULT 0 NOT NULL;
UPDATE e4_tenant SET source_holders = (
    SELECT COUNT(*) FROM e4_user u
    WHERE u.migration_id = e4_tenant.migration_id AND u.tenant_id = e4_tenant.tenant_id AND u.holds_source = TRUE);
UPDATE e4_tenant SET skipped_users = (
    SELECT COUNT(*) FROM e4_reassignment r
    WHERE r.migration_id = e4_tenant.migration_id AND r.tenant_id = e4_tenant.tenant_id AND r.status = 'SKIPPED');
