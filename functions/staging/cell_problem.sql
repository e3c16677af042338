-- What is wrong with one cell against its column's spec, or NULL. Inlined
-- into staging.validate_batch's one pass over the rows, with the spec as
-- constants, so it costs a few comparisons per cell.
-- An Excel error value (a formula that failed, or #N/A typed in) arrives as
-- Excel shows it. It is no value in any column, text ones included, and
-- saying which error it is tells more than "not a number" would. Testing for
-- '#' first keeps the list out of every other cell's way.
CREATE OR REPLACE FUNCTION staging.cell_problem(
    value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text
)
RETURNS text
LANGUAGE sql
STABLE
AS $$
    SELECT CASE
        WHEN staging.to_text(value) IS NULL THEN CASE WHEN required THEN 'required' END
        WHEN pg_catalog.starts_with(value, '#') AND value = ANY (ARRAY[
            '#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA',
            '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!',
            '#PYTHON!', '#EXTERNAL!'
        ]) THEN pg_catalog.format(
            'an Excel error value (%s), not data: correct the formula or clear the cell', value
        )
        WHEN data_type = 'integer' AND staging.to_integer(value) IS NULL
            THEN 'not a whole number (at most 15 digits)'
        WHEN data_type = 'decimal' AND staging.to_decimal(value) IS NULL
            THEN 'not a number (at most 11 digits before the point and 3 after)'
        WHEN data_type = 'date' AND staging.to_date(value) IS NULL
            THEN 'not a date from 1900 to 9999 (YYYY-MM-DD or an Excel date)'
        WHEN data_type = 'boolean' AND staging.to_boolean(value) IS NULL
            THEN 'not true or false'
        WHEN data_type = 'currency' AND staging.to_currency(value) IS NULL
            THEN 'not a three-letter ISO 4217 currency code'
        WHEN pg_catalog.length(staging.to_text(value)) > max_length
            THEN pg_catalog.format('longer than %s characters', max_length)
        -- Classes read by ICU's root locale, as the api and the CHECKs read them.
        WHEN staging.to_text(value) COLLATE pg_catalog."und-x-icu" !~ pattern
            THEN 'not in the expected form: ' || description
        WHEN data_type = 'text' AND NOT (pg_catalog.lower(staging.to_text(value)) = ANY (allowed))
            THEN 'not one of: ' || pg_catalog.array_to_string(allowed, ', ')
    END
$$;
COMMENT ON FUNCTION staging.cell_problem(text, text, boolean, integer, text, text[], text) IS
'Why a cell does not fit its import column (required, type, length, pattern, allowed values), '
'or NULL when it does.';
