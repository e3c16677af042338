-- A live, active product of the tenant, or a clear error.
CREATE OR REPLACE FUNCTION catalog.require_product(tenant_id uuid, product_id uuid)
RETURNS catalog.product
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_product catalog.product;
BEGIN
    IF require_product.product_id IS NULL THEN
        RAISE EXCEPTION 'product_id must not be null'
            USING ERRCODE = '22023', DETAIL = 'product_id => NULL names no product.',
                  HINT = 'Pass the id of one of your products.';
    END IF;
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = require_product.tenant_id AND p.id = require_product.product_id AND p.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'product % not found', require_product.product_id
            USING ERRCODE = 'SD404',
                  DETAIL = 'No live product with this id belongs to the calling tenant.',
                  HINT = 'Check the id; deleted products cannot move stock.';
    END IF;
    IF NOT v_product.active THEN
        RAISE EXCEPTION 'product % (%) is inactive', v_product.sku, v_product.id
            USING ERRCODE = '22023', DETAIL = format('Product %s is marked inactive: it takes no new business.', v_product.sku),
                  HINT = 'Reactivate it first (api.update_product with active => true).';
    END IF;
    RETURN v_product;
END
$$;
COMMENT ON FUNCTION catalog.require_product(uuid, uuid) IS
'The tenant''s live product with this id; SD404 when missing or deleted, 22023 when inactive.';
