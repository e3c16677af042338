-- The unit price of a sales order line: the one given, else the product's
-- list price when it is in the order's currency. create_sales_order and
-- add_sales_order_item price a line alike, so an added line is not priced by
-- another rule than the lines the order was created with.
CREATE OR REPLACE FUNCTION sales.line_price(
    product catalog.product, currency text, unit_price_minor bigint, label text
)
RETURNS bigint
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF line_price.unit_price_minor IS NOT NULL THEN
        IF line_price.unit_price_minor < 0 THEN
            RAISE EXCEPTION '% unit_price_minor must be zero or more', line_price.label
                USING ERRCODE = '22023', DETAIL = format('unit_price_minor => %s.', line_price.unit_price_minor),
                      HINT = 'Prices are in minor units (cents).';
        END IF;
        RETURN line_price.unit_price_minor;
    END IF;
    IF (line_price.product).unit_price_minor IS NOT NULL AND (line_price.product).currency = line_price.currency THEN
        RETURN (line_price.product).unit_price_minor;
    END IF;
    RAISE EXCEPTION '% has no price', line_price.label
        USING ERRCODE = '22023',
              DETAIL = format('Product %s has no list price in %s.', (line_price.product).sku, line_price.currency),
              HINT = 'Pass unit_price_minor on the line.';
END
$$;
COMMENT ON FUNCTION sales.line_price(catalog.product, text, bigint, text) IS
'A sales order line''s unit price: unit_price_minor when given (22023 below zero), else the product''s list '
'price in the order''s currency (22023 when it has none); label names the line in the message.';
