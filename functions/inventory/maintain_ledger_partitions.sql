-- inventory.maintain_ledger_partitions: the work of
-- ops.run_partition_maintenance, as the ledger's owner.
CREATE OR REPLACE FUNCTION inventory.maintain_ledger_partitions()
RETURNS void
LANGUAGE plpgsql
VOLATILE
-- As the ledger's owner: attaching and detaching a partition needs the
-- parent's owner, and stockdb_maintenance, which runs the other jobs, is not it.
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- pg_partman makes a month with ATTACH PARTITION, which takes SHARE UPDATE
-- EXCLUSIVE on the ledger: movements go on, but a VACUUM or another DDL can
-- hold it, and a run should end rather than hang (the next hourly one tries
-- again). Detaching waits less: inventory.detach_ledger_months.
SET lock_timeout = '5s'
-- Only so that the TimeZone set below is the function's alone: PostgreSQL
-- restores at exit what a function's SET clauses name, and nothing else.
SET TimeZone = 'UTC'
AS $$
DECLARE
    v_run bigint := ops.start_run('partition-maintenance');
    v_before integer;
    v_after integer;
    v_keep integer;
    v_detached jsonb := '[]';
    v_adopted jsonb := '[]';
    v_detail jsonb;
BEGIN
    -- The months' zone, for pg_partman and for what follows.
    PERFORM set_config('TimeZone', inventory.ledger_time_zone(), true);
    SELECT count(*) INTO v_before FROM pg_catalog.pg_inherits AS i
    WHERE i.inhparent = 'inventory.stock_movement'::regclass;
    BEGIN
        -- First, or pg_partman cannot make a month the default holds rows of.
        v_adopted := inventory.adopt_default_ledger_rows();
        PERFORM partman.run_maintenance(p_parent_table => 'inventory.stock_movement', p_analyze => false, p_jobmon => false);
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
        RETURN;
    END;

    SELECT r.keep_months INTO v_keep FROM ops.ledger_retention AS r;
    IF v_keep IS NOT NULL THEN
        BEGIN
            v_detached := inventory.detach_ledger_months(date_trunc('month', now()) - make_interval(months => v_keep));
        EXCEPTION WHEN OTHERS THEN
            -- The months made ahead stay; the detaching is undone as a whole.
            v_detail := ops.failure_detail(SQLSTATE, SQLERRM);
        END;
    END IF;

    SELECT count(*) INTO v_after FROM pg_catalog.pg_inherits AS i
    WHERE i.inhparent = 'inventory.stock_movement'::regclass;
    PERFORM ops.finish_run(
        v_run, CASE WHEN v_detail IS NULL THEN 'ok' ELSE 'failed' END,
        coalesce(v_detail, '{}') || jsonb_build_object(
            'partitions_before', v_before, 'partitions_after', v_after, 'keep_months', v_keep,
            'detached', v_detached, 'adopted', v_adopted
        )
    );
END
$$;
COMMENT ON FUNCTION inventory.maintain_ledger_partitions() IS
'The work of ops.run_partition_maintenance (which see), as the ledger''s owner; leaves the session''s '
'search_path set to pg_catalog, pg_temp, as pg_partman does.';
