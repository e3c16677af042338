-- Optimistic locking: a writer names the version it read; a stale one fails.
CREATE OR REPLACE FUNCTION ops.tg__check_version()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- A writer that does not mention version leaves NEW.version = OLD.version
    -- and is not checked; one that names a version must name the current one.
    IF NEW.version <> OLD.version THEN
        RAISE EXCEPTION '% % was changed by someone else', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'SD004',
                  DETAIL = format('Expected version %s, the row is at version %s.', NEW.version, OLD.version),
                  HINT = 'Read the row again and retry with its current version.';
    END IF;
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ops.tg__check_version() IS
'BEFORE UPDATE trigger: refuses a stale version with SD004 and bumps version on every change.';

-- A login's bookkeeping (api.authenticate) is not a change of the user: an
-- admin's update is not refused as stale because the user signed in meanwhile.
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON auth.app_user
FOR EACH ROW
WHEN (
    to_jsonb(old) - '{failed_login_count,locked_until,last_login_at,updated_at}'::text[]
    IS DISTINCT FROM to_jsonb(new) - '{failed_login_count,locked_until,last_login_at,updated_at}'::text[]
)
EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON catalog.product_category
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON catalog.product
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON catalog.product_batch
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON warehouse.warehouse
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON warehouse.location
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON inventory.inventory
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON inventory.reservation
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON procurement.supplier
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON procurement.purchase_order
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON sales.customer
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON sales.sales_order
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON logistics.carrier
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON logistics.shipment
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
