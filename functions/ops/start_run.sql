-- Every maintenance job records its run, so `stockdb maintenance status`
-- can say when it last ran, how long it took and how it ended. Runs of the
-- same job older than 90 days are dropped here, so the record stays small
-- (with their integrity findings) without a job of its own.
CREATE OR REPLACE FUNCTION ops.start_run(job_name text)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    DELETE FROM ops.maintenance_run AS r
    WHERE r.job_name = start_run.job_name AND r.started_at < now() - interval '90 days';
    INSERT INTO ops.maintenance_run (job_name) VALUES (start_run.job_name) RETURNING id INTO v_id;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION ops.start_run(text) IS
'Records the start of a maintenance run (status running) and returns its id for ops.finish_run; '
'forgets runs of the same job older than 90 days.';
