-- What a shipment carried is a record, as the ledger's issue of it is: the
-- units a sales order line shipped (sales.sales_order_item_batch, which its
-- returns are held to) follow its rows as they are inserted, and a row
-- changed or removed afterwards would leave that behind.
CREATE OR REPLACE FUNCTION logistics.tg_shipment_item__append_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'logistics.shipment_item is append-only: % refused', TG_OP
        USING ERRCODE = '55000',
              DETAIL = 'What a shipment carried is never updated or deleted; the ledger issued it, and returns '
                       'are held to it.',
              HINT = 'Goods that come back are taken back with api.return_sales_order_item.';
END
$$;
COMMENT ON FUNCTION logistics.tg_shipment_item__append_only() IS
'Refuses UPDATE, DELETE and TRUNCATE on shipment_item with SQLSTATE 55000.';

CREATE OR REPLACE TRIGGER _010_append_only BEFORE UPDATE OR DELETE ON logistics.shipment_item
FOR EACH ROW EXECUTE FUNCTION logistics.tg_shipment_item__append_only();

CREATE OR REPLACE TRIGGER _010_append_only_truncate BEFORE TRUNCATE ON logistics.shipment_item
FOR EACH STATEMENT EXECUTE FUNCTION logistics.tg_shipment_item__append_only();
