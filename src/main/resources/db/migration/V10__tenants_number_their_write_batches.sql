-- Issue 15. The plan step stored a PLANNED move for every user, which the moves then read back
-- and rewrote: 20 s of a million-user run. It now numbers each migrating tenant's write batches
-- from the users the tenant counts (source_holders - unlicensable_holders, every usersPerBatch
-- users a batch), and stores no move but those of a tenant all of whose holders it skips. The moves
-- read the users of their range of tenants, make the batches again in file order, and insert each
-- move with its outcome, and the users the plan skips with a batch of their tenant.
-- first_batch and last_batch are a tenant's write batches; first_batch = last_batch + 1 when it
-- has none (every holder skipped), and both are NULL until the plan step numbers the tenant.
ALTER TABLE e4_tenant ADD COLUMN first_batch INTEGER;
ALTER TABLE e4_tenant ADD COLUMN last_batch INTEGER;
-- The plan reads and numbers a chunk's tenants by their lines: without an index each statement
-- would read every tenant of the migration.
CREATE INDEX e4_tenant_in_file_order ON e4_tenant (migration_id, line_number);
-- The moves are now inserted once, never read back by batch: the batch index only cost each
-- insert a second index entry. A restarted partition finds the last batch it stored by the key,
-- which holds the tenants' lines in batch order.
DROP INDEX e4_reassignment_by_batch;
-- A database made before this version, in the middle of a migration, keeps the numbers its plan
-- stored; its moves still PLANNED go, since they are made again from the users, with the same
-- numbers. A tenant the plan reached without giving it a batch (every holder skipped) gets an empty
-- range after the batches before it. A dry run's tenants are not numbered: it moves nobody.
UPDATE e4_tenant SET
    first_batch = (SELECT MIN(r.batch) FROM e4_reassignment r
                   WHERE r.migration_id = e4_tenant.migration_id AND r.tenant_line = e4_tenant.line_number),
    last_batch = (SELECT MAX(r.batch) FROM e4_reassignment r
                  WHERE r.migration_id = e4_tenant.migration_id AND r.tenant_line = e4_tenant.line_number)
WHERE NOT EXISTS (SELECT 1 FROM batch_job_execution e
                  JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                  WHERE e.job_instance_id = e4_tenant.migration_id AND p.parameter_name = 'dry.run'
                    AND p.parameter_value = 'true');
UPDATE e4_tenant SET
    first_batch = COALESCE((SELECT MAX(r.batch) FROM e4_reassignment r
                            WHERE r.migration_id = e4_tenant.migration_id AND r.tenant_line < e4_tenant.line_number),
                           0) + 1
WHERE first_batch IS NULL
  AND EXISTS (SELECT 1 FROM e4_reassignment r
              WHERE r.migration_id = e4_tenant.migration_id AND r.tenant_line = e4_tenant.line_number)
  AND NOT EXISTS (SELECT 1 FROM batch_job_execution e
                  JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                  WHERE e.job_instance_id = e4_tenant.migration_id AND p.parameter_name = 'dry.run'
                    AND p.parameter_value = 'true');
UPDATE e4_tenant SET last_batch = first_batch - 1 WHERE first_batch IS NOT NULL AND last_batch IS NULL;
DELETE FROM e4_reassignment WHERE status = 'PLANNED';
