-- A product's unit is what every quantity of its ledger rows, balances and
-- order lines is counted in. Changed once stock had moved, it re-read them
-- all: 10.5 kg became 10.5 ea, whose last 0.5 no call could move any more.
-- So the unit is fixed from the first thing counted in it
-- (catalog.unit_in_use). The row is taken FOR UPDATE first: an UPDATE of a
-- non-key column does not wait for the key-share locks of calls under way
-- (catalog.lock_product and the foreign keys of the ledger and order lines),
-- which this lock does; the check after it, in a snapshot of its own, sees
-- what they wrote.
CREATE OR REPLACE FUNCTION catalog.tg_product__unit_fixed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM FROM catalog.product AS p WHERE p.tenant_id = OLD.tenant_id AND p.id = OLD.id FOR UPDATE;
    PERFORM catalog.require_unit_changeable(OLD, NEW.unit);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION catalog.tg_product__unit_fixed() IS
'BEFORE UPDATE OF unit row trigger on catalog.product: refuses (22023) a new unit for a product whose '
'stock has moved or which is on purchase or sales order lines (catalog.unit_in_use).';

CREATE OR REPLACE TRIGGER _040_unit_fixed BEFORE UPDATE OF unit ON catalog.product
FOR EACH ROW WHEN (NEW.unit IS DISTINCT FROM OLD.unit) EXECUTE FUNCTION catalog.tg_product__unit_fixed();
