-- Whether a product's stock has ever moved: it has balances (which outlive
-- the ledger's detached months) or ledger rows. From then on its unit is
-- what those quantities are counted in, and is fixed. No SET search_path, so
-- its callers have it inlined.
CREATE OR REPLACE FUNCTION catalog.stock_has_moved(tenant_id uuid, product_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
    SELECT EXISTS (
        SELECT 1 FROM inventory.inventory AS i
        WHERE i.tenant_id OPERATOR(pg_catalog.=) stock_has_moved.tenant_id
          AND i.product_id OPERATOR(pg_catalog.=) stock_has_moved.product_id
    ) OR EXISTS (
        SELECT 1 FROM inventory.stock_movement AS m
        WHERE m.tenant_id OPERATOR(pg_catalog.=) stock_has_moved.tenant_id
          AND m.product_id OPERATOR(pg_catalog.=) stock_has_moved.product_id
    )
$$;
COMMENT ON FUNCTION catalog.stock_has_moved(uuid, uuid) IS
'Whether the product has balances or ledger rows: once it has, its unit cannot change.';
