-- A location turned to quarantine or out of use (or back) changes what of
-- the stock on it can be sold without a movement: its products' stock
-- alerts are judged again. The warehouse's stock is taken first, as an
-- import takes it (inventory.lock_warehouse_stock): no movement there runs
-- meanwhile, so none judges from the location as it was.
CREATE OR REPLACE FUNCTION warehouse.tg_location__judge_alerts()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM inventory.lock_warehouse_stock(NEW.tenant_id, ARRAY[NEW.warehouse_id]);
    PERFORM inventory.judge_held_stock_alerts(
        NEW.tenant_id,
        ARRAY(
            SELECT DISTINCT i.product_id
            FROM inventory.inventory AS i
            WHERE i.tenant_id = NEW.tenant_id AND i.location_id = NEW.id AND i.deleted_at IS NULL
        ),
        NEW.warehouse_id
    );
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION warehouse.tg_location__judge_alerts() IS
'AFTER UPDATE trigger on location when it turns to or from quarantine, or in or out of use: takes its '
'warehouse''s stock (inventory.lock_warehouse_stock) and judges the stock alerts of every product with a '
'balance there again (inventory.judge_held_stock_alerts).';

CREATE OR REPLACE TRIGGER _200_judge_alerts AFTER UPDATE ON warehouse.location
FOR EACH ROW WHEN (
    (OLD.kind = 'quarantine') <> (NEW.kind = 'quarantine') OR OLD.active <> NEW.active
)
EXECUTE FUNCTION warehouse.tg_location__judge_alerts();
