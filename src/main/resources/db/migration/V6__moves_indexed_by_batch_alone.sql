-- Issue 15. The reassign step reads the moves of a range of batches and records each user's
-- outcome by changing its status. With the status in the index, every outcome moved an index
-- entry (a removal and an insertion, committed with the row); without it, recording an outcome
-- rewrites the row alone (in place in H2 2.5 and, as a HOT update, in PostgreSQL). The reader
-- keeps only the PLANNED rows of its range, which after a restart means passing over the moves
-- of that range already done.
DROP INDEX e4_reassignment_by_batch;
CREATE INDEX e4_reassignment_by_batch ON e4_reassignment (migration_id, batch, user_id);
