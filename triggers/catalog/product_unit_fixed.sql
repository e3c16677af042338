-- A product's unit is what every quantity of its ledger rows and balances is
-- counted in. Changed once stock has moved, it re-read them all: 10.5 kg
-- became 10.5 ea, whose last 0.5 no call could move any more. So the unit is
-- fixed from the product's first movement (catalog.stock_has_moved). The row
-- is taken FOR UPDATE first: an UPDATE of a non-key column does not wait for
-- the key-share locks of movements under way (catalog.lock_product and the
-- ledger's foreign key), which this lock does; the check after it, in a
-- snapshot of its own, sees what they wrote.
CREATE OR REPLACE FUNCTION catalog.tg_product__unit_fixed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM FROM catalog.product AS p WHERE p.tenant_id = OLD.tenant_id AND p.id = OLD.id FOR UPDATE;
    IF catalog.stock_has_moved(OLD.tenant_id, OLD.id) THEN
        RAISE EXCEPTION 'the unit of product % cannot change: its stock is counted in %', OLD.sku, OLD.unit
            USING ERRCODE = '22023',
                  DETAIL = format('unit => %s; product %s has stock movements.', NEW.unit, OLD.id),
                  HINT = 'Keep the unit, or create a product in the new unit and move the stock to it.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION catalog.tg_product__unit_fixed() IS
'BEFORE UPDATE OF unit row trigger on catalog.product: refuses (22023) a new unit for a product whose '
'stock has moved (it has balances or ledger rows).';

CREATE OR REPLACE TRIGGER _040_unit_fixed BEFORE UPDATE OF unit ON catalog.product
FOR EACH ROW WHEN (NEW.unit IS DISTINCT FROM OLD.unit) EXECUTE FUNCTION catalog.tg_product__unit_fixed();
