-- A sales order's lines as its idempotency key compares them: each line's
-- numbers without trailing zeros. The request hash is of the arguments' JSON
-- text, which keeps a number's scale, so a retry sending quantity 1.0 for 1
-- (the same order, as another driver or a value read back from a numeric
-- column writes it) was refused with SD002. Anything but an array of objects
-- is left as it is, for the validation to name.
CREATE OR REPLACE FUNCTION sales.canonical_lines(lines jsonb)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN jsonb_typeof(canonical_lines.lines) = 'array' THEN (
        SELECT coalesce(jsonb_agg(
            CASE WHEN jsonb_typeof(l.line) = 'object' THEN (
                SELECT coalesce(jsonb_object_agg(
                    f.key,
                    CASE WHEN jsonb_typeof(f.value) = 'number' THEN to_jsonb(trim_scale(f.value::numeric)) ELSE f.value END
                ), '{}')
                FROM jsonb_each(l.line) AS f
            ) ELSE l.line END
            ORDER BY l.n
        ), '[]')
        FROM jsonb_array_elements(canonical_lines.lines) WITH ORDINALITY AS l (line, n)
    ) ELSE canonical_lines.lines END
$$;
COMMENT ON FUNCTION sales.canonical_lines(jsonb) IS
'The lines with every number of each line object written without trailing zeros (1.0 as 1), as '
'api.create_sales_order''s idempotency key compares them; anything but an array is returned as it is.';
