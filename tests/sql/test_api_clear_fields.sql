-- NULL in an update call keeps a field; clear names the fields to empty.
-- A batch's expiry alerts follow a change of its dates at once.
BEGIN;
SELECT plan(24);

DO $$
BEGIN
    PERFORM test_support.trading_world();
    PERFORM test_support.remember('cat', test_support.make_category(test_support.default_tenant(), 'Tools'));
    PERFORM api.update_product(
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p')),
        description => 'A part', category_id => test_support.id('cat'), barcode => '4006381333931',
        hs_code => '847130', country_of_origin => 'DE', preferred_supplier_id => test_support.id('sup')
    );
    PERFORM api.update_customer(
        test_support.id('cust'), test_support.version_of('sales.customer', test_support.id('cust')),
        email => 'buyer@c1.example', phone => '+49 30 1234'
    );
    PERFORM api.update_supplier(
        test_support.id('sup'), test_support.version_of('procurement.supplier', test_support.id('sup')),
        email => 'sales@sup.example', phone => '+49 40 5678', lead_time_days => 9
    );
    PERFORM api.update_carrier(
        test_support.id('dhl'), test_support.version_of('logistics.carrier', test_support.id('dhl')),
        tracking_url_template => 'https://track.example/{tracking_number}'
    );
    PERFORM api.update_location(
        test_support.id('a2'), test_support.version_of('warehouse.location', test_support.id('a2')), capacity => 500
    );
    PERFORM test_support.remember('u', api.create_user('clerk@example.com', 'sales', display_name => 'Clerk'));
END
$$;

-- Success paths.
SELECT lives_ok(
    format(
        $$SELECT api.update_product(%L, %s, name => 'Part P',
              clear => '{description,category_id,barcode,hs_code,country_of_origin,preferred_supplier_id}')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    'update_product clears six fields and sets another in one call'
);
SELECT results_eq(
    format($$SELECT name, description, category_id, barcode, hs_code, country_of_origin, preferred_supplier_id,
                    unit_price_minor, currency::text
             FROM catalog.product WHERE id = %L$$, test_support.id('p')),
    $$VALUES ('Part P', NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::bpchar, NULL::uuid,
              1999::bigint, 'EUR')$$,
    'the cleared fields are NULL, the named one changed, the others kept'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, clear => '{unit_price_minor}')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'a price needs both unit_price_minor (zero or more) and an ISO 4217 currency',
    'a price cleared without its currency is refused, as update_product says (it was the table''s bare 23514)'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_product(%L, %s, clear => '{unit_price_minor,currency}')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    'a price and its currency clear together'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_customer(%L, %s, clear => '{email,phone}')$$,
        test_support.id('cust'), test_support.version_of('sales.customer', test_support.id('cust'))
    ),
    'update_customer clears email and phone'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_supplier(%L, %s, clear => '{email,phone,lead_time_days}')$$,
        test_support.id('sup'), test_support.version_of('procurement.supplier', test_support.id('sup'))
    ),
    'update_supplier clears email, phone and lead time'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_carrier(%L, %s, clear => '{tracking_url_template}')$$,
        test_support.id('dhl'), test_support.version_of('logistics.carrier', test_support.id('dhl'))
    ),
    'update_carrier clears the tracking URL template'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_location(%L, %s, clear => '{capacity}')$$,
        test_support.id('a2'), test_support.version_of('warehouse.location', test_support.id('a2'))
    ),
    'update_location removes the capacity'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_user(%L, %s, clear => '{display_name}')$$,
        test_support.id('u'), test_support.version_of('auth.app_user', test_support.id('u'))
    ),
    'update_user clears the display name'
);
SELECT results_eq(
    format(
        $$SELECT
        (SELECT row(c.email, c.phone)::text FROM sales.customer AS c WHERE c.id = %L),
        (SELECT row(s.email, s.phone, s.lead_time_days)::text FROM procurement.supplier AS s WHERE s.id = %L),
        (SELECT c.tracking_url_template FROM logistics.carrier AS c WHERE c.id = %L),
        (SELECT l.capacity FROM warehouse.location AS l WHERE l.id = %L),
        (SELECT u.display_name FROM auth.app_user AS u WHERE u.id = %L),
        (SELECT row(p.unit_price_minor, p.currency)::text FROM catalog.product AS p WHERE p.id = %L)$$,
        test_support.id('cust'), test_support.id('sup'), test_support.id('dhl'), test_support.id('a2'),
        test_support.id('u'), test_support.id('p')
    ),
    $$VALUES ('(,)', '(,,)', NULL::text, NULL::numeric, NULL::text, '(,)')$$,
    'every cleared field is NULL'
);
SELECT is(
    api.update_carrier(
        test_support.id('dhl'), test_support.version_of('logistics.carrier', test_support.id('dhl')),
        name => 'DHL Express', clear => '{}'
    ),
    test_support.version_of('logistics.carrier', test_support.id('dhl')),
    'an empty clear clears nothing and the call goes on'
);

