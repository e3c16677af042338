-- Whether a product's stock has ever moved: it has balances (which outlive
-- the ledger's detached months) or ledger rows. From then on its unit is
-- what those quantities are counted in, and is fixed. (Its EXISTS keep the
-- planner from inlining it, so it has its own search_path.) The balances are
-- asked for live and retired apart, each by its own partial index
-- (inventory_stock_lookup_idx, inventory_retired_idx): asked for together, no
-- index served, and every question read the whole table (100-230 ms at
-- 2,000,000 balances, for each product an upsert changed the unit of).
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
          AND i.deleted_at IS NULL
    ) OR EXISTS (
        SELECT 1 FROM inventory.stock_movement AS m
        WHERE m.tenant_id = stock_has_moved.tenant_id AND m.product_id = stock_has_moved.product_id
    ) OR EXISTS (
        SELECT 1 FROM inventory.inventory AS i
        WHERE i.tenant_id = stock_has_moved.tenant_id AND i.product_id = stock_has_moved.product_id
          AND i.deleted_at IS NOT NULL
    )
$$;
COMMENT ON FUNCTION catalog.stock_has_moved(uuid, uuid) IS
'Whether the product has balances or ledger rows: once it has, its unit cannot change.';
