-- updated_at says when a row last changed, whoever changed it.
CREATE OR REPLACE FUNCTION ops.tg__touch()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Never back in time: a transaction that began before the last change
    -- (or before the row was made) still changes it after them.
    NEW.updated_at := greatest(now(), OLD.updated_at);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ops.tg__touch() IS
'BEFORE UPDATE trigger: sets updated_at to the transaction''s time on every update, or keeps it where it '
'is later (a transaction older than the last change).';

CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON auth.tenant
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON auth.app_user
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON catalog.product_category
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON catalog.product
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON catalog.product_batch
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON warehouse.warehouse
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON warehouse.location
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON inventory.inventory
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON inventory.reservation
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON procurement.supplier
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON procurement.purchase_order
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON procurement.purchase_order_item
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON sales.customer
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON sales.sales_order
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON sales.sales_order_item
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON logistics.carrier
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON logistics.shipment
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
CREATE OR REPLACE TRIGGER _100_touch BEFORE UPDATE ON planning.demand_forecast
FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();
