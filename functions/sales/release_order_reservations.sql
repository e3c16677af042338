-- Releases a sales order's active reservations, in id order; the caller
-- holds the order and its stock locks (api.cancel_sales_order,
-- api.unreserve_sales_order).
CREATE OR REPLACE FUNCTION sales.release_order_reservations(tenant_id uuid, order_id uuid)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_reservation_id uuid;
BEGIN
    FOR v_reservation_id IN
        SELECT r.id
        FROM sales.sales_order_item AS i
        INNER JOIN inventory.reservation AS r ON i.tenant_id = r.tenant_id AND i.reservation_id = r.id
        WHERE i.tenant_id = release_order_reservations.tenant_id
          AND i.sales_order_id = release_order_reservations.order_id AND r.status = 'active'
        ORDER BY r.id
    LOOP
        PERFORM inventory.close_reservation(release_order_reservations.tenant_id, v_reservation_id, 'released');
    END LOOP;
END
$$;
COMMENT ON FUNCTION sales.release_order_reservations(uuid, uuid) IS
'Releases the active reservations of a sales order''s lines (release movements), in id order.';
