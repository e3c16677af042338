-- Optimistic locking: a writer names the version it read; a stale one fails.
CREATE OR REPLACE FUNCTION ops.tg__check_version()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The arguments name the table's generated columns (and any other this
    -- trigger does not count): an update that changes nothing else is no
    -- change (master data; the triggers below).
    IF TG_NARGS > 0 AND ops.unchanged_but_generated(OLD, NEW, TG_ARGV::text[]) THEN
        RETURN NEW;
    END IF;
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
'BEFORE UPDATE trigger: refuses a stale version with SD004 and bumps version on every change; its '
'arguments name the table''s generated columns and any other it does not count, which an update changing '
'nothing else leaves out.';

-- Master data: an update that changes nothing (a form saved as it was read,
-- an update_* call whose fields are all NULL or as stored) is no new
-- version. It moved the version on, and another editor holding the one
-- before got SD004 for a change that never was. The version a writer names
-- is compared too, so a stale one is still refused. A table with a generated
-- column cannot name the whole row in WHEN, so its trigger compares
-- (ops.tg__check_version's arguments).
-- Documents (orders, reservations, shipments) still move on every update: a
-- line's change moves its order's version, the token its lines are edited
-- by, through an update of the order's totals that may leave them as they
-- were (a line of 4 × 125 made 2 × 250, or one that costs nothing). Their
-- own update calls skip the write when nothing changes instead
-- (update_purchase_order, update_sales_order, the line updates and
-- update_reservation). The balances always change when written, and are on
-- every movement's path.
--
-- A login's bookkeeping (api.authenticate) is not a change of the user: an
-- admin's update is not refused as stale because the user signed in meanwhile.
-- Named with the generated email_key, since WHEN cannot name a row with one.
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON auth.app_user
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version(
    'email_key', 'failed_login_count', 'locked_until', 'last_login_at', 'updated_at'
);
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON catalog.product_category
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON catalog.product
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version('search');
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON catalog.product_batch
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON warehouse.warehouse
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON warehouse.location
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON inventory.inventory
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON inventory.reservation
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON procurement.supplier
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON procurement.purchase_order
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON sales.customer
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON sales.sales_order
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON logistics.carrier
FOR EACH ROW WHEN (old IS DISTINCT FROM new) EXECUTE FUNCTION ops.tg__check_version();
CREATE OR REPLACE TRIGGER _090_version BEFORE UPDATE ON logistics.shipment
FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();
