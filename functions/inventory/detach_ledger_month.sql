-- inventory.detach_ledger_month: take one old month out of the ledger
-- without changing what the ledger says. Its sums per balance go into
-- inventory.ledger_carry in the same transaction as the DETACH, so at every
-- commit a balance equals its carry plus the rows still attached.
CREATE OR REPLACE FUNCTION inventory.detach_ledger_month(month regclass, range_from timestamptz, range_to timestamptz)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_rows bigint;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_inherits AS i
        WHERE i.inhrelid = detach_ledger_month.month AND i.inhparent = 'inventory.stock_movement'::regclass
    ) OR detach_ledger_month.month = 'inventory.stock_movement_default'::regclass THEN
        RAISE EXCEPTION '% is not a monthly partition of the ledger', detach_ledger_month.month
            USING ERRCODE = '22023',
                  DETAIL = 'Only the ledger''s dated partitions are detached; the default one stays.',
                  HINT = 'partman.show_partitions(''inventory.stock_movement'') lists them.';
    END IF;
    -- No row may enter the month between its sum and the DETACH. The api
    -- writes only at now(), so this waits for nothing but a backdated insert.
    EXECUTE format('LOCK TABLE %s IN SHARE MODE', detach_ledger_month.month);
    EXECUTE format($sql$
        WITH month_sum AS (
            SELECT m.tenant_id, m.product_id, m.batch_id, m.location_id, count(*) AS movements,
                   coalesce(sum(m.quantity) FILTER (WHERE m.movement_type NOT IN ('reservation', 'release')), 0)
                       AS on_hand,
                   coalesce(-sum(m.quantity) FILTER (WHERE m.movement_type IN ('reservation', 'release')), 0)
                       AS reserved
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
    $sql$, detach_ledger_month.month) INTO v_rows USING detach_ledger_month.range_to;

    EXECUTE format('ALTER TABLE inventory.stock_movement DETACH PARTITION %s', detach_ledger_month.month);
    -- DETACH drops the row triggers the partition had from the ledger; a
    -- detached month stays as unchangeable as it was.
    EXECUTE format(
        'CREATE TRIGGER _010_append_only BEFORE UPDATE OR DELETE ON %s '
        'FOR EACH ROW EXECUTE FUNCTION inventory.tg_stock_movement__append_only()', detach_ledger_month.month
    );
    EXECUTE format(
        'CREATE TRIGGER _010_append_only_truncate BEFORE TRUNCATE ON %s '
        'FOR EACH STATEMENT EXECUTE FUNCTION inventory.tg_stock_movement__append_only()', detach_ledger_month.month
    );
    EXECUTE format(
        'COMMENT ON TABLE %s IS %L', detach_ledger_month.month,
        format('Ledger rows from %s to %s, detached from inventory.stock_movement on %s (%s rows); '
               'their sums are in inventory.ledger_carry. Append-only, like the ledger.',
               detach_ledger_month.range_from, detach_ledger_month.range_to, now()::date, v_rows)
    );
    INSERT INTO ops.detached_ledger_month (table_name, range_from, range_to, row_count)
    VALUES (detach_ledger_month.month::text, detach_ledger_month.range_from, detach_ledger_month.range_to, v_rows);
    RETURN v_rows;
END
$$;
COMMENT ON FUNCTION inventory.detach_ledger_month(regclass, timestamptz, timestamptz) IS
'Detaches one monthly partition of the ledger (kept as an append-only table), first adding what its rows '
'sum to per balance into inventory.ledger_carry; returns its row count. Needs the ledger''s owner; '
'ops.run_partition_maintenance calls it.';
