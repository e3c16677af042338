-- Whether an UPDATE changes nothing, for a BEFORE trigger of a table with
-- generated columns: those are NULL in NEW until the BEFORE triggers have
-- run, so they are left out of the comparison. A table without any compares
-- the whole row in its trigger's WHEN instead, which costs less.
CREATE OR REPLACE FUNCTION ops.unchanged_but_generated(old_row anyelement, new_row anyelement, generated text[])
RETURNS boolean
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT new_row IS NOT DISTINCT FROM pg_catalog.jsonb_populate_record(
        old_row, (SELECT pg_catalog.jsonb_object_agg(c.name, NULL) FROM pg_catalog.unnest(generated) AS c (name))
    )
$$;
COMMENT ON FUNCTION ops.unchanged_but_generated(anyelement, anyelement, text[]) IS
'True when new_row equals old_row in every column but the generated ones named (which a BEFORE trigger sees '
'as NULL in NEW).';
