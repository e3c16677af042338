-- A purchase order's total is the sum of its line totals, kept by deltas so
-- adding a line costs the same however long the order is.
CREATE OR REPLACE FUNCTION procurement.tg_purchase_order_item__total()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE procurement.purchase_order AS po
        SET total_minor = po.total_minor - OLD.line_total_minor
        WHERE po.tenant_id = OLD.tenant_id AND po.id = OLD.purchase_order_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE procurement.purchase_order AS po
        SET total_minor = po.total_minor + NEW.line_total_minor
        WHERE po.tenant_id = NEW.tenant_id AND po.id = NEW.purchase_order_id;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION procurement.tg_purchase_order_item__total() IS
'AFTER trigger on purchase_order_item: keeps purchase_order.total_minor equal to the sum of line totals.';

CREATE OR REPLACE TRIGGER _300_total AFTER INSERT OR DELETE OR UPDATE OF
quantity_ordered, unit_cost_minor, purchase_order_id, tenant_id
ON procurement.purchase_order_item
FOR EACH ROW EXECUTE FUNCTION procurement.tg_purchase_order_item__total();
