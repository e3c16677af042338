-- Whether an UPDATE changes nothing, for a BEFORE trigger of a table with
-- generated columns: those are NULL in NEW until the BEFORE triggers have
-- run, so they are left out of the comparison. A trigger may name other
-- columns it does not count as a change too (a user's login bookkeeping),
-- left out of both rows. A table without generated columns compares the
-- whole row in its trigger's WHEN instead, which costs less.
CREATE OR REPLACE FUNCTION ops.unchanged_but_generated(old_row anyelement, new_row anyelement, generated text[])
RETURNS boolean
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT pg_catalog.jsonb_populate_record(new_row, n.left_out)
           IS NOT DISTINCT FROM pg_catalog.jsonb_populate_record(old_row, n.left_out)
    FROM (SELECT pg_catalog.jsonb_object_agg(c.name, NULL) AS left_out FROM pg_catalog.unnest(generated) AS c (name)) AS n
$$;
COMMENT ON FUNCTION ops.unchanged_but_generated(anyelement, anyelement, text[]) IS
'True when new_row equals old_row in every column but the ones named: the generated ones (which a BEFORE '
'trigger sees as NULL in NEW), and any other a trigger does not count as a change.';
