-- ops.run_partition_maintenance: months ahead for the ledger, by pg_partman,
-- and, when a retention is set, old months out of it.
--
-- pg_partman sets the search_path for the session, not the call, and puts
-- back what it found: inside a function with SET search_path, that is the
-- function's value, which then outlives the function. So the work runs in
-- inventory.maintain_ledger_partitions, and this procedure, which has no
-- SET clause of its own (and so names pg_catalog itself), puts the caller's
-- search_path back afterwards.
CREATE OR REPLACE PROCEDURE ops.run_partition_maintenance()
LANGUAGE plpgsql
AS $$
DECLARE
    v_search_path text := pg_catalog.current_setting('search_path');
BEGIN
    PERFORM inventory.maintain_ledger_partitions();
    PERFORM pg_catalog.set_config('search_path', v_search_path, false);
END
$$;
COMMENT ON PROCEDURE ops.run_partition_maintenance () IS
'Moves ledger rows that fell into the default partition into months made for them '
'(inventory.adopt_default_ledger_rows), runs pg_partman''s maintenance for the ledger (creates the months '
'ahead its premake asks for), then, '
'when ops.ledger_retention sets keep_months, detaches every month that ended before the keep_months whole '
'months before the current one (inventory.detach_ledger_months). Records the partition count before and '
'after, each month detached and each adopted, in ops.maintenance_run. Leaves the caller''s search_path as it found it.';
