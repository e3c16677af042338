-- Ledger rows an import posts (reference_type 'import_batch') reach their
-- balances once per statement, grouped, instead of through the balance row
-- trigger; every other row still goes through the row trigger. Either way
-- each balance is the sum of its ledger rows.
BEGIN;
SELECT plan(13);

DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM test_support.remember('b1', test_support.make_batch(test_support.default_tenant(), test_support.id('p'), 'B1'));
END
$$;

CREATE FUNCTION pg_temp.post(rows text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        $sql$INSERT INTO inventory.stock_movement
             (tenant_id, movement_type, product_id, batch_id, location_id, quantity, reference_type, reference_id)
             SELECT test_support.default_tenant(), v.t::inventory.stock_movement_type, test_support.id(v.p),
                    CASE WHEN v.b IS NOT NULL THEN test_support.id(v.b) END, test_support.id(v.l), v.q, v.r,
                    CASE WHEN v.r IS NOT NULL THEN '01000000-0000-7000-8000-00000000000a'::uuid END
             FROM (VALUES %s) AS v (t, p, b, l, q, r)$sql$,
        rows
    );
END
$$;

CREATE FUNCTION pg_temp.balances() RETURNS TABLE (product text, location text, batch text, on_hand numeric, reserved numeric)
LANGUAGE sql AS $$
    SELECT p.sku, l.code, b.batch_number, i.on_hand, i.reserved
    FROM inventory.inventory AS i
    JOIN catalog.product AS p ON p.id = i.product_id
    JOIN warehouse.location AS l ON l.id = i.location_id
    LEFT JOIN catalog.product_batch AS b ON b.id = i.batch_id
    WHERE i.deleted_at IS NULL
$$;

-- A balance that exists before the import, made by the row trigger.
DO $$ BEGIN PERFORM pg_temp.post($v$('purchase_receipt', 'k', NULL::text, 'a1', 5.0, NULL::text)$v$); END $$;

SELECT lives_ok(
    $$SELECT pg_temp.post($v$
        ('purchase_receipt', 'p', 'b1', 'a1', 10.0, 'import_batch'),
        ('purchase_receipt', 'p', 'b1', 'a1', 2.5, 'import_batch'),
        ('purchase_receipt', 'p', 'b1', 'a2', 4.0, 'import_batch'),
        ('purchase_receipt', 'k', NULL, 'a1', 3.0, 'import_batch'),
        ('adjustment', 'k', NULL, 'a1', -1.0, 'import_batch'),
        ('reservation', 'p', 'b1', 'a1', -2.0, 'import_batch'),
        ('purchase_receipt', 'k', NULL, 's1', 7.0, NULL)
    $v$)$$,
    'one statement posts import rows (to new and existing balances, twice to one) and an api-style row'
);
SELECT set_eq(
    'SELECT * FROM pg_temp.balances()',
    $$VALUES ('P', 'A1', 'B1', 12.5, 2.0), ('P', 'A2', 'B1', 4.0, 0.0),
             ('K', 'A1', NULL, 7.0, 0.0), ('K', 'S1', NULL, 7.0, 0.0)$$,
    'each ledger row is added to its balance exactly once: grouped for import rows, per row for the others'
);
SELECT ok(test_support.books_agree(), 'every balance equals the sum of its ledger rows');
SELECT is(
    current_setting('stockdb.import_balance_pending', TRUE), '',
    'the statement leaves no import rows pending for the next one'
);
SELECT is(
    (SELECT count(*)::integer FROM audit.alert_state), 0,
    'stock above every threshold raises no alert'
);

SELECT lives_ok(
    $$SELECT pg_temp.post($v$('adjustment', 'k', NULL::text, 'a1', -7.0, 'import_batch')$v$)$$,
    'an import row can take a balance down to zero'
);
SELECT is(
    (SELECT on_hand FROM pg_temp.balances() WHERE product = 'K' AND location = 'A1'), 0.000,
    'the counted-down balance is zero'
);
SELECT is(
    (
        SELECT a.active FROM audit.alert_state AS a
        WHERE a.alert_type = 'out_of_stock' AND a.subject = test_support.id('k') || '@' || test_support.id('w')
    ),
    TRUE,
    'and the alert trigger judges what the import moved: K is out of stock in W'
);

SELECT throws_ok(
    $$SELECT pg_temp.post($v$('adjustment', 'k', NULL::text, 'a1', -1.0, 'import_batch')$v$)$$,
    '23514',
    'new row for relation "inventory" violates check constraint "inventory_on_hand_nonnegative"',
    'an import row cannot take an existing balance below zero'
);
SELECT throws_ok(
    $$SELECT pg_temp.post($v$('adjustment', 'k', NULL::text, 'a2', -1.0, 'import_batch')$v$)$$,
    '23514',
    'new row for relation "inventory" violates check constraint "inventory_on_hand_nonnegative"',
    'nor start a new balance below zero'
);
SELECT throws_ok(
    $$SELECT pg_temp.post($v$('purchase_receipt', 'k', NULL::text, 'a2', 99999999999.0, 'import_batch'),
                            ('purchase_receipt', 'k', NULL, 'a2', 1.0, 'import_batch')$v$)$$,
    '22023',
    'the balance would be too large',
    'so is a new one'
);
SELECT throws_ok(
    $$SELECT pg_temp.post($v$('purchase_receipt', 'p', 'b1', 'a1', 99999999999.0, 'import_batch')$v$)$$,
    '22023',
    'the balance would be too large',
    'an existing balance pushed past numeric(14,3) gets the row trigger''s clear 22023'
);
SELECT set_eq(
    'SELECT * FROM pg_temp.balances()',
    $$VALUES ('P', 'A1', 'B1', 12.5, 2.0), ('P', 'A2', 'B1', 4.0, 0.0),
             ('K', 'A1', NULL, 0.0, 0.0), ('K', 'S1', NULL, 7.0, 0.0)$$,
    'the refused statements changed no balance'
);

SELECT * FROM finish();
ROLLBACK;
