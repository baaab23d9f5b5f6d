-- GUIDs compare case-insensitively, as Microsoft's do (csv-contract.md): the key columns hold each id
-- in lower case, so joins and duplicate checks see one tenant or user whatever the case a file used,
-- and the written_* columns keep the id as its file wrote it, for the reports.

ALTER TABLE e4_tenant ADD COLUMN written_tenant_id VARCHAR(36);
UPDATE e4_tenant SET written_tenant_id = tenant_id;
ALTER TABLE e4_tenant ALTER COLUMN written_tenant_id SET NOT NULL;

ALTER TABLE e4_user ADD COLUMN written_tenant_id VARCHAR(36);
ALTER TABLE e4_user ADD COLUMN written_user_id VARCHAR(36);
UPDATE e4_user SET written_tenant_id = tenant_id, written_user_id = user_id;
ALTER TABLE e4_user ALTER COLUMN written_tenant_id SET NOT NULL;
ALTER TABLE e4_user ALTER COLUMN written_user_id SET NOT NULL;

ALTER TABLE e4_reassignment ADD COLUMN written_tenant_id VARCHAR(36);
ALTER TABLE e4_reassignment ADD COLUMN written_user_id VARCHAR(36);
UPDATE e4_reassignment SET written_tenant_id = tenant_id, written_user_id = user_id;
ALTER TABLE e4_reassignment ALTER COLUMN written_tenant_id SET NOT NULL;
ALTER TABLE e4_reassignment ALTER COLUMN written_user_id SET NOT NULL;

-- A migration begun by an earlier version carries on with lower-case keys too; a pair of ids that
-- differ only in case (which that version let in twice) keeps its keys as they were.
UPDATE e4_tenant SET tenant_id = LOWER(tenant_id)
WHERE tenant_id <> LOWER(tenant_id)
  AND NOT EXISTS (SELECT 1 FROM e4_tenant o WHERE o.migration_id = e4_tenant.migration_id
                  AND o.tenant_id = LOWER(e4_tenant.tenant_id));
UPDATE e4_user SET tenant_id = LOWER(tenant_id), user_id = LOWER(user_id)
WHERE (tenant_id <> LOWER(tenant_id) OR user_id <> LOWER(user_id))
  AND NOT EXISTS (SELECT 1 FROM e4_user o WHERE o.migration_id = e4_user.migration_id
                  AND o.tenant_id = LOWER(e4_user.tenant_id) AND o.user_id = LOWER(e4_user.user_id));
UPDATE e4_reassignment SET tenant_id = LOWER(tenant_id), user_id = LOWER(user_id)
WHERE (tenant_id <> LOWER(tenant_id) OR user_id <> LOWER(user_id))
  AND NOT EXISTS (SELECT 1 FROM e4_reassignment o WHERE o.migration_id = e4_reassignment.migration_id
                  AND o.tenant_id = LOWER(e4_reassignment.tenant_id) AND o.user_id = LOWER(e4_reassignment.user_id));
UPDATE e4_cancellation SET tenant_id = LOWER(tenant_id)
WHERE tenant_id <> LOWER(tenant_id)
  AND NOT EXISTS (SELECT 1 FROM e4_cancellation o WHERE o.migration_id = e4_cancellation.migration_id
                  AND o.tenant_id = LOWER(e4_cancellation.tenant_id));

-- A users.csv row rejected for any reason may name an accepted tenant: that tenant keeps its source
-- subscription (eligibility-rules.md), so the reject remembers the tenant it names (lower case).
ALTER TABLE e4_reject ADD COLUMN tenant_id VARCHAR(36);
CREATE INDEX e4_reject_by_tenant ON e4_reject (migration_id, tenant_id);
