-- The time zone the ledger's months begin in (inventory.ledger_time_zone):
-- partition maintenance runs in it, since pg_partman reads and writes
-- partition bounds in the session's TimeZone. A run whose TimeZone was
-- another read the last month as the one before and made no month ahead.
CREATE OR REPLACE FUNCTION inventory.ledger_time_zone()
RETURNS text
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(
        (SELECT z.name FROM inventory.ledger_time_zone AS z WHERE z.singleton),
        current_setting('TimeZone')
    )
$$;
COMMENT ON FUNCTION inventory.ledger_time_zone() IS
'The IANA time zone in which the ledger''s monthly partitions begin at midnight on the 1st (the session''s '
'when none is recorded).';
