-- inventory.on_hand_delta and inventory.reserved_delta: the one statement of
-- what a ledger row does to its balance, for every movement type; inlined
-- where the integrity check sums the whole ledger by them.
BEGIN;
SELECT plan(4);

SELECT set_eq(
    $$SELECT t::text, inventory.on_hand_delta(t, q.quantity), inventory.reserved_delta(t, q.quantity)
      FROM unnest(enum_range(NULL::inventory.stock_movement_type)) AS t
      CROSS JOIN LATERAL (
          SELECT CASE WHEN t IN ('sale_issue', 'transfer_out', 'consumption', 'reservation') THEN -5
                      ELSE 5 END::numeric AS quantity
      ) AS q$$,
    $$VALUES ('purchase_receipt', 5::numeric, 0::numeric), ('sale_issue', -5, 0), ('transfer_in', 5, 0),
             ('transfer_out', -5, 0), ('adjustment', 5, 0), ('consumption', -5, 0), ('returned', 5, 0),
             ('reservation', 0, 5), ('release', 0, -5)$$,
    'a reservation raises reserved and its release lowers it; every other movement moves on hand'
);

SELECT unalike(
    test_support.plan_of($$SELECT inventory.on_hand_delta(m.movement_type, m.quantity) FROM inventory.stock_movement AS m$$),
    '%on_hand_delta%',
    'inventory.on_hand_delta is inlined into its caller'
);
SELECT unalike(
    test_support.plan_of($$SELECT inventory.reserved_delta(m.movement_type, m.quantity) FROM inventory.stock_movement AS m$$),
    '%reserved_delta%',
    'inventory.reserved_delta is inlined into its caller'
);

-- The balance trigger adds by the same rule: ten received, four reserved
-- and released, three reserved.
DO $$
BEGIN
    PERFORM test_support.stock_world();
    PERFORM api.receive_stock('in-1', test_support.id('p'), test_support.id('a1'), 10);
    PERFORM api.release_reservation(
        'rel-1', api.reserve_stock('res-1', test_support.id('p'), test_support.id('w'), 4)
    );
    PERFORM api.reserve_stock('res-2', test_support.id('p'), test_support.id('w'), 3);
END
$$;
SELECT results_eq(
    format(
        $$SELECT i.on_hand, i.reserved FROM inventory.inventory AS i WHERE i.product_id = %1$L
          UNION ALL
          SELECT sum(inventory.on_hand_delta(m.movement_type, m.quantity)),
                 sum(inventory.reserved_delta(m.movement_type, m.quantity))
          FROM inventory.stock_movement AS m WHERE m.product_id = %1$L$$,
        test_support.id('p')
    ),
    $$VALUES (10::numeric, 3::numeric), (10, 3)$$,
    'the balance (10 on hand, 3 reserved) is its ledger summed by the rule'
);

SELECT * FROM finish();
ROLLBACK;
