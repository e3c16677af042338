-- The end of a maintenance run: how it went and what it did.
CREATE OR REPLACE FUNCTION ops.finish_run(run_id bigint, status text, detail jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE ops.maintenance_run AS r
    SET finished_at = clock_timestamp(), status = finish_run.status, detail = coalesce(finish_run.detail, '{}')
    WHERE r.id = finish_run.run_id;
    IF finish_run.status = 'failed' THEN
        -- The run is recorded rather than rolled back, so the caller learns of
        -- the failure from the run's row and from this warning.
        RAISE WARNING 'maintenance run % failed: %', finish_run.run_id, finish_run.detail ->> 'error';
    END IF;
END
$$;
COMMENT ON FUNCTION ops.finish_run(bigint, text, jsonb) IS
'Records the end of a maintenance run: status ok or failed, and a detail object (counts, or the error).';
