-- The stock alerts of what holds a balance, judged again after a change that
-- moves them without a movement (inventory.judge_stock_alerts): for the
-- given products in every warehouse (warehouse_id NULL), or for every
-- product in one warehouse (product_ids NULL), or both narrowed. The caller
-- holds the stock locks of what it names. Static queries per case, so each
-- is planned by its own index rather than an OR of NULL tests.
CREATE OR REPLACE FUNCTION inventory.judge_held_stock_alerts(
    tenant_id uuid, product_ids uuid[], warehouse_id uuid
)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_products uuid[];
    v_warehouses uuid[];
BEGIN
    IF judge_held_stock_alerts.warehouse_id IS NULL THEN
        SELECT array_agg(s.product_id), array_agg(s.warehouse_id) INTO v_products, v_warehouses
        FROM (
            SELECT DISTINCT i.product_id, i.warehouse_id
            FROM inventory.sellable_stock AS i
            WHERE i.tenant_id = judge_held_stock_alerts.tenant_id
              AND i.product_id = ANY (judge_held_stock_alerts.product_ids)
        ) AS s;
    ELSE
        SELECT array_agg(s.product_id), array_agg(s.warehouse_id) INTO v_products, v_warehouses
        FROM (
            SELECT DISTINCT i.product_id, i.warehouse_id
            FROM inventory.sellable_stock AS i
            WHERE i.tenant_id = judge_held_stock_alerts.tenant_id
              AND i.warehouse_id = judge_held_stock_alerts.warehouse_id
              AND (judge_held_stock_alerts.product_ids IS NULL
                   OR i.product_id = ANY (judge_held_stock_alerts.product_ids))
        ) AS s;
    END IF;
    IF v_products IS NULL THEN
        RETURN 0;
    END IF;
    RETURN inventory.judge_stock_alerts(
        array_fill(judge_held_stock_alerts.tenant_id, ARRAY[cardinality(v_products)]), v_products, v_warehouses
    );
END
$$;
COMMENT ON FUNCTION inventory.judge_held_stock_alerts(uuid, uuid[], uuid) IS
'Judges out_of_stock and low_stock again (inventory.judge_stock_alerts) for each product x warehouse '
'holding a balance: of the given products in every warehouse (warehouse_id NULL), or in one warehouse '
'of the given products or, product_ids NULL, of all; the caller holds their stock locks. Returns how many '
'alerts changed.';
