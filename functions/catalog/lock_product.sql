-- The product whose stock a call moves or counts, or which it puts on an
-- order line: require_product's live, active product, its row held FOR KEY
-- SHARE to the end of the transaction. The foreign keys of the ledger and
-- the order lines take that lock anyway, at the insert; taken before the
-- product's unit judges a quantity, a unit being changed in another
-- transaction (which holds the row FOR UPDATE) is waited for and read after
-- it, so 10.5 asked of a product that just became ea is refused, not posted
-- as 10.5 ea; and a unit change waits for the calls already under way, then
-- sees what they wrote. Key share conflicts with no other call's.
CREATE OR REPLACE FUNCTION catalog.lock_product(tenant_id uuid, product_id uuid)
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
    WHERE p.tenant_id = lock_product.tenant_id AND p.id = lock_product.product_id
    FOR KEY SHARE;
    IF v_product.id IS NULL OR v_product.deleted_at IS NOT NULL OR NOT v_product.active THEN
        -- Missing, deleted, inactive or NULL: require_product says which.
        PERFORM catalog.require_product(lock_product.tenant_id, lock_product.product_id);
    END IF;
    RETURN v_product;
END
$$;
COMMENT ON FUNCTION catalog.lock_product(uuid, uuid) IS
'The tenant''s live, active product with this id, its row locked FOR KEY SHARE (so its unit cannot '
'change until the transaction ends); the errors of catalog.require_product otherwise.';
