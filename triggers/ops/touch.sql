-- updated_at says when a row last changed, whoever changed it. On master
-- data an update that changes nothing leaves it as it was, as it leaves the
-- version (triggers/ops/version.sql says which tables, and why not others).
CREATE OR REPLACE FUNCTION ops.tg__touch()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The arguments name the table's generated columns: an update that
    -- changes nothing else is no change (master data; triggers/ops/version.sql).
    IF TG_NARGS > 0 AND ops.unchanged_but_generated(OLD, NEW, TG_ARGV::text[]) THEN
        RETURN NEW;
    END IF;
    -- Never back in time: a transaction that began before the last change
    -- (or before the row was made) still changes it after them.
    NEW.updated_at := greatest(now(), OLD.updated_at);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ops.tg__touch() IS
'BEFORE UPDATE trigger: sets updated_at to the transaction''s time on every update, or keeps it where it '
'is later (a transaction older than the last change); its arguments name the table''s generated columns, '
'which an update changing nothing else leaves out.';

CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON auth.tenant
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON auth.app_user
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON catalog.product_category
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON catalog.product
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch('search');
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON catalog.product_batch
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON warehouse.warehouse
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON warehouse.location
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON inventory.inventory
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON inventory.reservation
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON procurement.supplier
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON procurement.purchase_order
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON procurement.purchase_order_item
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON sales.customer
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON sales.sales_order
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON sales.sales_order_item
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON logistics.carrier
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON logistics.shipment
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON planning.demand_forecast
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
