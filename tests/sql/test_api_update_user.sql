-- api.update_user and api.list_users: an admin renames a user, changes their
-- role or supplier, deactivates and reactivates them. Before them an inactive
-- user was told "an administrator must reactivate the user" and no call could.
BEGIN;
SELECT plan(32);

DO $$
DECLARE
    v_tenant uuid := test_support.default_tenant();
BEGIN
    PERFORM api.set_context(v_tenant, NULL);
    PERFORM test_support.remember('ann', api.create_user('ann@example.com', 'warehouse_staff', 'correct horse battery', 'Ann'));
    PERFORM test_support.remember('boss', api.create_user('boss@example.com', 'admin'));
    PERFORM test_support.remember('sup', test_support.make_supplier(v_tenant, 'SUP'));
    PERFORM test_support.remember('rep', api.create_user('rep@sup.example', 'partner', supplier_id => test_support.id('sup')));
    PERFORM test_support.remember('t2', test_support.make_tenant('other'));
END
$$;
CREATE FUNCTION pg_temp.v(user_key text) RETURNS integer LANGUAGE sql AS $$
    SELECT u.version FROM api.list_users() AS u WHERE u.user_id = test_support.id(user_key)
$$;

-- list_users
SELECT results_eq(
    $$SELECT email, role::text, active, supplier_id FROM api.list_users()$$,
    format(
        $$VALUES ('admin@localhost', 'admin', TRUE, NULL::uuid), ('ann@example.com', 'warehouse_staff', TRUE, NULL),
                 ('boss@example.com', 'admin', TRUE, NULL), ('rep@sup.example', 'partner', TRUE, %L)$$,
        test_support.id('sup')
    ),
    'list_users lists the tenant''s users by email, a partner with its supplier'
);
SELECT throws_ok(
    format($$SELECT api.set_context(%L, %L); SELECT * FROM api.list_users()$$, test_support.default_tenant(), test_support.id('ann')),
    '42501', 'role warehouse_staff may not call api.list_users', 'only an admin lists users'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;

-- renaming and changing a role
SELECT is(
    api.update_user(test_support.id('ann'), pg_temp.v('ann'), display_name => 'Ann B.', role => 'sales'),
    2, 'update_user changes what it is given and returns the new version'
);
SELECT results_eq(
    $$SELECT display_name, role::text, active FROM api.list_users() WHERE email = 'ann@example.com'$$,
    $$VALUES ('Ann B.', 'sales', TRUE)$$,
    'and list_users shows it'
);
SELECT throws_ok(
    $$SELECT api.update_user(test_support.id('ann'), 1, display_name => 'Stale')$$,
    'SD004', NULL, 'a stale version is SD004'
);
SELECT throws_ok(
    $$SELECT api.update_user(test_support.id('ann'), NULL, display_name => 'Nobody read it')$$,
    '22023', 'version must not be null', 'no version is 22023'
);
SELECT throws_ok(
    $$SELECT api.update_user(gen_random_uuid(), 1, display_name => 'Ghost')$$,
    'SD404', NULL, 'an unknown user is SD404'
);
SELECT throws_ok(
    $$SELECT api.update_user(test_support.id('ann'), pg_temp.v('ann'), role => 'superhero')$$,
    '22023', NULL, 'an unknown role is 22023'
);

-- partners and their supplier
SELECT throws_ok(
    $$SELECT api.update_user(test_support.id('ann'), pg_temp.v('ann'), role => 'partner')$$,
    '22023', 'a partner, and only a partner, belongs to a supplier', 'a partner needs a supplier'
);
SELECT throws_ok(
    $$SELECT api.update_user(test_support.id('ann'), pg_temp.v('ann'), supplier_id => test_support.id('sup'))$$,
    '22023', 'a partner, and only a partner, belongs to a supplier', 'and no other role has one'
);
SELECT throws_ok(
    $$SELECT api.update_user(test_support.id('rep'), pg_temp.v('rep'), supplier_id => gen_random_uuid())$$,
    'SD404', NULL, 'an unknown supplier is SD404'
);
SELECT lives_ok(
    $$SELECT api.update_user(test_support.id('rep'), pg_temp.v('rep'), role => 'analyst')$$,
    'a partner given another role'
);
SELECT is(
    (SELECT supplier_id FROM api.list_users() WHERE email = 'rep@sup.example'), NULL,
    'leaves its supplier'
);
SELECT lives_ok(
    $$SELECT api.update_user(test_support.id('rep'), pg_temp.v('rep'), role => 'partner', supplier_id => test_support.id('sup'))$$,
    'and a user made a partner names its supplier'
);
DO $$
BEGIN
    -- A partner made before supplier_id existed: tied to no supplier.
    INSERT INTO auth.app_user (tenant_id, email, role) VALUES (test_support.default_tenant(), 'old@partner.example', 'partner');
    PERFORM test_support.remember('old', (SELECT id FROM auth.app_user WHERE email = 'old@partner.example'));
END
$$;
SELECT lives_ok(
    $$SELECT api.update_user(test_support.id('old'), pg_temp.v('old'), active => FALSE)$$,
    'a partner without a supplier can still be deactivated'
);

-- deactivating and reactivating
DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant(), test_support.id('ann'));
    CREATE TEMP TABLE ann_token AS SELECT t.refresh_token FROM api.issue_refresh_token() AS t;
    PERFORM api.set_context(test_support.default_tenant(), test_support.id('boss'));
