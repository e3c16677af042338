-- inventory: balances, the partitioned append-only ledger, reservations.
BEGIN;
SELECT plan(32);

SELECT has_table('inventory', t, format('inventory.%s exists', t))
FROM unnest(ARRAY['inventory', 'stock_movement', 'movement_request', 'reservation', 'reservation_line']) AS t;

DO $$
BEGIN
    PERFORM test_support.remember('acme', test_support.make_tenant('acme'));
    PERFORM test_support.remember('other', test_support.make_tenant('other'));
    PERFORM test_support.remember('wh', test_support.make_warehouse(test_support.id('acme'), 'MAIN'));
    PERFORM test_support.remember('wh2', test_support.make_warehouse(test_support.id('acme'), 'SIDE'));
    PERFORM test_support.remember('a1', test_support.make_location(test_support.id('acme'), test_support.id('wh'), 'A1'));
    PERFORM test_support.remember('s1', test_support.make_location(test_support.id('acme'), test_support.id('wh2'), 'S1'));
    PERFORM test_support.remember('p', test_support.make_product(test_support.id('acme'), 'P-1'));
    PERFORM test_support.remember('q', test_support.make_product(test_support.id('acme'), 'Q-1'));
    PERFORM test_support.remember('b', test_support.make_batch(test_support.id('acme'), test_support.id('p'), 'B1'));
    PERFORM test_support.remember('qb', test_support.make_batch(test_support.id('acme'), test_support.id('q'), 'QB1'));
    PERFORM test_support.remember('theirs', test_support.make_product(test_support.id('other'), 'P-1'));
END
$$;

-- Balances follow the ledger
INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, batch_id, location_id, quantity)
VALUES
(test_support.id('acme'), 'purchase_receipt', test_support.id('p'), test_support.id('b'), test_support.id('a1'), 10),
(test_support.id('acme'), 'reservation', test_support.id('p'), test_support.id('b'), test_support.id('a1'), -4),
(test_support.id('acme'), 'purchase_receipt', test_support.id('q'), NULL, test_support.id('a1'), 2);

SELECT results_eq(
    format('SELECT on_hand, reserved, available FROM inventory.inventory WHERE product_id = %L', test_support.id('p')),
    $$VALUES (10.000::numeric(14, 3), 4.000::numeric(14, 3), 6.000::numeric(14, 3))$$,
    'a balance is the sum of its ledger rows, and available is on_hand - reserved'
);
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, location_id, quantity)
          VALUES (%L, 'consumption', %L, %L, -3)$$,
        test_support.id('acme'), test_support.id('q'), test_support.id('a1')
    ),
    '23514',
    'new row for relation "inventory" violates check constraint "inventory_on_hand_nonnegative"',
    'on_hand cannot go negative'
);
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, location_id, quantity)
          VALUES (%L, 'release', %L, %L, 5)$$,
        test_support.id('acme'), test_support.id('q'), test_support.id('a1')
    ),
    '23514',
    'new row for relation "inventory" violates check constraint "inventory_reserved_nonnegative"',
    'reserved cannot go negative'
);
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, batch_id, location_id, quantity)
          VALUES (%L, 'reservation', %L, %L, %L, -7)$$,
        test_support.id('acme'), test_support.id('p'), test_support.id('b'), test_support.id('a1')
    ),
    '23514',
    'new row for relation "inventory" violates check constraint "inventory_reserved_le_on_hand_check"',
    'reserved cannot exceed on_hand'
);
SELECT throws_ok(
    format('UPDATE inventory.inventory SET on_hand = 100 WHERE product_id = %L', test_support.id('p')),
    '55000',
    'balances change only through inventory.stock_movement',
    'a balance cannot be written except through the ledger'
);
SELECT throws_ok(
    format(
        'INSERT INTO inventory.inventory (tenant_id, product_id, batch_id, location_id) VALUES (%L, %L, %L, %L)',
        test_support.id('acme'), test_support.id('p'), test_support.id('b'), test_support.id('a1')
    ),
    '23505',
    'duplicate key value violates unique constraint "inventory_live_key"',
    'one live balance row per product, batch and location'
);
SELECT throws_ok(
    format(
        'INSERT INTO inventory.inventory (tenant_id, product_id, location_id) VALUES (%L, %L, %L)',
        test_support.id('acme'), test_support.id('q'), test_support.id('a1')
    ),
    '23505',
    'duplicate key value violates unique constraint "inventory_live_key"',
    'one live balance row for an unbatched product too (NULL batch is not distinct)'
);
SELECT throws_ok(
    format(
        'INSERT INTO inventory.inventory (tenant_id, product_id, batch_id, location_id) VALUES (%L, %L, %L, %L)',
        test_support.id('acme'), test_support.id('p'), test_support.id('qb'), test_support.id('a1')
    ),
    '23503',
    'insert or update on table "inventory" violates foreign key constraint "inventory_batch_fkey"',
    'a balance''s batch must be a batch of its own product'
);
SELECT throws_ok(
    format(
        'INSERT INTO inventory.inventory (tenant_id, product_id, location_id) VALUES (%L, %L, %L)',
        test_support.id('other'), test_support.id('theirs'), test_support.id('a1')
    ),
    '23503',
    'insert or update on table "inventory" violates foreign key constraint "inventory_location_fkey"',
    'a balance cannot sit in another tenant''s location'
);
SELECT throws_ok(
    format('UPDATE inventory.inventory SET version = 7 WHERE product_id = %L', test_support.id('p')),
    'SD004',
    format(
        'inventory %s was changed by someone else',
        (SELECT i.id FROM inventory.inventory AS i WHERE i.product_id = test_support.id('p'))
    ),
    'a stale version is refused with SD004'
);

