-- The stock locks of a sales order, checked once the order is held. They are
-- taken before the order (the order every function keeps), from what the
-- order's lines and reservations said then; a call that held the order
-- meanwhile may have reserved it (api.reserve_sales_order) where nothing was
-- locked. A ship waiting behind that reserve then issued stock with no stock
-- lock and failed on a shipment without a warehouse (23502). What is missing
-- is taken now, waiting a moment only: the reserve that held the order lets
-- its stock locks go just after the order (a committing transaction releases
-- advisory locks last), and a longer wait with the order held could deadlock
-- with a call that holds that stock and waits for the order. A lock still held
-- after lock_timeout is a serialization failure, to be retried.
CREATE OR REPLACE FUNCTION sales.lock_order_stock_again(
    tenant_id uuid, order_id uuid, locked_product_ids uuid[], locked_warehouse_ids uuid[],
    OUT product_ids uuid[], OUT warehouse_ids uuid[]
)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
-- Well under deadlock_timeout (1 s), so this gives up before a deadlock is looked for.
SET lock_timeout = '200ms'
AS $$
DECLARE
    v_lock record;
    v_number text;
BEGIN
    SELECT s.product_ids, s.warehouse_ids INTO product_ids, warehouse_ids
    FROM sales.order_stock_scope(lock_order_stock_again.tenant_id, lock_order_stock_again.order_id) AS s;
    -- As inventory.lock_stock takes them: the warehouses' import gates shared,
    -- then each product × warehouse, in key order.
    FOR v_lock IN
        SELECT TRUE AS gate, inventory.warehouse_stock_key(lock_order_stock_again.tenant_id, w) AS key, w
        FROM unnest(warehouse_ids) AS w
        WHERE NOT (w = ANY (lock_order_stock_again.locked_warehouse_ids))
        UNION
        SELECT FALSE, inventory.stock_lock_key(lock_order_stock_again.tenant_id, p, w), w
        FROM unnest(product_ids) AS p
        CROSS JOIN unnest(warehouse_ids) AS w
        WHERE NOT (p = ANY (lock_order_stock_again.locked_product_ids)
                   AND w = ANY (lock_order_stock_again.locked_warehouse_ids))
        ORDER BY 1 DESC, 2
    LOOP
        BEGIN
            IF v_lock.gate THEN
                PERFORM pg_advisory_xact_lock_shared(v_lock.key);
            ELSE
                PERFORM pg_advisory_xact_lock(v_lock.key);
            END IF;
        EXCEPTION
            WHEN lock_not_available THEN
                SELECT so.number INTO v_number
                FROM sales.sales_order AS so
                WHERE so.tenant_id = lock_order_stock_again.tenant_id AND so.id = lock_order_stock_again.order_id;
                RAISE EXCEPTION 'sales order % was reserved while this call waited for it', v_number
                    USING ERRCODE = '40001',
                          DETAIL = format('Its stock in warehouse %s is held by another call.', v_lock.w),
                          HINT = 'Nothing of the call was kept: retry it (with the same idempotency_key where it '
                                 'takes one).';
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION sales.lock_order_stock_again(uuid, uuid, uuid[], uuid[]) IS
'Once a sales order is locked: its products and reservations'' warehouses now, with the stock locks of '
'those not among the ones locked before it taken, waiting at most 200 ms; 40001 when another call holds one.';
