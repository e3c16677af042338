-- inventory.detach_ledger_months: take the ledger's old months out of it
-- without changing what the ledger says. What each month sums to per
-- balance goes into inventory.ledger_carry in the same transaction as its
-- DETACH, so at every commit a balance equals its carry plus the rows still
-- attached. All the sums come first: from the ledger's lock to the commit no
-- movement can be written, so nothing slow happens in between.
CREATE OR REPLACE FUNCTION inventory.detach_ledger_months(ended_by timestamptz)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
-- Restored at exit, with the zone set below (see inventory.maintain_ledger_partitions).
SET TimeZone = 'UTC'
AS $$
DECLARE
    v_month record;
    v_months jsonb := '[]';
    v_rows bigint;
BEGIN
    -- Months are the ledger's, not the session's (see inventory.ledger_time_zone).
    PERFORM set_config('TimeZone', inventory.ledger_time_zone(), true);
    IF detach_ledger_months.ended_by IS NULL
       OR detach_ledger_months.ended_by > date_trunc('month', now()) - interval '4 months' THEN
        RAISE EXCEPTION 'only months that ended four whole months ago or earlier are detached'
            USING ERRCODE = '22023',
                  DETAIL = format('ended_by => %s; the earliest month kept starts %s.', detach_ledger_months.ended_by,
                                  date_trunc('month', now()) - interval '4 months'),
                  HINT = 'Reports read the last 90 days of the ledger; set the retention with '
                         'ops.set_ledger_retention and let partition maintenance detach.';
    END IF;
    FOR v_month IN
        SELECT format('%I.%I', p.partition_schemaname, p.partition_tablename)::regclass AS month,
               i.child_start_time AS range_from, i.child_end_time AS range_to
        FROM partman.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN LATERAL partman.show_partition_info(
            p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
        ) AS i
        WHERE i.child_end_time <= detach_ledger_months.ended_by
        ORDER BY i.child_start_time
    LOOP
        -- No row may enter the month between its sum and its DETACH. The api
        -- writes only at now(), so this waits for nothing but a backdated
        -- insert, and blocks no movement of the current month.
        EXECUTE format('LOCK TABLE %s IN SHARE MODE', v_month.month);
        EXECUTE format($sql$
            WITH month_sum AS (
                SELECT m.tenant_id, m.product_id, m.batch_id, m.location_id, count(*) AS movements,
                       coalesce(sum(inventory.on_hand_delta(m.movement_type, m.quantity)), 0) AS on_hand,
                       coalesce(sum(inventory.reserved_delta(m.movement_type, m.quantity)), 0) AS reserved
                FROM %s AS m
                GROUP BY m.tenant_id, m.product_id, m.batch_id, m.location_id
            ),
            carried AS (
                INSERT INTO inventory.ledger_carry AS c (
                    tenant_id, product_id, batch_id, location_id, on_hand, reserved, carried_to
                )
                SELECT s.tenant_id, s.product_id, s.batch_id, s.location_id, s.on_hand, s.reserved, $1
                FROM month_sum AS s
                ON CONFLICT ON CONSTRAINT ledger_carry_key DO UPDATE
                SET on_hand = c.on_hand + excluded.on_hand,
                    reserved = c.reserved + excluded.reserved,
                    carried_to = greatest(c.carried_to, excluded.carried_to)
            )
            SELECT coalesce(sum(s.movements), 0) FROM month_sum AS s
        $sql$, v_month.month) INTO v_rows USING v_month.range_to;
        INSERT INTO ops.detached_ledger_month (table_name, range_from, range_to, row_count)
        VALUES (v_month.month::text, v_month.range_from, v_month.range_to, v_rows);
        v_months := v_months || jsonb_build_object('table', v_month.month::text, 'rows', v_rows);
    END LOOP;

    -- Every movement queues behind a waiting ACCESS EXCLUSIVE request, and
    -- the api gives up on a lock after 5 s: so wait half a second at a time,
    -- a second apart, five times at most (a long report holds the ledger).
    IF jsonb_array_length(v_months) > 0 THEN
        PERFORM set_config('lock_timeout', '500ms', true);
        FOR v_try IN 1..5 LOOP
            BEGIN
                LOCK TABLE inventory.stock_movement IN ACCESS EXCLUSIVE MODE;
                EXIT;
            EXCEPTION WHEN lock_not_available THEN
                IF v_try = 5 THEN
                    RAISE EXCEPTION 'the ledger stayed busy: five waits of 500 ms for it ran out'
                        USING ERRCODE = '55P03',
                              DETAIL = format('Detaching %s month(s): %s.', jsonb_array_length(v_months),
                                              (SELECT string_agg(m ->> 'table', ', ') FROM jsonb_array_elements(v_months) AS m)),
                              HINT = 'Nothing was detached; the next partition-maintenance run tries again.';
                END IF;
                PERFORM pg_sleep(1);
            END;
        END LOOP;
    END IF;
    -- The months recorded above; the tables of months detached before may
    -- have been dropped since.
    FOR v_month IN
        SELECT i.inhrelid::regclass AS month, d.range_from, d.range_to, d.row_count
        FROM ops.detached_ledger_month AS d
        JOIN pg_catalog.pg_inherits AS i ON i.inhrelid = to_regclass(d.table_name)
        WHERE i.inhparent = 'inventory.stock_movement'::regclass
        ORDER BY d.range_from
    LOOP
        EXECUTE format('ALTER TABLE inventory.stock_movement DETACH PARTITION %s', v_month.month);
        -- DETACH drops the row triggers the partition had from the ledger; a
        -- detached month stays as unchangeable as it was.
        EXECUTE format(
            'CREATE TRIGGER _010_append_only BEFORE UPDATE OR DELETE ON %s '
            'FOR EACH ROW EXECUTE FUNCTION inventory.tg_stock_movement__append_only()', v_month.month
        );
        EXECUTE format(
            'CREATE TRIGGER _010_append_only_truncate BEFORE TRUNCATE ON %s '
            'FOR EACH STATEMENT EXECUTE FUNCTION inventory.tg_stock_movement__append_only()', v_month.month
        );
        EXECUTE format(
            'COMMENT ON TABLE %s IS %L', v_month.month,
            format('Ledger rows from %s to %s, detached from inventory.stock_movement on %s (%s rows); '
                   'their sums are in inventory.ledger_carry. Append-only, like the ledger.',
                   v_month.range_from, v_month.range_to, now()::date, v_month.row_count)
        );
    END LOOP;
    RETURN v_months;
END
$$;
COMMENT ON FUNCTION inventory.detach_ledger_months(timestamptz) IS
'Detaches every monthly partition of the ledger that ended by ended_by (at least four whole months ago), '
'each kept as an append-only table and listed in ops.detached_ledger_month, after adding what its rows sum '
'to per balance into inventory.ledger_carry; returns [{table, rows}]. Needs the ledger''s owner: '
'ops.run_partition_maintenance calls it. Errors: 22023 a month too recent; 55P03 the ledger stayed busy '
'(nothing detached).';
