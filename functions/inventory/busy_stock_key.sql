-- After inventory.lock_stock ran out of lock_timeout for one product in one
-- warehouse: which of its two locks another transaction holds. A maintenance
-- run that knows skips the rest of what waits behind the same lock, instead
-- of waiting lock_timeout again for each of them.
-- Tries without waiting, and keeps what it gets until the transaction ends:
-- callers commit straight after.
CREATE OR REPLACE FUNCTION inventory.busy_stock_key(tenant_id uuid, product_id uuid, warehouse_id uuid)
RETURNS bigint
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_gate bigint := inventory.warehouse_stock_key(busy_stock_key.tenant_id, busy_stock_key.warehouse_id);
    v_key bigint := inventory.stock_lock_key(
        busy_stock_key.tenant_id, busy_stock_key.product_id, busy_stock_key.warehouse_id
    );
BEGIN
    IF NOT pg_try_advisory_xact_lock_shared(v_gate) THEN
        RETURN v_gate;
    END IF;
    IF NOT pg_try_advisory_xact_lock(v_key) THEN
        RETURN v_key;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION inventory.busy_stock_key(uuid, uuid, uuid) IS
'The key of the lock another transaction holds over one product''s stock in one warehouse: the '
'warehouse''s (inventory.warehouse_stock_key: an import holds it), else the product''s there '
'(inventory.stock_lock_key), else NULL (neither is held now; a row lock was what waited). Takes '
'without waiting those it can, until the transaction ends.';
