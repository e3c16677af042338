-- A returned movement that references a sales order line adds to what its
-- line and batch took back (sales.sales_order_item_batch), whose CHECK
-- holds it to what shipped. Kept there, not summed from the ledger: a
-- month detached by ledger retention takes its rows out of the ledger's
-- sums, and its returns would be forgotten.
CREATE OR REPLACE FUNCTION inventory.tg_stock_movement__sales_return()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE sales.sales_order_item_batch AS b
    SET quantity_returned = b.quantity_returned + NEW.quantity
    WHERE b.tenant_id = NEW.tenant_id AND b.sales_order_item_id = NEW.reference_id
      AND b.batch_id IS NOT DISTINCT FROM NEW.batch_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sales order line % did not ship %', NEW.reference_id,
            coalesce('batch ' || NEW.batch_id, 'without a batch')
            USING ERRCODE = '23503',
                  DETAIL = format('A returned movement of %s referencing the line.', NEW.quantity),
                  HINT = 'Return units through api.return_sales_order_item, under the batch they shipped in.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION inventory.tg_stock_movement__sales_return() IS
'AFTER INSERT trigger on the ledger, for returned movements referencing a sales order line: adds the '
'quantity to the line''s quantity_returned for the batch in sales.sales_order_item_batch (23514 beyond '
'what shipped; 23503 when the line did not ship that batch).';

CREATE OR REPLACE TRIGGER _110_sales_return AFTER INSERT ON inventory.stock_movement
FOR EACH ROW WHEN (new.reference_type = 'sales_order_item' AND new.movement_type = 'returned')
EXECUTE FUNCTION inventory.tg_stock_movement__sales_return();
