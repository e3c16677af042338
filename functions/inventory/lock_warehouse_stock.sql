-- An import posts a whole sheet in one statement and locks the balance rows
-- it changes in id order: an api call that had changed one of them and then
-- wanted another the import had locked first made a deadlock. So an import
-- first holds the stock of its warehouses exclusively, as a whole (one lock
-- per warehouse: a lock per product × warehouse would fill the lock table on
-- a large sheet), and calls that move stock there hold it shared before their
-- own locks (inventory.lock_stock).
-- Waiting in the queue for it would make every new call there queue too: so
-- each try waits at most 500 ms, and a try that runs out lets go of the
-- warehouses it had taken (its block's rollback releases them) before the
-- next, a pause later.
CREATE OR REPLACE FUNCTION inventory.lock_warehouse_stock(tenant_id uuid, warehouse_ids uuid[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '500ms'
AS $$
DECLARE
    v_warehouse_ids uuid[] := ARRAY(
        SELECT DISTINCT w FROM unnest(lock_warehouse_stock.warehouse_ids) AS w WHERE w IS NOT NULL ORDER BY 1
    );
    v_keys bigint[] := ARRAY(
        SELECT inventory.warehouse_stock_key(lock_warehouse_stock.tenant_id, w)
        FROM unnest(v_warehouse_ids) AS w
        ORDER BY 1
    );
    v_key bigint;
BEGIN
    FOR v_try IN 1..10 LOOP
        BEGIN
            FOREACH v_key IN ARRAY v_keys LOOP
                PERFORM pg_advisory_xact_lock(v_key);
            END LOOP;
            RETURN;
        EXCEPTION
            WHEN lock_not_available THEN
                IF v_try = 10 THEN
                    RAISE EXCEPTION 'stock is busy: ten waits of 500 ms for the movements running in % '
                                    'warehouse(s) ran out', cardinality(v_warehouse_ids)
                        USING ERRCODE = '55P03',
                              DETAIL = format('Warehouse(s) %s.', array_to_string(v_warehouse_ids, ', ')),
                              HINT = 'Nothing was posted. Run it again; a transaction that moved stock there and '
                                     'has not ended (idle in transaction) keeps it busy.';
                END IF;
        END;
        PERFORM pg_sleep(0.5);
    END LOOP;
END
$$;
COMMENT ON FUNCTION inventory.lock_warehouse_stock(uuid, uuid[]) IS
'Takes the stock of the given warehouses exclusively until the transaction ends (imports that post to '
'the ledger), waiting for the movements running there; 55P03 after ten tries of 500 ms.';
