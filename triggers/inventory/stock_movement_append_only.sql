-- The ledger is the truth, so it is never rewritten: corrections are new rows.
CREATE OR REPLACE FUNCTION inventory.tg_stock_movement__append_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'inventory.stock_movement is append-only: % refused', TG_OP
        USING ERRCODE = '55000',
              DETAIL = 'Ledger rows are never updated, deleted or truncated; balances are their sum.',
              HINT = 'Post a compensating movement (an adjustment) instead.';
END
$$;
COMMENT ON FUNCTION inventory.tg_stock_movement__append_only() IS
'Refuses UPDATE, DELETE and TRUNCATE on the ledger with SQLSTATE 55000.';

CREATE OR REPLACE TRIGGER _010_append_only BEFORE UPDATE OR DELETE ON inventory.stock_movement
FOR EACH ROW EXECUTE FUNCTION inventory.tg_stock_movement__append_only();

CREATE OR REPLACE TRIGGER _010_append_only_truncate BEFORE TRUNCATE ON inventory.stock_movement
FOR EACH STATEMENT EXECUTE FUNCTION inventory.tg_stock_movement__append_only();
