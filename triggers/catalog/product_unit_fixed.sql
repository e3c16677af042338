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
DECLARE
    v_use text;
BEGIN
    PERFORM FROM catalog.product AS p WHERE p.tenant_id = OLD.tenant_id AND p.id = OLD.id FOR UPDATE;
    v_use := catalog.unit_in_use(OLD.tenant_id, OLD.id);
    IF v_use IS NOT NULL THEN
        RAISE EXCEPTION 'the unit of product % cannot change: its % % counted in %',
                        OLD.sku, v_use, CASE v_use WHEN 'stock' THEN 'is' ELSE 'are' END, OLD.unit
            USING ERRCODE = '22023',
                  DETAIL = format('unit => %s; product %s has %s.', NEW.unit, OLD.id,
                                  CASE v_use WHEN 'stock' THEN 'stock movements' ELSE v_use END),
                  HINT = 'Keep the unit, or create a product in the new unit (and move the stock to it).';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION catalog.tg_product__unit_fixed() IS
'BEFORE UPDATE OF unit row trigger on catalog.product: refuses (22023) a new unit for a product whose '
'stock has moved or which is on purchase or sales order lines (catalog.unit_in_use).';

CREATE OR REPLACE TRIGGER _040_unit_fixed BEFORE UPDATE OF unit ON catalog.product
FOR EACH ROW WHEN (NEW.unit IS DISTINCT FROM OLD.unit) EXECUTE FUNCTION catalog.tg_product__unit_fixed();
