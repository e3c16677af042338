-- api.set_context: the caller's tenant and user for one transaction.
BEGIN;
SELECT plan(10);

SELECT function_returns(
    'api', 'set_context', ARRAY['uuid', 'uuid'], 'void',
    'api.set_context(tenant_id uuid, user_id uuid) returns void'
);
SELECT is_definer('api', 'set_context', ARRAY['uuid', 'uuid'], 'api.set_context is SECURITY DEFINER');

INSERT INTO auth.app_user (tenant_id, id, email, role, active) VALUES
('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-0000000000aa', 'clerk@x.io', 'warehouse_staff', TRUE),
('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-0000000000ab', 'gone@x.io', 'sales', FALSE);

SELECT lives_ok(
    $$SELECT api.set_context(
        tenant_id => '00000000-0000-7000-8000-000000000001',
        user_id => '00000000-0000-7000-8000-0000000000aa'
    )$$,
    'set_context accepts the default tenant in named notation'
);
SELECT is(
    current_setting('stockdb.tenant_id'), '00000000-0000-7000-8000-000000000001',
    'set_context sets stockdb.tenant_id'
);
SELECT is(
    current_setting('stockdb.user_id'), '00000000-0000-7000-8000-0000000000aa',
    'set_context sets stockdb.user_id'
);

SELECT throws_ok(
    $$SELECT api.set_context(tenant_id => NULL)$$,
    '22023', 'tenant_id must not be null',
    'set_context refuses a null tenant with 22023'
);
SELECT throws_ok(
    $$SELECT api.set_context(tenant_id => '00000000-0000-7000-8000-00000000dead')$$,
    'SD404', 'tenant 00000000-0000-7000-8000-00000000dead does not exist',
    'set_context refuses an unknown tenant with SD404'
);

INSERT INTO auth.tenant (id, code, name, active)
VALUES ('00000000-0000-7000-8000-0000000000b0', 'dormant', 'Dormant Ltd', FALSE);
SELECT throws_ok(
    $$SELECT api.set_context(tenant_id => '00000000-0000-7000-8000-0000000000b0')$$,
    '42501', 'tenant 00000000-0000-7000-8000-0000000000b0 is inactive',
    'set_context refuses an inactive tenant with 42501'
);

SELECT throws_ok(
    $$SELECT api.set_context('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-0000000000ff')$$,
    'SD404',
    'user 00000000-0000-7000-8000-0000000000ff does not exist in tenant 00000000-0000-7000-8000-000000000001',
    'set_context refuses a user of no tenant, or of another one, with SD404'
);
SELECT throws_ok(
    $$SELECT api.set_context('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-0000000000ab')$$,
    '42501',
    'user 00000000-0000-7000-8000-0000000000ab is inactive',
    'set_context refuses an inactive user with 42501'
);

SELECT * FROM finish();
ROLLBACK;
