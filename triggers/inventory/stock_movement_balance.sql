-- Balances follow the ledger: each movement row adds its quantity to the
-- balance of its product, batch and location, in the same transaction.
CREATE OR REPLACE FUNCTION inventory.tg_stock_movement__balance()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_on_hand numeric(14, 3) := inventory.on_hand_delta(NEW.movement_type, NEW.quantity);
    v_reserved numeric(14, 3) := inventory.reserved_delta(NEW.movement_type, NEW.quantity);
    v_available numeric(14, 3);
    v_new_on_hand numeric(14, 3);
BEGIN

    -- Update first and create the row only when missing: an INSERT … ON
    -- CONFLICT would check the CHECKs against the proposed row (0 on hand,
    -- 4 reserved) before it found the existing one.
    FOR v_attempt IN 1..2 LOOP
        UPDATE inventory.inventory AS i
        SET on_hand = CASE WHEN i.on_hand + v_on_hand < 100000000000 THEN i.on_hand + v_on_hand
                           ELSE inventory.raise_balance_too_large(NEW.product_id, NEW.location_id, i.on_hand, v_on_hand)
                      END,
            reserved = i.reserved + v_reserved
        WHERE i.tenant_id = NEW.tenant_id
          AND i.product_id = NEW.product_id
          AND i.location_id = NEW.location_id
          AND (i.batch_id = NEW.batch_id OR i.batch_id IS NULL AND NEW.batch_id IS NULL)
          AND i.deleted_at IS NULL
        RETURNING i.available, i.on_hand INTO v_available, v_new_on_hand;
        EXIT WHEN FOUND;
        IF v_on_hand > 0 THEN
            -- Stock arriving at a new place: the row as it will be passes the
            -- CHECKs, so it is created with the stock, not created and updated.
            INSERT INTO inventory.inventory AS i (tenant_id, product_id, batch_id, location_id, on_hand)
            VALUES (NEW.tenant_id, NEW.product_id, NEW.batch_id, NEW.location_id, v_on_hand)
            ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL DO NOTHING
            RETURNING i.available, i.on_hand INTO v_available, v_new_on_hand;
            EXIT WHEN FOUND;
        ELSE
            INSERT INTO inventory.inventory (tenant_id, product_id, batch_id, location_id)
            VALUES (NEW.tenant_id, NEW.product_id, NEW.batch_id, NEW.location_id)
            ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL DO NOTHING;
        END IF;
    END LOOP;

    IF v_on_hand > 0 AND NEW.movement_type IN ('purchase_receipt', 'transfer_in', 'returned') THEN
        PERFORM inventory.check_capacity(NEW.tenant_id, NEW.location_id, v_on_hand);
    END IF;

    -- Available is never negative in any balance row, so a warehouse's sum is
    -- at least the available of each of its rows: while this row stays above
    -- the thresholds before and after the movement, so does the warehouse, and
    -- its stock alerts cannot change. A batch's stock can only start or stop
    -- being there when a row's on hand leaves or reaches 0. Only then, or
    -- while such an alert is raised, is the statement's alert trigger asked to
    -- judge (most movements are nowhere near a threshold). A reorder point is
    -- never negative, so it is the higher of the two thresholds.
    IF current_setting('stockdb.alerts_pending', true) IS DISTINCT FROM 'on' AND (
        NEW.batch_id IS NOT NULL AND (v_new_on_hand = 0) <> (v_new_on_hand - v_on_hand = 0)
        OR least(v_available, v_available - v_on_hand + v_reserved) <= (
            SELECT p.reorder_point FROM catalog.product AS p
            WHERE p.tenant_id = NEW.tenant_id AND p.id = NEW.product_id
        )
        -- The subject is made of parameters (the location's warehouse read
        -- first), so the alert state's key serves: made of a joined
        -- location's column, under row security it served no index
        -- (see inventory.judge_stock_alerts).
        OR EXISTS (
            SELECT 1
            FROM audit.alert_state AS s
            WHERE s.tenant_id = NEW.tenant_id AND s.alert_type IN ('low_stock', 'out_of_stock') AND s.active
              AND s.subject = NEW.product_id || '@' || (
                  SELECT l.warehouse_id FROM warehouse.location AS l
                  WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.location_id
              )
        )
    ) THEN
        PERFORM set_config('stockdb.alerts_pending', 'on', true);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION inventory.tg_stock_movement__balance() IS
'AFTER INSERT trigger on the ledger: adds each movement to its balance row (creating it), '
'so inventory.inventory always equals the sum of the ledger; refuses (22023) stock placed into a location '
'beyond its capacity; and asks the statement''s alert trigger to judge when the movement could change an alert.';

-- Rows an import posts are added per statement instead
-- (stock_movement_import_balance.sql).
CREATE OR REPLACE TRIGGER _100_balance AFTER INSERT ON inventory.stock_movement
FOR EACH ROW WHEN (NEW.reference_type IS DISTINCT FROM 'import_batch')
EXECUTE FUNCTION inventory.tg_stock_movement__balance();

-- Nothing else may write a balance: the ledger would no longer add up.
CREATE OR REPLACE FUNCTION inventory.tg_inventory__only_from_ledger()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Depth 1 is a statement of a caller; the ledger trigger writes at depth 2.
    IF pg_trigger_depth() < 2 AND (
        TG_OP = 'INSERT' AND (NEW.on_hand <> 0 OR NEW.reserved <> 0)
        OR TG_OP = 'UPDATE' AND (NEW.on_hand <> OLD.on_hand OR NEW.reserved <> OLD.reserved)
    ) THEN
        RAISE EXCEPTION 'balances change only through inventory.stock_movement'
            USING ERRCODE = '55000',
                  DETAIL = format('%s of on_hand/reserved on inventory.inventory refused.', TG_OP),
                  HINT = 'Post a movement (api.receive_stock, api.record_movement, ...); the balance follows.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION inventory.tg_inventory__only_from_ledger() IS
'Refuses (55000) any change of on_hand or reserved that does not come from a ledger row.';

CREATE OR REPLACE TRIGGER _010_only_from_ledger BEFORE INSERT OR UPDATE ON inventory.inventory
FOR EACH ROW EXECUTE FUNCTION inventory.tg_inventory__only_from_ledger();
