-- A sales order leaves in one shipment (api.ship_sales_order), so its
-- delivery is the end of the order: shipped → closed, the last step of the
-- sales order's lifecycle, which nothing reached before. Here rather than in
-- api.add_tracking_event, so any path that marks a shipment delivered closes
-- its order. A tracking event locks the shipment, then this the order; the
-- one call that holds both the other way, api.ship_sales_order, makes the
-- shipment, which no other transaction can see, or wait for, until it commits.
CREATE OR REPLACE FUNCTION logistics.tg_shipment__close_order()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE sales.sales_order AS so
    SET status = 'closed', closed_at = greatest(NEW.delivered_at, so.shipped_at)
    WHERE so.tenant_id = NEW.tenant_id AND so.id = NEW.sales_order_id AND so.status = 'shipped';
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION logistics.tg_shipment__close_order() IS
'AFTER UPDATE trigger on shipment: when it is delivered, its shipped sales order is closed (closed_at = the '
'delivery, never before the order shipped).';

CREATE OR REPLACE TRIGGER _200_close_order AFTER UPDATE OF status ON logistics.shipment
FOR EACH ROW WHEN (new.status = 'delivered' AND old.status IS DISTINCT FROM 'delivered')
EXECUTE FUNCTION logistics.tg_shipment__close_order();