END
$$;
SELECT lives_ok(
    $$SELECT api.update_user(test_support.id('ann'), pg_temp.v('ann'), active => FALSE)$$,
    'an admin deactivates a user'
);
SELECT is(
    (SELECT count(*)::int FROM auth.refresh_token WHERE user_id = test_support.id('ann') AND revoked_at IS NULL),
    0, 'which revokes their refresh tokens'
);
SELECT is(api.authenticate('ann@example.com', 'correct horse battery'), NULL, 'they cannot log in');
SELECT throws_ok(
    format($$SELECT api.set_context(%L, %L)$$, test_support.default_tenant(), test_support.id('ann')),
    '42501', NULL, 'nor act'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), test_support.id('boss')); END $$;
SELECT lives_ok(
    $$SELECT api.update_user(test_support.id('ann'), pg_temp.v('ann'), active => TRUE)$$,
    'the admin reactivates them'
);
SELECT is(
    api.authenticate('ann@example.com', 'correct horse battery'), test_support.id('ann'),
    'they log in again'
);
SELECT is_empty(
    $$SELECT * FROM api.rotate_refresh_token((SELECT refresh_token FROM ann_token))$$,
    'but their old session does not come back'
);
SELECT is(
    pg_temp.v('ann'), 4,
    'a login changes no version: an admin''s change is not refused for the user signing in meanwhile'
);
SELECT throws_ok(
    format(
        $$SELECT api.set_context(%L, %L); SELECT api.update_user(%L, 1, display_name => 'x')$$,
        test_support.default_tenant(), test_support.id('ann'), test_support.id('boss')
    ),
    '42501', 'role sales may not call api.update_user', 'only an admin changes users'
);

-- the last active admin
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;
SELECT lives_ok(
    $$SELECT api.update_user(test_support.id('boss'), pg_temp.v('boss'), role => 'manager')$$,
    'an admin may be demoted while another is left'
);
SELECT throws_ok(
    $$SELECT api.update_user('00000000-0000-7000-8000-000000000002', 1, active => FALSE)$$,
    '22023', 'user admin@localhost is the tenant''s last active admin',
    'the last active admin is not deactivated'
);
SELECT throws_ok(
    $$SELECT api.update_user('00000000-0000-7000-8000-000000000002', 1, role => 'manager')$$,
    '22023', 'user admin@localhost is the tenant''s last active admin',
    'nor demoted'
);

-- the sign-in email
SELECT is(
    api.update_user(test_support.id('ann'), pg_temp.v('ann'), email => 'ann.smith@example.com'),
    pg_temp.v('ann'),
    'update_user changes a user''s email and returns the new version'
);
SELECT results_eq(
    $$SELECT api.authenticate('ann.smith@example.com', 'correct horse battery') = test_support.id('ann'),
             api.authenticate('ann@example.com', 'correct horse battery') IS NULL$$,
    $$VALUES (TRUE, TRUE)$$,
    'the user signs in with the new email, and no longer with the old one'
);
SELECT throws_ok(
    $$SELECT api.update_user(test_support.id('ann'), pg_temp.v('ann'), email => 'BOSS@example.com')$$,
    '23505', 'a user with email BOSS@example.com exists',
    'another user''s email, in any case, is refused with 23505'
);
SELECT lives_ok(
    $$SELECT api.update_user(test_support.id('ann'), pg_temp.v('ann'), email => 'Ann.Smith@example.com')$$,
    'a user''s own email in another case is not a clash'
);
SELECT throws_ok(
    $$SELECT api.update_user(test_support.id('ann'), pg_temp.v('ann'), email => 'ann at example')$$,
    '22023', 'email is malformed',
    'a malformed email is refused with 22023'
);

SELECT * FROM finish();
ROLLBACK;
