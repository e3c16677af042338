-- ops.create_tenant and ops.set_tenant_active: the operator's way to add a
-- company and suspend it. Before them a tenant took an INSERT by hand.
BEGIN;
SELECT plan(20);

CREATE TEMP TABLE made AS SELECT * FROM ops.create_tenant('acme', '  Acme Ltd ', 'boss@acme.example');

SELECT results_eq(
    $$SELECT t.code, t.name, t.active FROM auth.tenant AS t JOIN made AS m ON m.tenant_id = t.id$$,
    $$VALUES ('acme', 'Acme Ltd', TRUE)$$,
    'create_tenant makes an active tenant, its name trimmed'
);
SELECT results_eq(
    $$SELECT u.email, u.role::text, u.active, u.password_hash IS NULL
      FROM auth.app_user AS u JOIN made AS m ON m.tenant_id = u.tenant_id AND m.admin_user_id = u.id$$,
    $$VALUES ('boss@acme.example', 'admin', TRUE, TRUE)$$,
    'and its first admin, without a password'
);
SELECT lives_ok(
    $$SELECT api.set_context((SELECT tenant_id FROM made), (SELECT admin_user_id FROM made));
      SELECT api.create_warehouse('W', 'Main')$$,
    'the admin works in the new tenant at once'
);
CREATE TEMP TABLE north AS SELECT * FROM ops.create_tenant('north', 'North');
SELECT results_eq(
    $$SELECT u.email FROM auth.app_user AS u JOIN north AS n ON n.tenant_id = u.tenant_id AND n.admin_user_id = u.id$$,
    $$VALUES ('admin@localhost')$$,
    'without an email the admin is admin@localhost, as in the default tenant'
);
SELECT throws_ok(
    $$SELECT * FROM ops.create_tenant('acme', 'Acme again')$$,
    '23505', 'a tenant with code acme exists', 'a code is used once'
);
SELECT throws_ok(
    $$SELECT * FROM ops.create_tenant('Acme Corp', 'Acme')$$,
    '22023', 'code is missing or malformed', 'a code is lower case letters, digits, - and _'
);
SELECT throws_ok(
    $$SELECT * FROM ops.create_tenant(NULL, 'Acme')$$,
    '22023', 'code is missing or malformed', 'and is required'
);
SELECT throws_ok(
    $$SELECT * FROM ops.create_tenant('blank', '   ')$$,
    '22023', 'name is missing or malformed', 'a tenant has a name'
);
-- As every other name people type (0058): 100,000 characters were stored.
SELECT throws_ok(
    $$SELECT * FROM ops.create_tenant('long', repeat('n', 501))$$,
    '22023', 'name is too long', 'a tenant''s name of 501 characters is refused'
);
SELECT throws_ok(
    $$UPDATE auth.tenant SET name = repeat('n', 501) WHERE code = 'default'$$,
    '23514', 'new row for relation "tenant" violates check constraint "tenant_name_length_check"',
    'and the table refuses one from any writer'
);
SELECT throws_ok(
    $$SELECT * FROM ops.create_tenant('mail', 'Mail', 'not-an-email')$$,
    '22023', 'admin_email is not an email address', 'the admin''s email is an address'
);
SELECT throws_ok(
    format('SELECT * FROM ops.create_tenant(''mail'', ''Mail'', %L)', 'del' || chr(127) || '@x.example'),
    '22023', 'admin_email is not an email address', 'with no control character in it'
);
SELECT throws_ok(
    $$SELECT * FROM ops.create_tenant('mail', 'Mail', repeat('a', 320) || '@x.example')$$,
    '22023', 'admin_email is too long', 'of at most 320 characters'
);

SELECT is(
    ops.set_tenant_active('acme', FALSE), (SELECT tenant_id FROM made),
    'set_tenant_active suspends a tenant'
);
SELECT throws_ok(
    $$SELECT api.set_context((SELECT tenant_id FROM made))$$,
    '42501', NULL, 'whose calls then fail at set_context'
);
SELECT lives_ok(
    $$SELECT ops.set_tenant_active('acme', TRUE); SELECT api.set_context((SELECT tenant_id FROM made))$$,
    'and reactivates it'
);
SELECT throws_ok(
    $$SELECT ops.set_tenant_active('acme', NULL)$$,
    '22023', 'active must be true or false', 'active is true or false'
);
SELECT throws_ok(
    $$SELECT ops.set_tenant_active('nobody', TRUE)$$,
    'SD404', 'tenant nobody not found', 'an unknown code is SD404'
);
SELECT throws_ok(
    $$SELECT ops.set_tenant_active('', TRUE)$$,
    'SD404', 'tenant '''' not found', 'an empty code is shown quoted, not as nothing'
);
SELECT is(
    test_support.error_detail($$SELECT ops.set_tenant_active(E'a\x1bb', TRUE)$$),
    'No row of auth.tenant has code => E''a\x1bb''.',
    'a control character in the code is shown as its escape'
);

SELECT * FROM finish();
ROLLBACK;