-- The ledger
INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, batch_id, location_id, quantity)
VALUES (
    test_support.id('acme'), '2100-01-01', 'purchase_receipt',
    test_support.id('p'), test_support.id('b'), test_support.id('a1'), 5
);
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity)
          VALUES (%L, '2100-01-01', 'sale_issue', %L, %L, 5)$$,
        test_support.id('acme'), test_support.id('q'), test_support.id('a1')
    ),
    '23514',
    'new row for relation "stock_movement_default" violates check constraint "stock_movement_quantity_sign_check"',
    'a sale_issue must carry a negative quantity'
);
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.stock_movement (tenant_id, occurred_at, movement_type, product_id, location_id, quantity)
          VALUES (%L, '2100-01-01', 'adjustment', %L, %L, 0)$$,
        test_support.id('acme'), test_support.id('q'), test_support.id('a1')
    ),
    '23514',
    'new row for relation "stock_movement_default" violates check constraint "stock_movement_quantity_sign_check"',
    'an adjustment of zero is refused'
);
-- Every movement type against the ledger's own CHECKs, on a copy of the
-- table without its keys and triggers: each type takes only its sign, and
-- a type added later is refused until the CHECK gives it one.
CREATE TEMP TABLE sign_probe (LIKE inventory.stock_movement INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
CREATE FUNCTION pg_temp.accepted(movement_type inventory.stock_movement_type, reference_type text)
RETURNS int[]
LANGUAGE plpgsql AS $$
DECLARE
    v_accepted int[] := '{}';
    v_quantity int;
BEGIN
    FOREACH v_quantity IN ARRAY ARRAY[-1, 0, 1] LOOP
        BEGIN
            INSERT INTO sign_probe (tenant_id, movement_type, product_id, location_id, quantity, reference_type, reference_id)
            VALUES (gen_random_uuid(), accepted.movement_type, gen_random_uuid(), gen_random_uuid(), v_quantity,
                    accepted.reference_type, CASE WHEN accepted.reference_type IS NOT NULL THEN gen_random_uuid() END);
            v_accepted := v_accepted || v_quantity;
        EXCEPTION WHEN check_violation THEN
            NULL;
        END;
    END LOOP;
    RETURN v_accepted;
END
$$;
SELECT results_eq(
    $$SELECT t::text, pg_temp.accepted(t, NULL) FROM unnest(enum_range(NULL::inventory.stock_movement_type)) AS t
      ORDER BY 1$$,
    $$VALUES ('adjustment', '{-1,1}'::int []), ('consumption', '{-1}'), ('purchase_receipt', '{1}'),
             ('release', '{1}'), ('reservation', '{-1}'), ('returned', '{1}'), ('sale_issue', '{-1}'),
             ('transfer_in', '{1}'), ('transfer_out', '{-1}')$$,
    'each movement type takes only its own sign'
);
SELECT results_eq(
    $$SELECT r, pg_temp.accepted('adjustment', r) = '{-1,1}'
      FROM unnest(ARRAY['a', 'import_batch', repeat('x', 40), repeat('x', 41), '', 'Import_batch', 'a1', 'a b'])
           WITH ORDINALITY AS u (r, n)
      ORDER BY n$$,
    $$VALUES ('a', TRUE), ('import_batch', TRUE), (repeat('x', 40), TRUE), (repeat('x', 41), FALSE), ('', FALSE),
             ('Import_batch', FALSE), ('a1', FALSE), ('a b', FALSE)$$,
    'a reference_type is 1 to 40 lowercase letters and underscores'
);
SELECT throws_ok(
    'UPDATE inventory.stock_movement SET quantity = 6',
    '55000',
    'inventory.stock_movement is append-only: UPDATE refused',
    'a ledger row cannot be updated'
);
SELECT throws_ok(
    'DELETE FROM inventory.stock_movement',
    '55000',
    'inventory.stock_movement is append-only: DELETE refused',
    'a ledger row cannot be deleted'
);
SELECT throws_ok(
    'TRUNCATE inventory.stock_movement',
    '55000',
    'inventory.stock_movement is append-only: TRUNCATE refused',
    'the ledger cannot be truncated'
);
SELECT is(
    (SELECT tableoid::regclass::text FROM inventory.stock_movement WHERE occurred_at = '2100-01-01'),
    'inventory.stock_movement_default',
    'a movement outside the partitioned months lands in the default partition'
);
SELECT ok(
    (
        SELECT count(*) >= 5
        FROM partman.show_partitions('inventory.stock_movement') AS sp
        WHERE sp.partition_tablename >= 'stock_movement_p' || to_char(now(), 'YYYY_MM')
    ),
    'pg_partman keeps this month and four ahead'
);
SELECT results_eq(
    $$SELECT partition_interval, premake, infinite_time_partitions FROM partman.part_config
      WHERE parent_table = 'inventory.stock_movement'$$,
    $$VALUES ('1 mon'::text, 4, TRUE)$$,
    'pg_partman makes monthly partitions four ahead of the clock, data or not'
);
INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, location_id, quantity)
VALUES (test_support.id('acme'), 'consumption', test_support.id('q'), test_support.id('a1'), -1);
SELECT is(
    (
        SELECT tableoid::regclass::text FROM inventory.stock_movement
        WHERE movement_type = 'consumption'
    ),
    'inventory.stock_movement_p' || to_char(now(), 'YYYY_MM'),
    'a movement of today lands in this month''s partition'
);

