-- An import kind by name, or a clear error listing the known ones.
CREATE OR REPLACE FUNCTION staging.require_kind(kind text)
RETURNS staging.import_kind
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_kind staging.import_kind;
BEGIN
    SELECT * INTO v_kind FROM staging.import_kind AS k WHERE k.kind = require_kind.kind;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import kind %', coalesce(require_kind.kind, 'NULL')
            USING ERRCODE = '22023',
                  DETAIL = format('Known kinds: %s.',
                                  (SELECT string_agg(k.kind, ', ' ORDER BY k.kind) FROM staging.import_kind AS k)),
                  HINT = 'Pass one of the known kinds.';
    END IF;
    RETURN v_kind;
END
$$;
COMMENT ON FUNCTION staging.require_kind(text) IS
'The import kind of this name; 22023 listing the known kinds when there is none.';
