-- ops.run_partition_maintenance: months ahead for the ledger, by pg_partman.
CREATE OR REPLACE PROCEDURE ops.run_partition_maintenance()
LANGUAGE plpgsql
-- As the ledger's owner: attaching a partition needs the parent's owner, and
-- stockdb_maintenance, which runs the other jobs, is not it.
SECURITY DEFINER
-- pg_partman sets its own search_path while it works; this keeps the
-- caller's session from inheriting it.
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_run bigint := ops.start_run('partition-maintenance');
    v_before integer;
    v_after integer;
BEGIN
    SELECT count(*) INTO v_before FROM pg_catalog.pg_inherits AS i
    WHERE i.inhparent = 'inventory.stock_movement'::regclass;
    BEGIN
        PERFORM partman.run_maintenance(p_parent_table => 'inventory.stock_movement', p_analyze => false, p_jobmon => false);
        SELECT count(*) INTO v_after FROM pg_catalog.pg_inherits AS i
        WHERE i.inhparent = 'inventory.stock_movement'::regclass;
        PERFORM ops.finish_run(v_run, 'ok', jsonb_build_object('partitions_before', v_before, 'partitions_after', v_after));
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
    END;
END
$$;
COMMENT ON PROCEDURE ops.run_partition_maintenance () IS
'Runs pg_partman''s maintenance for the ledger (creates the months ahead its premake asks for) and '
'records the partition count before and after in ops.maintenance_run.';
