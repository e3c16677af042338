-- The product of a line already sold, for what still happens to it: units
-- coming back (api.return_sales_order_item) or part of the line moving to a
-- backorder (api.split_sales_order). An inactive product too: it was sold
-- while active, and taking it out of the range does not undo the sale. Held
-- FOR KEY SHARE, as catalog.lock_product holds it, so its unit cannot change
-- meanwhile. A deleted product is not found (catalog.require_product).
CREATE OR REPLACE FUNCTION catalog.lock_sold_product(tenant_id uuid, product_id uuid)
RETURNS catalog.product
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_product catalog.product;
BEGIN
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = lock_sold_product.tenant_id AND p.id = lock_sold_product.product_id AND p.deleted_at IS NULL
    FOR KEY SHARE;
    IF NOT FOUND THEN
        PERFORM catalog.require_product(lock_sold_product.tenant_id, lock_sold_product.product_id);
    END IF;
    RETURN v_product;
END
$$;
COMMENT ON FUNCTION catalog.lock_sold_product(uuid, uuid) IS
'The tenant''s live product with this id, active or not, its row locked FOR KEY SHARE (its unit cannot change '
'until the transaction ends), for a line already sold; the errors of catalog.require_product otherwise.';
