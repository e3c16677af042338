-- An import posts its whole sheet to the ledger in one statement, and the
-- balance row trigger would run one UPDATE per row: a third of an
-- opening-stock import. Rows an import posts (reference_type 'import_batch')
-- are kept from that trigger by its WHEN and added here instead, once per
-- statement, grouped by balance row. Which of the two adds a ledger row is
-- decided by the row itself, so each is added exactly once.

CREATE OR REPLACE FUNCTION inventory.tg_stock_movement__import_pending()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Set while the rows are written, before the statement trigger below is
    -- queued: its WHEN reads it, so a statement without import rows never
    -- calls it.
    PERFORM set_config('stockdb.import_balance_pending', 'on', true);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION inventory.tg_stock_movement__import_pending() IS
'BEFORE INSERT row trigger on the ledger, for import rows only: tells the statement''s import balance '
'trigger that it has rows to add.';

CREATE OR REPLACE FUNCTION inventory.tg_stock_movement__import_balance()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_gate record;
BEGIN
    -- Its WHEN called it because the flag is on; the next statement starts
    -- without it.
    PERFORM set_config('stockdb.import_balance_pending', '', true);

    -- An import holds the stock of the warehouses it posts to before it
    -- locks a balance (staging's apply functions took it already, before they
    -- wrote anything; then this takes nothing new).
    FOR v_gate IN
        SELECT l.tenant_id, array_agg(DISTINCT l.warehouse_id) AS warehouse_ids
        FROM (SELECT DISTINCT m.tenant_id, m.location_id FROM moved AS m WHERE m.reference_type = 'import_batch') AS m
        JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
        GROUP BY l.tenant_id
        ORDER BY l.tenant_id
    LOOP
        PERFORM inventory.lock_warehouse_stock(v_gate.tenant_id, v_gate.warehouse_ids);
    END LOOP;

    -- One statement, so one snapshot: a place with no balance row in it is
    -- inserted (or, when another transaction created it since, added to by
    -- ON CONFLICT), every other is locked and updated.
    WITH delta AS MATERIALIZED (
        SELECT m.tenant_id, m.product_id, m.location_id, m.batch_id,
               coalesce(sum(inventory.on_hand_delta(m.movement_type, m.quantity)), 0) AS on_hand,
               coalesce(sum(inventory.reserved_delta(m.movement_type, m.quantity)), 0) AS reserved
        FROM moved AS m
        WHERE m.reference_type = 'import_batch'
        GROUP BY m.tenant_id, m.product_id, m.location_id, m.batch_id
    ),
    -- Locked in id order, as staging.apply_cycle_counts locks them before
    -- it posts.
    locked AS MATERIALIZED (
        SELECT i.tenant_id, i.id, d.product_id, d.location_id, d.batch_id, d.on_hand, d.reserved
        FROM inventory.inventory AS i
        JOIN delta AS d
            ON i.tenant_id = d.tenant_id AND i.product_id = d.product_id AND i.location_id = d.location_id
           AND (i.batch_id = d.batch_id OR i.batch_id IS NULL AND d.batch_id IS NULL)
        WHERE i.deleted_at IS NULL
        ORDER BY i.tenant_id, i.id
        FOR UPDATE OF i
    ),
    updated AS (
        UPDATE inventory.inventory AS i
        SET on_hand = CASE WHEN i.on_hand + l.on_hand < 100000000000 THEN i.on_hand + l.on_hand
                           ELSE inventory.raise_balance_too_large(l.product_id, l.location_id, i.on_hand, l.on_hand)
                      END,
            reserved = i.reserved + l.reserved
        FROM locked AS l
        WHERE i.tenant_id = l.tenant_id AND i.id = l.id AND (l.on_hand <> 0 OR l.reserved <> 0)
    )
    -- The row as proposed must pass the CHECKs, so a new place cannot start
    -- below zero.
    INSERT INTO inventory.inventory AS i (tenant_id, product_id, batch_id, location_id, on_hand, reserved)
    SELECT d.tenant_id, d.product_id, d.batch_id, d.location_id,
           CASE WHEN d.on_hand < 100000000000 THEN d.on_hand
                ELSE inventory.raise_balance_too_large(d.product_id, d.location_id, 0, d.on_hand)
           END,
           d.reserved
    FROM delta AS d
    WHERE NOT EXISTS (
        SELECT 1 FROM locked AS l
        WHERE l.tenant_id = d.tenant_id AND l.product_id = d.product_id AND l.location_id = d.location_id
          AND l.batch_id IS NOT DISTINCT FROM d.batch_id
    )
    ORDER BY d.tenant_id, d.product_id, d.location_id, d.batch_id
    ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL
    DO UPDATE SET
        on_hand = CASE WHEN i.on_hand + excluded.on_hand < 100000000000 THEN i.on_hand + excluded.on_hand
                       ELSE inventory.raise_balance_too_large(i.product_id, i.location_id, i.on_hand, excluded.on_hand)
                  END,
        reserved = i.reserved + excluded.reserved;

    -- The alert trigger that follows judges every product and batch the
    -- statement moved.
    PERFORM set_config('stockdb.alerts_pending', 'on', true);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION inventory.tg_stock_movement__import_balance() IS
'AFTER INSERT statement trigger on the ledger: holds the stock of the warehouses the statement''s import '
'rows (reference_type import_batch) go to, adds them to their balance rows, one UPDATE and one INSERT for '
'all of them, and asks the alert trigger to judge what they moved. Other rows are added by the balance '
'row trigger.';

-- Once the flag is on, the rest of the statement's import rows need not call
-- the function to set it again: 100,000 calls were 2 % of an opening-stock
-- import. The flag is never on when a statement starts (the statement
-- trigger clears it, and an error rolls it back).
CREATE OR REPLACE TRIGGER _100_import_pending BEFORE INSERT ON inventory.stock_movement
FOR EACH ROW WHEN (
    NEW.reference_type = 'import_batch'
    AND current_setting('stockdb.import_balance_pending', TRUE) IS DISTINCT FROM 'on'
)
EXECUTE FUNCTION inventory.tg_stock_movement__import_pending();

CREATE OR REPLACE TRIGGER _150_import_balance AFTER INSERT ON inventory.stock_movement
REFERENCING NEW TABLE AS moved
FOR EACH STATEMENT WHEN (current_setting('stockdb.import_balance_pending', TRUE) = 'on')
EXECUTE FUNCTION inventory.tg_stock_movement__import_balance();
