-- One lock per tenant × product × warehouse, always taken in ascending key
-- order: every call that moves stock takes all its locks here, before it
-- changes anything, so no two calls can wait on each other in a cycle.
-- Before them, each warehouse's stock as a whole, shared: an import holds it
-- exclusively while it posts (inventory.lock_warehouse_stock), so a call
-- never holds a balance an import waits for while it waits for the import.
-- Taking a lock already held is free, so helpers may ask again.
CREATE OR REPLACE FUNCTION inventory.lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_gates bigint[];
    v_keys bigint[];
    v_key bigint;
BEGIN
    -- Most calls move one product in one warehouse: two locks, no sort.
    IF cardinality(lock_stock.product_ids) = 1 AND cardinality(lock_stock.warehouse_ids) = 1 THEN
        v_gates := ARRAY[inventory.warehouse_stock_key(lock_stock.tenant_id, lock_stock.warehouse_ids[1])];
        v_keys := ARRAY[inventory.stock_lock_key(
            lock_stock.tenant_id, lock_stock.product_ids[1], lock_stock.warehouse_ids[1]
        )];
    ELSE
        v_gates := ARRAY(
            SELECT DISTINCT inventory.warehouse_stock_key(lock_stock.tenant_id, w)
            FROM unnest(lock_stock.warehouse_ids) AS w
            ORDER BY 1
        );
        v_keys := ARRAY(
            SELECT DISTINCT inventory.stock_lock_key(lock_stock.tenant_id, p, w)
            FROM unnest(lock_stock.product_ids) AS p
            CROSS JOIN unnest(lock_stock.warehouse_ids) AS w
            ORDER BY 1
        );
    END IF;
    FOREACH v_key IN ARRAY v_gates LOOP
        CONTINUE WHEN pg_try_advisory_xact_lock_shared(v_key);
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(v_key);
        EXCEPTION
            WHEN lock_not_available THEN
                RAISE EXCEPTION 'stock is busy: an import held warehouse(s) % for longer than lock_timeout (%)',
                                array_to_string(lock_stock.warehouse_ids, ', '), current_setting('lock_timeout')
                    USING ERRCODE = '55P03',
                          DETAIL = 'An import of opening stock or cycle counts holds the stock of its '
                                   'warehouses while it posts to the ledger.',
                          HINT = 'Nothing of the call was kept: retry it (with the same idempotency_key where it takes '
                                 'one: it takes effect once).';
        END;
    END LOOP;
    FOREACH v_key IN ARRAY v_keys LOOP
        -- A free lock is taken without the block below: its subtransaction
        -- is paid only by a call that has to wait.
        CONTINUE WHEN pg_try_advisory_xact_lock(v_key);
        BEGIN
            PERFORM pg_advisory_xact_lock(v_key);
        EXCEPTION
            -- The api functions wait lock_timeout (5 s) for stock another call
            -- is moving; the caller gets a retryable error that says so, not a
            -- hang. Nothing was written yet, so the whole call can be retried.
            WHEN lock_not_available THEN
                RAISE EXCEPTION 'stock is busy: another transaction held it for longer than lock_timeout (%)',
                                current_setting('lock_timeout')
                    USING ERRCODE = '55P03',
                          DETAIL = format('Waiting for the stock of product(s) %s in warehouse(s) %s.',
                                          array_to_string(lock_stock.product_ids, ', '),
                                          array_to_string(lock_stock.warehouse_ids, ', ')),
                          HINT = 'Nothing of the call was kept: retry it (with the same idempotency_key where it takes '
                                 'one: it takes effect once).';
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION inventory.lock_stock(uuid, uuid[], uuid[]) IS
'Takes the transaction locks for the stock of every given product in every given warehouse, '
'in a fixed global order, after each warehouse''s whole-stock lock in shared mode (an import holds it '
'exclusively); 55P03 with a hint to retry when one is held past lock_timeout.';
