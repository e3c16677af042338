-- What of a product is counted in its unit, so that the unit is fixed: its
-- stock once it has moved (catalog.stock_has_moved), else the lines of its
-- purchase and sales orders, whatever their status. A sales order line of
-- 10.5 kg whose product became ea was reserved and shipped as 10.5 ea,
-- leaving 9.5 ea on hand whose last 0.5 no call could move; a purchase order
-- line likewise could never be received in full. NULL when nothing is.
CREATE OR REPLACE FUNCTION catalog.unit_in_use(tenant_id uuid, product_id uuid)
RETURNS text
LANGUAGE sql
STABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN catalog.stock_has_moved(unit_in_use.tenant_id, unit_in_use.product_id) THEN 'stock'
        WHEN EXISTS (
            SELECT 1 FROM procurement.purchase_order_item AS i
            WHERE i.tenant_id = unit_in_use.tenant_id AND i.product_id = unit_in_use.product_id
        ) THEN 'purchase order lines'
        WHEN EXISTS (
            SELECT 1 FROM sales.sales_order_item AS i
            WHERE i.tenant_id = unit_in_use.tenant_id AND i.product_id = unit_in_use.product_id
        ) THEN 'sales order lines'
    END
$$;
COMMENT ON FUNCTION catalog.unit_in_use(uuid, uuid) IS
'What of the product is counted in its unit (''stock'', ''purchase order lines'' or ''sales order '
'lines''), which fixes the unit; NULL when nothing is.';
