-- A product's customs codes: NULL, or an HS code and an ISO 3166 country.
-- country_of_origin is char(2) in the api, which takes any length: 'DEU'
-- reached the column in api.update_product and failed with a bare 22001.
CREATE OR REPLACE FUNCTION catalog.require_trade_codes(hs_code text, country_of_origin text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_trade_codes.hs_code !~ '^[0-9]{6,10}$' OR require_trade_codes.country_of_origin !~ '^[A-Z]{2}$' THEN
        RAISE EXCEPTION 'hs_code or country_of_origin is malformed'
            USING ERRCODE = '22023',
                  DETAIL = format('hs_code => %s, country_of_origin => %s.', ops.quoted_excerpt(require_trade_codes.hs_code),
                                  ops.quoted_excerpt(require_trade_codes.country_of_origin)),
                  HINT = 'hs_code has 6 to 10 digits; country_of_origin is ISO 3166-1 alpha-2 (DE, CN, ...).';
    END IF;
END
$$;
COMMENT ON FUNCTION catalog.require_trade_codes(text, text) IS
'Returns when hs_code (6 to 10 digits) and country_of_origin (two capital letters) are each NULL or well '
'formed; 22023 otherwise.';
