-- What is wrong with one cell against its column's spec, or NULL. Inlined
-- into staging.validate_batch's one pass over the rows, with the spec as
-- constants, so it costs a few comparisons per cell.
CREATE OR REPLACE FUNCTION staging.cell_problem(
    value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text
)
RETURNS text
LANGUAGE sql
STABLE
AS $$
    SELECT CASE
        WHEN staging.to_text(value) IS NULL THEN CASE WHEN required THEN 'required' END
        WHEN data_type = 'integer' AND staging.to_integer(value) IS NULL
            THEN 'not a whole number'
        WHEN data_type = 'decimal' AND staging.to_decimal(value) IS NULL
            THEN 'not a number (at most 11 digits before the point and 3 after)'
        WHEN data_type = 'date' AND staging.to_date(value) IS NULL
            THEN 'not a date (YYYY-MM-DD or an Excel date)'
        WHEN data_type = 'boolean' AND staging.to_boolean(value) IS NULL
            THEN 'not true or false'
        WHEN data_type = 'currency' AND staging.to_currency(value) IS NULL
            THEN 'not a three-letter ISO 4217 currency code'
        WHEN pg_catalog.length(staging.to_text(value)) > max_length
            THEN pg_catalog.format('longer than %s characters', max_length)
        WHEN staging.to_text(value) !~ pattern
            THEN 'not in the expected form: ' || description
        WHEN data_type = 'text' AND NOT (pg_catalog.lower(staging.to_text(value)) = ANY (allowed))
            THEN 'not one of: ' || pg_catalog.array_to_string(allowed, ', ')
    END
$$;
COMMENT ON FUNCTION staging.cell_problem(text, text, boolean, integer, text, text[], text) IS
'Why a cell does not fit its import column (required, type, length, pattern, allowed values), '
'or NULL when it does.';
