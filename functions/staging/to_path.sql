-- A category path cell with the blanks around every name trimmed. Written as
-- one expression (no subquery, no SET) so the planner inlines it: product_source
-- evaluates it twice per row. Most paths carry no blank at all and pass as
-- they are; btrim and the pattern trim spaces only, as btrim per name would.
CREATE OR REPLACE FUNCTION staging.to_path(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN pg_catalog.strpos(value, ' ') = 0 THEN value
        ELSE pg_catalog.regexp_replace(pg_catalog.btrim(value), ' */ *', '/', 'g')
    END
$$;
COMMENT ON FUNCTION staging.to_path(text) IS 'A /-separated category path with every name trimmed.';
