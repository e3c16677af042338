-- Said once for the unit trigger, which asks under the row's FOR UPDATE, and
-- for api.update_product, which asks first without it: what is counted in a
-- unit stays counted, so a product found in use is refused before any lock.
CREATE OR REPLACE FUNCTION catalog.require_unit_changeable(product catalog.product, new_unit text)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_use text := catalog.unit_in_use((require_unit_changeable.product).tenant_id, (require_unit_changeable.product).id);
BEGIN
    IF v_use IS NOT NULL THEN
        RAISE EXCEPTION 'the unit of product % cannot change: its % % counted in %',
                        (require_unit_changeable.product).sku, v_use,
                        CASE v_use WHEN 'stock' THEN 'is' ELSE 'are' END, (require_unit_changeable.product).unit
            USING ERRCODE = '22023',
                  DETAIL = format('unit => %s; product %s has %s.', require_unit_changeable.new_unit,
                                  (require_unit_changeable.product).id,
                                  CASE v_use WHEN 'stock' THEN 'stock movements' ELSE v_use END),
                  HINT = 'Keep the unit, or create a product in the new unit (and move the stock to it).';
    END IF;
END
$$;
COMMENT ON FUNCTION catalog.require_unit_changeable(catalog.product, text) IS
'Refuses (22023) a new unit for a product whose stock has moved or which is on purchase or sales order '
'lines (catalog.unit_in_use); nothing otherwise.';
