-- inventory.lock_stock: one transaction lock per tenant × product × warehouse,
-- after each warehouse's whole-stock lock in shared mode;
-- inventory.lock_warehouse_stock (imports) takes the latter exclusively. The
-- key functions must stay inlinable (a call that is run, not inlined, is
-- parsed and planned again in every transaction that moves stock).
BEGIN;
SELECT plan(12);

SELECT unalike(
    test_support.plan_of($$SELECT inventory.stock_lock_key(i.tenant_id, i.product_id, i.location_id) FROM inventory.inventory AS i$$),
    '%stock_lock_key%',
    'inventory.stock_lock_key is inlined into its caller'
);
SELECT unalike(
    test_support.plan_of($$SELECT inventory.warehouse_stock_key(i.tenant_id, i.location_id) FROM inventory.inventory AS i$$),
    '%warehouse_stock_key%',
    'inventory.warehouse_stock_key is inlined into its caller'
);

SELECT lives_ok(
    $$SELECT inventory.lock_stock('00000000-0000-7000-8000-000000000001',
                                  ARRAY['01000000-0000-7000-8000-000000000001'::uuid],
                                  ARRAY['02000000-0000-7000-8000-000000000001'::uuid])$$,
    'one product in one warehouse: the locks are taken'
);
SELECT set_eq(
    $$SELECT * FROM test_support.held_advisory_locks()$$,
    $$VALUES (inventory.stock_lock_key('00000000-0000-7000-8000-000000000001',
                                       '01000000-0000-7000-8000-000000000001',
                                       '02000000-0000-7000-8000-000000000001'), 'ExclusiveLock'),
             (inventory.warehouse_stock_key('00000000-0000-7000-8000-000000000001',
                                            '02000000-0000-7000-8000-000000000001'), 'ShareLock')$$,
    'the product × warehouse key exclusively, the warehouse''s key shared'
);

SELECT inventory.lock_stock(
    '00000000-0000-7000-8000-000000000001',
    ARRAY['01000000-0000-7000-8000-000000000001', '01000000-0000-7000-8000-000000000002']::uuid[],
    ARRAY['02000000-0000-7000-8000-000000000001', '02000000-0000-7000-8000-000000000002']::uuid[]
);
SELECT set_eq(
    $$SELECT * FROM test_support.held_advisory_locks()$$,
    $$SELECT inventory.stock_lock_key('00000000-0000-7000-8000-000000000001', p, w), 'ExclusiveLock'
      FROM unnest(ARRAY['01000000-0000-7000-8000-000000000001', '01000000-0000-7000-8000-000000000002']::uuid[]) AS p
      CROSS JOIN unnest(ARRAY['02000000-0000-7000-8000-000000000001', '02000000-0000-7000-8000-000000000002']::uuid[]) AS w
      UNION ALL
      SELECT inventory.warehouse_stock_key('00000000-0000-7000-8000-000000000001', w), 'ShareLock'
      FROM unnest(ARRAY['02000000-0000-7000-8000-000000000001', '02000000-0000-7000-8000-000000000002']::uuid[]) AS w$$,
    'two products in two warehouses: four locks and two warehouse locks, the first ones taken again for free'
);

-- After a wait ran out: with nobody else holding either lock, busy_stock_key
-- names none, and holds both from then on (its caller commits straight away).
SELECT is(
    inventory.busy_stock_key(
        '00000000-0000-7000-8000-000000000001',
        '01000000-0000-7000-8000-000000000009',
        '02000000-0000-7000-8000-000000000009'
    ),
    NULL,
    'busy_stock_key: neither lock is held elsewhere'
);
SELECT set_eq(
    $$SELECT * FROM test_support.held_advisory_locks()
      WHERE key IN (inventory.stock_lock_key('00000000-0000-7000-8000-000000000001',
                                             '01000000-0000-7000-8000-000000000009',
                                             '02000000-0000-7000-8000-000000000009'),
                    inventory.warehouse_stock_key('00000000-0000-7000-8000-000000000001',
                                                  '02000000-0000-7000-8000-000000000009'))$$,
    $$VALUES (inventory.stock_lock_key('00000000-0000-7000-8000-000000000001',
                                       '01000000-0000-7000-8000-000000000009',
                                       '02000000-0000-7000-8000-000000000009'), 'ExclusiveLock'),
             (inventory.warehouse_stock_key('00000000-0000-7000-8000-000000000001',
                                            '02000000-0000-7000-8000-000000000009'), 'ShareLock')$$,
    'busy_stock_key takes the locks it found free, as lock_stock would'
);

