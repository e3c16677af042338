-- Where the ledger's attached months begin: ledger retention detached the
-- months before it, so what moved at a place since an earlier time can be
-- read only from here on. NULL while no month is detached.
CREATE OR REPLACE FUNCTION inventory.ledger_attached_from()
RETURNS timestamptz
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT max(d.range_to) FROM ops.detached_ledger_month AS d
$$;
COMMENT ON FUNCTION inventory.ledger_attached_from() IS
'The end of the last month ledger retention detached (NULL when none): counts dated before it cannot be '
'taken back, since what moved since is gone from the ledger, and report.movement_daily does not sum those '
'days again. For api.count_stock_at, cycle-count imports and ops.refresh_movement_daily.';
