-- ops.expire_reservations: release reservations past their expires_at.
-- No SET search_path: a procedure with one may not COMMIT. Every name in it
-- is schema-qualified, and pg_catalog is searched first anyway.
CREATE OR REPLACE PROCEDURE ops.expire_reservations(batch_size integer DEFAULT 500)
LANGUAGE plpgsql
AS $$
DECLARE
    v_due record;
    v_expired integer := 0;
    v_run bigint := ops.start_run('expire-reservations');
BEGIN
    FOR v_due IN
        SELECT r.tenant_id, r.id
        FROM inventory.reservation AS r
        WHERE r.status = 'active' AND r.expires_at < pg_catalog.now()
        ORDER BY r.expires_at
        LIMIT expire_reservations.batch_size
    LOOP
        BEGIN
            PERFORM inventory.close_reservation(v_due.tenant_id, v_due.id, 'expired');
            v_expired := v_expired + 1;
        EXCEPTION WHEN SQLSTATE 'SD003' THEN
            -- Released or fulfilled since we looked: nothing to expire.
            NULL;
        END;
        -- One reservation per transaction: each holds its product's lock only briefly.
        COMMIT;
    END LOOP;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('expired', v_expired));
    COMMIT;
    RAISE NOTICE 'expired % reservation(s)', v_expired;
END
$$;

COMMENT ON PROCEDURE ops.expire_reservations (integer) IS
'Releases up to batch_size active reservations whose expires_at has passed (status expired), one '
'transaction each, and records the run in ops.maintenance_run. Run by pg_cron, or by `CALL ops.expire_reservations()`.';