-- Idempotency keys
INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash)
VALUES (test_support.id('acme'), 'po-17-line-2', 'api.receive_stock', sha256('x'));
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash)
          VALUES (%L, 'po-17-line-2', 'api.receive_stock', sha256('y'))$$,
        test_support.id('acme')
    ),
    '23505',
    'duplicate key value violates unique constraint "movement_request_key"',
    'an idempotency key is claimed once per tenant'
);

-- Reservations
DO $$
DECLARE
    v_id uuid;
BEGIN
    INSERT INTO inventory.reservation (tenant_id, product_id, warehouse_id, quantity)
    VALUES (test_support.id('acme'), test_support.id('p'), test_support.id('wh'), 3)
    RETURNING id INTO v_id;
    PERFORM test_support.remember('r', v_id);
END
$$;

SELECT lives_ok(
    format(
        $$INSERT INTO inventory.reservation_line
          (tenant_id, reservation_id, product_id, warehouse_id, batch_id, location_id, quantity)
          VALUES (%L, %L, %L, %L, %L, %L, 3)$$,
        test_support.id('acme'), test_support.id('r'), test_support.id('p'), test_support.id('wh'),
        test_support.id('b'), test_support.id('a1')
    ),
    'a reservation line holds a batch at a location of the reservation''s warehouse'
);
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.reservation_line
          (tenant_id, reservation_id, product_id, warehouse_id, location_id, quantity)
          VALUES (%L, %L, %L, %L, %L, 1)$$,
        test_support.id('acme'), test_support.id('r'), test_support.id('p'), test_support.id('wh'),
        test_support.id('s1')
    ),
    '23503',
    'insert or update on table "reservation_line" violates foreign key constraint "reservation_line_location_fkey"',
    'a reservation line cannot hold stock in another warehouse'
);
SELECT throws_ok(
    format(
        $$INSERT INTO inventory.reservation_line
          (tenant_id, reservation_id, product_id, warehouse_id, location_id, quantity)
          VALUES (%L, %L, %L, %L, %L, 1)$$,
        test_support.id('acme'), test_support.id('r'), test_support.id('q'), test_support.id('wh'),
        test_support.id('a1')
    ),
    '23503',
    'insert or update on table "reservation_line" violates foreign key constraint "reservation_line_reservation_fkey"',
    'a reservation line holds the reservation''s own product'
);
SELECT throws_ok(
    format(
        $$UPDATE inventory.reservation SET status = 'released' WHERE id = %L$$, test_support.id('r')
    ),
    '23514',
    'new row for relation "reservation" violates check constraint "reservation_released_check"',
    'a released reservation says when it was released'
);
UPDATE inventory.reservation SET status = 'fulfilled', fulfilled_at = now() WHERE id = test_support.id('r');
SELECT throws_ok(
    format(
        $$UPDATE inventory.reservation SET status = 'active', fulfilled_at = NULL WHERE id = %L$$,
        test_support.id('r')
    ),
    'SD003',
    format('reservation %s cannot go from fulfilled to active', test_support.id('r')),
    'a fulfilled reservation cannot become active again'
);

SELECT * FROM finish();
ROLLBACK;
