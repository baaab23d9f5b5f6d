-- Issue 15. A dry run no longer stores its moves: it writes its plan straight into
-- reassignments.csv. The cancellation step still needs each tenant's users left on the source
-- plan, and the first of them are the holders the plan skips (no usage location, a group
-- license): the user import now counts those with the tenant, in the transaction that stores
-- them, so both runs know them before any plan. skipped_users keeps the users a gateway skipped;
-- the plan no longer adds its own skips to it.
-- A database made before this version gets the new count from its users, and loses from
-- skipped_users the plan's skips already counted there (the SKIPPED moves without a batch).
ALTER TABLE e4_tenant ADD COLUMN unlicensable_holders INTEGER DEFAULT 0 NOT NULL;
UPDATE e4_tenant SET unlicensable_holders = (
    SELECT COUNT(*) FROM e4_user u
    WHERE u.migration_id = e4_tenant.migration_id AND u.tenant_line = e4_tenant.line_number
      AND u.holds_source = TRUE
      AND (u.usage_location IS NULL OR TRIM(u.usage_location) = '' OR u.license_assignment = 'GROUP'));
UPDATE e4_tenant SET skipped_users = skipped_users - (
    SELECT COUNT(*) FROM e4_reassignment r
    WHERE r.migration_id = e4_tenant.migration_id AND r.tenant_line = e4_tenant.line_number
      AND r.status = 'SKIPPED' AND r.batch IS NULL);
