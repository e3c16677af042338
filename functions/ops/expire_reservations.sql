-- ops.expire_reservations: release reservations past their expires_at.
-- One reservation per transaction, each under its stock lock, taken with a
-- lock_timeout of its own: with none, one product × warehouse held by a
-- session left idle in transaction stopped the whole run there, every
-- overdue reservation behind it with it, and pg_cron runs a job's next run
-- only after the last ends, so none expired until that session ended. A
-- reservation whose stock stays busy past 5 s is left for the next run
-- (counted as busy), and so, without waiting, is every other reservation
-- behind the same lock in this run (inventory.busy_stock_key says which):
-- each waited 5 s of its own, so a held hot product with a few hundred
-- overdue reservations kept the run for half an hour.
-- A run goes on, batch_size reservations read at a time, until none is left
-- overdue. It stopped after batch_size (500): at most 500 expired a minute,
-- so where more came due (abandoned carts of a busy shop) the backlog grew
-- for good, each one holding its stock long past its time, and a held
-- product's 500 overdue ones filled every run.
-- Another error ends the run as failed.
-- No SET search_path: a procedure with one may not COMMIT. Every name in it
-- is schema-qualified, and pg_catalog is searched first anyway.
CREATE OR REPLACE PROCEDURE ops.expire_reservations(batch_size integer DEFAULT 500)
LANGUAGE plpgsql
AS $$
DECLARE
    v_due record;
    v_expired integer := 0;
    v_busy integer := 0;
    v_state text;
    v_message text;
    v_run bigint;
    v_seen integer;
    v_after_at timestamptz := '-infinity';
    v_after_id uuid;
    v_busy_keys bigint[] := '{}';
    v_key bigint;
BEGIN
    -- Checked before the run is recorded: a batch_size of -1 failed in the
    -- LIMIT (a bare 2201W) after it was, and left the run 'running' for good.
    IF expire_reservations.batch_size IS NULL OR expire_reservations.batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be positive' USING ERRCODE = '22023',
            DETAIL = pg_catalog.format('batch_size => %s.', coalesce(expire_reservations.batch_size::text, 'NULL')),
            HINT = 'Leave it at its default of 500.';
    END IF;
    v_run := ops.start_run('expire-reservations');
    COMMIT;
    <<pages>>
    LOOP
        v_seen := 0;
        FOR v_due IN
            SELECT r.tenant_id, r.id, r.product_id, r.warehouse_id, r.expires_at,
                   inventory.warehouse_stock_key(r.tenant_id, r.warehouse_id) AS gate,
                   inventory.stock_lock_key(r.tenant_id, r.product_id, r.warehouse_id) AS stock
            FROM inventory.reservation AS r
            WHERE r.status = 'active' AND r.expires_at < pg_catalog.now()
              AND r.expires_at >= v_after_at AND (r.expires_at > v_after_at OR r.id > v_after_id)
            ORDER BY r.expires_at, r.id
            LIMIT expire_reservations.batch_size
        LOOP
            v_seen := v_seen + 1;
            v_after_at := v_due.expires_at;
            v_after_id := v_due.id;
            IF v_due.gate = ANY (v_busy_keys) OR v_due.stock = ANY (v_busy_keys) THEN
                v_busy := v_busy + 1;
                CONTINUE;
            END IF;
            BEGIN
                PERFORM pg_catalog.set_config('lock_timeout', '5s', true);
                PERFORM inventory.close_reservation(v_due.tenant_id, v_due.id, 'expired');
                v_expired := v_expired + 1;
            EXCEPTION
                WHEN SQLSTATE 'SD003' THEN
                    -- Released or fulfilled since we looked: nothing to expire.
                    NULL;
                WHEN lock_not_available THEN
                    v_busy := v_busy + 1;
                    v_key := inventory.busy_stock_key(v_due.tenant_id, v_due.product_id, v_due.warehouse_id);
                    IF v_key IS NOT NULL THEN
                        v_busy_keys := v_busy_keys || v_key;
                    END IF;
                WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
            END;
            COMMIT;
            EXIT pages WHEN v_state IS NOT NULL;
        END LOOP;
        EXIT WHEN v_seen < expire_reservations.batch_size;
    END LOOP;
    IF v_state IS NULL THEN
        PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('expired', v_expired, 'busy', v_busy));
    ELSE
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(v_state, v_message));
    END IF;
    COMMIT;
    RAISE NOTICE 'expired % reservation(s), % left busy', v_expired, v_busy;
END
$$;

COMMENT ON PROCEDURE ops.expire_reservations (integer) IS
'Releases every active reservation whose expires_at has passed (status expired), oldest first, reading '
'batch_size at a time, one transaction each under its stock lock. One whose stock stays busy past a 5 s '
'lock_timeout is left for the next run, and so, without waiting, are the others behind the same lock (that '
'product in that warehouse, or the whole warehouse while an import holds it). Records the run (expired, busy) '
'in ops.maintenance_run. Run by pg_cron, or by `CALL ops.expire_reservations()`. '
'Errors: 22023 batch_size NULL or below 1.';
