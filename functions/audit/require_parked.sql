-- The ids an operator named (relay retry-parked or discard-parked --id) are
-- all parked, undelivered outbox rows, which this locks; SD404 names the
-- others, so a typo changes nothing. NULL (every parked row) passes.
CREATE OR REPLACE FUNCTION audit.require_parked(ids uuid[])
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_missing uuid[];
BEGIN
    IF require_parked.ids IS NULL THEN
        RETURN;
    END IF;
    PERFORM 1 FROM audit.outbox AS o
    WHERE o.id = ANY (require_parked.ids) AND o.parked_at IS NOT NULL AND o.delivered_at IS NULL
    ORDER BY o.id
    FOR UPDATE;
    v_missing := ARRAY(
        SELECT i FROM unnest(require_parked.ids) AS i
        WHERE i IS NULL OR NOT EXISTS (
            SELECT 1 FROM audit.outbox AS o
            WHERE o.id = i AND o.parked_at IS NOT NULL AND o.delivered_at IS NULL
        )
    );
    IF cardinality(v_missing) > 0 THEN
        RAISE EXCEPTION 'not a parked outbox row: %', array_to_string(v_missing, ', ', 'NULL')
            USING ERRCODE = 'SD404',
                  DETAIL = format('%s of the %s id(s) given name no parked, undelivered row.',
                                  cardinality(v_missing), cardinality(require_parked.ids)),
                  HINT = 'stockdb relay parked lists the parked rows and their ids.';
    END IF;
END
$$;
COMMENT ON FUNCTION audit.require_parked(uuid[]) IS
'Locks the parked, undelivered outbox rows named by ids; SD404 listing any id that is not one. NULL passes.';
