-- inventory.lock_stock: one transaction lock per tenant × product × warehouse;
-- its key function must stay inlinable (a call that is run, not inlined, is
-- parsed and planned again in every transaction that moves stock).
BEGIN;
SELECT plan(4);

CREATE FUNCTION pg_temp.held_keys() RETURNS SETOF bigint
LANGUAGE sql AS $$
    SELECT (l.classid::bigint << 32) | l.objid::bigint
    FROM pg_locks AS l
    WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.objsubid = 1
$$;

SELECT unalike(
    test_support.plan_of($$SELECT inventory.stock_lock_key(i.tenant_id, i.product_id, i.location_id) FROM inventory.inventory AS i$$),
    '%stock_lock_key%',
    'inventory.stock_lock_key is inlined into its caller'
);

SELECT lives_ok(
    $$SELECT inventory.lock_stock('00000000-0000-7000-8000-000000000001',
                                  ARRAY['01000000-0000-7000-8000-000000000001'::uuid],
                                  ARRAY['02000000-0000-7000-8000-000000000001'::uuid])$$,
    'one product in one warehouse: the lock is taken'
);
SELECT set_eq(
    $$SELECT * FROM pg_temp.held_keys()$$,
    $$VALUES (inventory.stock_lock_key('00000000-0000-7000-8000-000000000001',
                                       '01000000-0000-7000-8000-000000000001',
                                       '02000000-0000-7000-8000-000000000001'))$$,
    'the held lock is the product × warehouse key'
);

SELECT inventory.lock_stock(
    '00000000-0000-7000-8000-000000000001',
    ARRAY['01000000-0000-7000-8000-000000000001', '01000000-0000-7000-8000-000000000002']::uuid[],
    ARRAY['02000000-0000-7000-8000-000000000001', '02000000-0000-7000-8000-000000000002']::uuid[]
);
SELECT set_eq(
    $$SELECT * FROM pg_temp.held_keys()$$,
    $$SELECT inventory.stock_lock_key('00000000-0000-7000-8000-000000000001', p, w)
      FROM unnest(ARRAY['01000000-0000-7000-8000-000000000001', '01000000-0000-7000-8000-000000000002']::uuid[]) AS p
      CROSS JOIN unnest(ARRAY['02000000-0000-7000-8000-000000000001', '02000000-0000-7000-8000-000000000002']::uuid[]) AS w$$,
    'two products in two warehouses: four locks, the first one taken again for free'
);

SELECT * FROM finish();
ROLLBACK;
