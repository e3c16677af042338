-- A sales order whose lines or amounts may still change, locked at the
-- version the caller read: pending, or approved and not yet reserved. A
-- change to an approved order sends it back to pending, so what is reserved
-- and shipped is always what was approved.
CREATE OR REPLACE FUNCTION sales.lock_open_order(tenant_id uuid, order_id uuid, version integer, action text)
RETURNS sales.sales_order
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_order sales.sales_order;
BEGIN
    v_order := sales.lock_sales_order(lock_open_order.tenant_id, lock_open_order.order_id, lock_open_order.version);
    IF v_order.status NOT IN ('pending', 'approved') THEN
        RAISE EXCEPTION 'sales order % is %: % while it is pending or approved only',
            v_order.number, v_order.status, lock_open_order.action
            USING ERRCODE = 'SD003',
                  DETAIL = 'Once reserved, an order ships as it was approved.',
                  HINT = 'Cancel the order (its reservations are released) and create one with the lines wanted.';
    END IF;
    IF v_order.status = 'approved' THEN
        UPDATE sales.sales_order AS so SET status = 'pending', approved_at = NULL
        WHERE so.tenant_id = lock_open_order.tenant_id AND so.id = v_order.id
        RETURNING so.* INTO v_order;
    END IF;
    RETURN v_order;
END
$$;
COMMENT ON FUNCTION sales.lock_open_order(uuid, uuid, integer, text) IS
'The tenant''s sales order, locked FOR UPDATE at the caller''s version, for a change of its lines: pending, '
'or approved (then sent back to pending, to be approved again); SD404 unknown, 22023/SD004 missing or stale '
'version, SD003 any other status (action, such as ''lines can be added'', says what could not be done).';
