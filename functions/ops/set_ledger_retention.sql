-- ops.set_ledger_retention: how much of the ledger stays attached. The
-- floor of four months keeps the 90 days of demand report.reorder_suggestions
-- reads in the attached ledger.
CREATE OR REPLACE FUNCTION ops.set_ledger_retention(keep_months integer)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF set_ledger_retention.keep_months NOT BETWEEN 4 AND 1200 THEN
        RAISE EXCEPTION 'keep_months must be between 4 and 1200, or NULL to keep every month'
            USING ERRCODE = '22023',
                  DETAIL = format('ops.set_ledger_retention was called with keep_months => %s.',
                                  set_ledger_retention.keep_months),
                  HINT = 'Reports read the last 90 days of the ledger; keep at least four whole months.';
    END IF;
    UPDATE ops.ledger_retention AS r
    SET keep_months = set_ledger_retention.keep_months, updated_at = now()
    WHERE r.singleton;
END
$$;
COMMENT ON FUNCTION ops.set_ledger_retention(integer) IS
'Sets how many whole months before the current one the ledger keeps attached (4 to 1200; NULL keeps every '
'month, the default). ops.run_partition_maintenance detaches older months at its next run, carrying their '
'sums into inventory.ledger_carry. Errors: 22023 out of range.';
