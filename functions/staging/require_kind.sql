-- An import kind by name, or a clear error listing the known ones. It
-- returns plain columns, not the staging.import_kind row type: a function
-- whose signature used that type would stop 0017's rollback from dropping it.
CREATE OR REPLACE FUNCTION staging.require_kind(name text, OUT kind text, OUT row_table text, OUT modes text[])
RETURNS record
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Bounded before it goes into the message.
    PERFORM ops.require_length(require_kind.name, 'kind', 100);
    SELECT k.kind, k.row_table, k.modes INTO kind, row_table, modes
    FROM staging.import_kind AS k WHERE k.kind = require_kind.name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import kind %', ops.named(require_kind.name)
            USING ERRCODE = '22023',
                  DETAIL = format('Known kinds: %s.',
                                  (SELECT string_agg(k.kind, ', ' ORDER BY k.kind) FROM staging.import_kind AS k)),
                  HINT = 'Pass one of the known kinds.';
    END IF;
END
$$;
COMMENT ON FUNCTION staging.require_kind(text) IS
'The import kind of this name (its kind, row table and modes); 22023 listing the known kinds when there '
'is none.';
