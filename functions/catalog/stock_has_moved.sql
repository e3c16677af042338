-- Whether a product's stock has ever moved: it has balances (which outlive
-- the ledger's detached months) or ledger rows. From then on its unit is
-- what those quantities are counted in, and is fixed. (Its EXISTS keep the
-- planner from inlining it, so it has its own search_path.)
CREATE OR REPLACE FUNCTION catalog.stock_has_moved(tenant_id uuid, product_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT 1 FROM inventory.inventory AS i
        WHERE i.tenant_id = stock_has_moved.tenant_id AND i.product_id = stock_has_moved.product_id
    ) OR EXISTS (
        SELECT 1 FROM inventory.stock_movement AS m
        WHERE m.tenant_id = stock_has_moved.tenant_id AND m.product_id = stock_has_moved.product_id
    )
$$;
COMMENT ON FUNCTION catalog.stock_has_moved(uuid, uuid) IS
'Whether the product has balances or ledger rows: once it has, its unit cannot change.';