-- Error paths: nothing changes.
SELECT throws_ok(
    format(
        $$SELECT api.update_product(%L, %s, clear => '{name}')$$,
        test_support.id('p'), test_support.version_of('catalog.product', test_support.id('p'))
    ),
    '22023', 'cannot clear name',
    'a field that may not be empty is refused with 22023'
);
SELECT is(
    test_support.error_detail(format(
        $$SELECT api.update_supplier(%L, %s, clear => '{code}')$$,
        test_support.id('sup'), test_support.version_of('procurement.supplier', test_support.id('sup'))
    )),
    'clear => {code}.',
    'its DETAIL repeats the clear argument'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_customer(%L, %s, phone => '+1 555', clear => '{phone}')$$,
        test_support.id('cust'), test_support.version_of('sales.customer', test_support.id('cust'))
    ),
    '22023', 'phone is both given and cleared',
    'a field both given and cleared is refused with 22023'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_location(%L, %s, clear => ARRAY[NULL])$$,
        test_support.id('a2'), test_support.version_of('warehouse.location', test_support.id('a2'))
    ),
    '22023', 'cannot clear NULL',
    'a NULL field name is refused'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_user(%L, %s, clear => '{role}')$$,
        test_support.id('u'), test_support.version_of('auth.app_user', test_support.id('u'))
    ),
    '22023', 'cannot clear role',
    'update_user clears the display name only'
);

-- Batches: dates cleared, and expiry alerts follow at once.
DO $$
BEGIN
    PERFORM api.receive_stock('in-exp', test_support.id('p'), test_support.id('a1'), 4, 'EXP',
                              (now() AT TIME ZONE 'Europe/Berlin')::date + 5,
                              (now() AT TIME ZONE 'Europe/Berlin')::date - 30);
    PERFORM api.receive_stock('in-exp-w2', test_support.id('p'), test_support.id('s1'), 2, 'EXP',
                              (now() AT TIME ZONE 'Europe/Berlin')::date + 5);
END
$$;
CREATE TEMPORARY VIEW exp_alerts AS
SELECT
    split_part(a.subject, '@', 2)::uuid = test_support.id('w') AS in_w,
    a.active
FROM audit.alert_state AS a
WHERE a.alert_type = 'batch_expiring' AND a.subject LIKE test_support.batch('EXP') || '@%'
ORDER BY 1;
SELECT results_eq(
    'SELECT * FROM exp_alerts',
    $$VALUES (false, true), (true, true)$$,
    'a batch expiring in 5 days raised batch_expiring in both warehouses on receipt'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_batch(%L, %s, expiry_date => (now() AT TIME ZONE 'Europe/Berlin')::date + 400)$$,
        test_support.batch('EXP'), test_support.version_of('catalog.product_batch', test_support.batch('EXP'))
    ),
    'update_batch moves the expiry past the horizon'
);
SELECT results_eq(
    'SELECT * FROM exp_alerts',
    $$VALUES (false, false), (true, false)$$,
    'and clears the alerts at once, without a movement'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_batch(%L, %s, expiry_date => (now() AT TIME ZONE 'Europe/Berlin')::date + 3)$$,
        test_support.batch('EXP'), test_support.version_of('catalog.product_batch', test_support.batch('EXP'))
    ),
    'moved back within the horizon'
);
SELECT results_eq(
    'SELECT * FROM exp_alerts',
    $$VALUES (false, true), (true, true)$$,
    'they are raised again'
);
SELECT lives_ok(
    format(
        $$SELECT api.update_batch(%L, %s, clear => '{expiry_date,manufacture_date}')$$,
        test_support.batch('EXP'), test_support.version_of('catalog.product_batch', test_support.batch('EXP'))
    ),
    'update_batch clears both dates'
);
SELECT results_eq(
    format($$SELECT b.expiry_date, b.manufacture_date, (SELECT bool_or(e.active) FROM exp_alerts AS e)
             FROM catalog.product_batch AS b WHERE b.id = %L$$, test_support.batch('EXP')),
    $$VALUES (NULL::date, NULL::date, false)$$,
    'the dates are NULL and a batch without expiry has no expiry alert'
);
SELECT throws_ok(
    format(
        $$SELECT api.update_batch(%L, %s, expiry_date => '2031-01-01', clear => '{expiry_date}')$$,
        test_support.batch('EXP'), test_support.version_of('catalog.product_batch', test_support.batch('EXP'))
    ),
    '22023', 'expiry_date is both given and cleared',
    'update_batch refuses a date both given and cleared'
);

SELECT * FROM finish();
ROLLBACK;
