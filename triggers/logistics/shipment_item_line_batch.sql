-- What a sales order line ships, per batch, is added to its row in
-- sales.sales_order_item_batch, in the same statement: returns are held to
-- it there (its CHECK), whatever the ledger still has attached.
CREATE OR REPLACE FUNCTION logistics.tg_shipment_item__line_batch()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO sales.sales_order_item_batch AS b (tenant_id, sales_order_item_id, batch_id, quantity_shipped)
    SELECT n.tenant_id, n.sales_order_item_id, n.batch_id, sum(n.quantity)
    FROM new_rows AS n
    WHERE n.sales_order_item_id IS NOT NULL
    GROUP BY n.tenant_id, n.sales_order_item_id, n.batch_id
    ON CONFLICT (tenant_id, sales_order_item_id, batch_id)
    DO UPDATE SET quantity_shipped = b.quantity_shipped + excluded.quantity_shipped;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION logistics.tg_shipment_item__line_batch() IS
'AFTER INSERT statement trigger on shipment_item: adds what each sales order line shipped, per batch, to '
'sales.sales_order_item_batch.';

CREATE OR REPLACE TRIGGER _100_line_batch AFTER INSERT ON logistics.shipment_item
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION logistics.tg_shipment_item__line_batch();
