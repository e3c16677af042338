-- api.stock_level: on hand, reserved and available, from the balances.
CREATE OR REPLACE FUNCTION api.stock_level(product_id uuid, warehouse_id uuid DEFAULT NULL)
RETURNS TABLE (on_hand numeric, reserved numeric, available numeric)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.stock_level');
    -- Any live product, active or not: one taken out of the range may still
    -- hold stock, and reading it is not moving it. For no product, or an
    -- unknown or deleted one, require_product raises the usual error.
    IF NOT EXISTS (
        SELECT 1 FROM catalog.product AS p
        WHERE p.tenant_id = v_tenant_id AND p.id = stock_level.product_id AND p.deleted_at IS NULL
    ) THEN
        PERFORM catalog.require_product(v_tenant_id, stock_level.product_id);
    END IF;
    -- Any warehouse of the tenant, active or not, likewise.
    IF stock_level.warehouse_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM warehouse.warehouse AS w
        WHERE w.tenant_id = v_tenant_id AND w.id = stock_level.warehouse_id
    ) THEN
        PERFORM warehouse.require_warehouse(v_tenant_id, stock_level.warehouse_id);
    END IF;
    RETURN QUERY
    SELECT coalesce(sum(i.on_hand), 0)::numeric, coalesce(sum(i.reserved), 0)::numeric, coalesce(sum(i.available), 0)::numeric
    FROM inventory.inventory AS i
    JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
    WHERE i.tenant_id = v_tenant_id
      AND i.product_id = stock_level.product_id
      AND i.deleted_at IS NULL
      AND (stock_level.warehouse_id IS NULL OR l.warehouse_id = stock_level.warehouse_id);
END
$$;

COMMENT ON FUNCTION api.stock_level(uuid, uuid) IS
'On hand, reserved and available of a product (inactive ones too), in one warehouse (active or not) or '
'all, summed from the balances (not the ledger). Errors: 42501, 22023 no product, SD404 unknown or '
'deleted product or unknown warehouse.';