-- An import's lock taken in a block that is then rolled back, as
-- lock_warehouse_stock's own tries are.
CREATE FUNCTION pg_temp.import_then_roll_back(OUT held text[], OUT api_call_lived boolean, OUT held_after text[])
LANGUAGE plpgsql AS $$
DECLARE
    v_key bigint := inventory.warehouse_stock_key('00000000-0000-7000-8000-000000000001',
                                                  '02000000-0000-7000-8000-000000000003');
BEGIN
    BEGIN
        PERFORM inventory.lock_warehouse_stock(
            '00000000-0000-7000-8000-000000000001',
            ARRAY['02000000-0000-7000-8000-000000000003', NULL, '02000000-0000-7000-8000-000000000003']::uuid[]
        );
        held := ARRAY(SELECT h.mode FROM test_support.held_advisory_locks() AS h WHERE h.key = v_key);
        PERFORM inventory.lock_stock('00000000-0000-7000-8000-000000000001',
                                     ARRAY['01000000-0000-7000-8000-000000000001'::uuid],
                                     ARRAY['02000000-0000-7000-8000-000000000003'::uuid]);
        api_call_lived := TRUE;
        RAISE EXCEPTION USING ERRCODE = 'SD900';
    EXCEPTION WHEN SQLSTATE 'SD900' THEN
        NULL;
    END;
    held_after := ARRAY(SELECT h.mode FROM test_support.held_advisory_locks() AS h WHERE h.key = v_key);
END
$$;
SELECT is(
    (SELECT held FROM pg_temp.import_then_roll_back()),
    ARRAY['ExclusiveLock'],
    'an import takes each named warehouse''s key exclusively, once (NULLs left out)'
);
SELECT ok(
    (SELECT api_call_lived FROM pg_temp.import_then_roll_back()),
    'the import''s own api call in the same transaction does not wait for the import'
);
SELECT is(
    (SELECT held_after FROM pg_temp.import_then_roll_back()),
    '{}'::text[],
    'a rolled-back try lets go of the warehouses it took (lock_warehouse_stock retries that way)'
);

-- A cycle count holds its warehouses from its check on, so what is reserved
-- cannot grow between the check and the apply.
DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant());
    PERFORM test_support.remember('wc', test_support.make_warehouse(test_support.default_tenant(), 'WCOUNT'));
    PERFORM test_support.remember('counts', (
        SELECT b.batch_id
        FROM staging.begin_batch('cycle_counts', 'counts.xlsx', repeat('c', 64), 'Sheet1',
                                 ARRAY['sku', 'warehouse', 'location', 'counted_quantity']) AS b
    ));
    INSERT INTO staging.cycle_count_row (tenant_id, batch_id, row_number, sku, warehouse, location, counted_quantity)
    VALUES
        (test_support.default_tenant(), test_support.id('counts'), 2, 'NOPE', ' WCOUNT ', 'A1', '1'),
        (test_support.default_tenant(), test_support.id('counts'), 3, 'NOPE', 'NO-SUCH', 'A1', '1');
END
$$;
SELECT is(
    staging.cycle_count_warehouses(test_support.default_tenant(), test_support.id('counts')),
    ARRAY[test_support.id('wc')],
    'a cycle-count batch names the warehouses its codes find'
);
DO $$
BEGIN
    PERFORM staging.check_cycle_counts(test_support.default_tenant(), test_support.id('counts'), 'insert');
END
$$;
SELECT set_eq(
    $$SELECT * FROM test_support.held_advisory_locks() WHERE mode = 'ExclusiveLock'
      AND key = inventory.warehouse_stock_key(test_support.default_tenant(), test_support.id('wc'))$$,
    $$VALUES (inventory.warehouse_stock_key(test_support.default_tenant(), test_support.id('wc')), 'ExclusiveLock')$$,
    'checking a cycle-count batch holds the stock of its warehouse until the transaction ends'
);

SELECT * FROM finish();
ROLLBACK;
