-- A sales order's subtotal is the sum of its line totals; its total moves with
-- it, so sales_order_total_check (total = subtotal + shipping + tax) holds.
CREATE OR REPLACE FUNCTION sales.tg_sales_order_item__subtotal()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE sales.sales_order AS so
        SET subtotal_minor = so.subtotal_minor - OLD.line_total_minor,
            total_minor = so.total_minor - OLD.line_total_minor
        WHERE so.tenant_id = OLD.tenant_id AND so.id = OLD.sales_order_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE sales.sales_order AS so
        SET subtotal_minor = so.subtotal_minor + NEW.line_total_minor,
            total_minor = so.total_minor + NEW.line_total_minor
        WHERE so.tenant_id = NEW.tenant_id AND so.id = NEW.sales_order_id;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION sales.tg_sales_order_item__subtotal() IS
'AFTER trigger on sales_order_item: keeps sales_order.subtotal_minor (and total_minor) equal to the sum of lines.';

CREATE OR REPLACE TRIGGER _300_subtotal AFTER INSERT OR DELETE OR UPDATE OF
quantity, unit_price_minor, sales_order_id, tenant_id
ON sales.sales_order_item
FOR EACH ROW EXECUTE FUNCTION sales.tg_sales_order_item__subtotal();
