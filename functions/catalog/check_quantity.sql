-- A quantity a product can be counted in: positive, with no more decimals than its unit has.
CREATE OR REPLACE FUNCTION catalog.check_quantity(product catalog.product, quantity numeric, argument text)
RETURNS numeric
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_places smallint;
BEGIN
    -- NaN is above every number in PostgreSQL: it passed as positive and too large.
    -- ops.require_finite says the same for levels; written out here, as the size
    -- check below is, since every movement runs this.
    IF check_quantity.quantity = 'NaN' THEN
        RAISE EXCEPTION '% must be a number', check_quantity.argument
            USING ERRCODE = '22023', DETAIL = format('%s => NaN for product %s.', check_quantity.argument, (check_quantity.product).sku),
                  HINT = 'Pass a quantity greater than zero.';
    END IF;
    IF check_quantity.quantity IS NULL OR check_quantity.quantity <= 0 THEN
        RAISE EXCEPTION '% must be positive', check_quantity.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s for product %s.', check_quantity.argument, coalesce(check_quantity.quantity::text, 'NULL'), (check_quantity.product).sku),
                  HINT = 'Pass a quantity greater than zero.';
    END IF;
    SELECT u.decimal_places INTO v_places FROM catalog.unit AS u WHERE u.code = (check_quantity.product).unit;
    IF check_quantity.quantity <> round(check_quantity.quantity, v_places) THEN
        RAISE EXCEPTION '% has more decimals than unit % allows', check_quantity.argument, (check_quantity.product).unit
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s; %s allows %s decimal places.', check_quantity.argument, check_quantity.quantity, (check_quantity.product).unit, v_places),
                  HINT = 'Round the quantity to the unit.';
    END IF;
    IF check_quantity.quantity >= 100000000000 THEN
        RAISE EXCEPTION '% is too large', check_quantity.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s for product %s.', check_quantity.argument, check_quantity.quantity,
                                  (check_quantity.product).sku),
                  HINT = 'Quantities have at most 11 digits before the point.';
    END IF;
    RETURN check_quantity.quantity;
END
$$;
COMMENT ON FUNCTION catalog.check_quantity(catalog.product, numeric, text) IS
'Returns the quantity when it is positive, fits numeric(14,3) and the product''s unit; 22023 otherwise.';
