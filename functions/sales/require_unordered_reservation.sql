-- A reservation api.reserve_sales_order made is its order's: released or
-- fulfilled on its own, it left the order processing with nothing held, and
-- the order could then never ship (its reservation was no longer active, so
-- SD003), while a fulfilment had issued the stock with no shipment.
CREATE OR REPLACE FUNCTION sales.require_unordered_reservation(tenant_id uuid, reservation_id uuid, action text)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_number text;
BEGIN
    SELECT so.number INTO v_number
    FROM sales.sales_order_item AS i
    JOIN sales.sales_order AS so ON so.tenant_id = i.tenant_id AND so.id = i.sales_order_id
    WHERE i.tenant_id = require_unordered_reservation.tenant_id
      AND i.reservation_id = require_unordered_reservation.reservation_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'reservation % belongs to sales order %', require_unordered_reservation.reservation_id, v_number
            USING ERRCODE = '22023',
                  DETAIL = format('api.reserve_sales_order made it for a line of %s; it cannot be %s on its own.',
                                  v_number, require_unordered_reservation.action),
                  HINT = 'Ship the order (api.ship_sales_order) or cancel it (api.cancel_sales_order): '
                         'each settles all of its reservations.';
    END IF;
END
$$;
COMMENT ON FUNCTION sales.require_unordered_reservation(uuid, uuid, text) IS
'Nothing when no sales order line holds the reservation; 22023 naming the order otherwise (its reservations '
'are released and fulfilled through the order).';
