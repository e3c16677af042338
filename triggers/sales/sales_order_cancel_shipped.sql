-- A shipped order is cancelled only once its shipment is (a parcel the
-- carrier lost or returns): until then its goods are on their way or
-- delivered. Held here rather than in api.cancel_sales_order, so no path to
-- the status skips it; that call holds the shipments before the order, so
-- none changes while this looks.
CREATE OR REPLACE FUNCTION sales.tg_sales_order__cancel_shipped()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shipment record;
BEGIN
    -- One not cancelled, if there is one.
    SELECT sh.id, sh.status INTO v_shipment
    FROM logistics.shipment AS sh
    WHERE sh.tenant_id = NEW.tenant_id AND sh.sales_order_id = NEW.id
    ORDER BY sh.status = 'cancelled', sh.id
    LIMIT 1;
    IF v_shipment.status IS DISTINCT FROM 'cancelled' THEN
        RAISE EXCEPTION 'sales_order % cannot go from shipped to cancelled', NEW.id
            USING ERRCODE = 'SD003',
                  DETAIL = CASE
                      WHEN v_shipment.id IS NULL THEN 'It has no shipment: a shipped order is cancelled only once '
                                                      'its shipment is.'
                      ELSE format('Its shipment %s is %s: a shipped order is cancelled only once its shipment is.',
                                  v_shipment.id, v_shipment.status)
                  END,
                  HINT = 'If the carrier lost the parcel or returns it, record that with '
                         'api.add_tracking_event(shipment_id, ''cancelled''), then cancel. Goods the customer '
                         'sends back after delivery are taken back with api.return_sales_order_item.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION sales.tg_sales_order__cancel_shipped() IS
'BEFORE UPDATE trigger on sales_order: shipped -> cancelled only when every shipment of the order is '
'cancelled (SD003 naming one that is not).';

CREATE OR REPLACE TRIGGER _060_cancel_shipped BEFORE UPDATE OF status ON sales.sales_order
FOR EACH ROW WHEN (old.status = 'shipped' AND new.status = 'cancelled')
EXECUTE FUNCTION sales.tg_sales_order__cancel_shipped();
