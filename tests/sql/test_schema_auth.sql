-- auth: users and refresh tokens.
BEGIN;
SELECT plan(12);

SELECT has_table('auth', t, format('auth.%s exists', t))
FROM unnest(ARRAY['tenant', 'app_user', 'refresh_token']) AS t;

SELECT results_eq(
    $$SELECT tenant_id, email, role::text, password_hash IS NULL FROM auth.app_user$$,
    $$VALUES ('00000000-0000-7000-8000-000000000001'::uuid, 'admin@localhost', 'admin', TRUE)$$,
    'a fresh database has the default tenant''s admin, without a password'
);
SELECT throws_ok(
    $$INSERT INTO auth.app_user (tenant_id, email, role)
      VALUES ('00000000-0000-7000-8000-000000000001', 'Admin@LOCALHOST', 'sales')$$,
    '23505',
    'duplicate key value violates unique constraint "app_user_email_key"',
    'emails are unique per tenant whatever their case'
);
SELECT throws_ok(
    $$INSERT INTO auth.app_user (tenant_id, email, role)
      VALUES ('00000000-0000-7000-8000-000000000001', 'not an email', 'sales')$$,
    '23514',
    'new row for relation "app_user" violates check constraint "app_user_email_check"',
    'an email needs an @'
);
SELECT throws_ok(
    $$INSERT INTO auth.app_user (tenant_id, email, role, password_hash)
      VALUES ('00000000-0000-7000-8000-000000000001', 'plain@x.io', 'sales', 'hunter2')$$,
    '23514',
    'new row for relation "app_user" violates check constraint "app_user_password_hash_check"',
    'a password is stored only as a bcrypt hash'
);
SELECT lives_ok(
    $$INSERT INTO auth.app_user (tenant_id, email, role, password_hash)
      VALUES ('00000000-0000-7000-8000-000000000001', 'ok@x.io', 'sales', crypt('pw', gen_salt('bf', 4)))$$,
    'a bcrypt hash from pgcrypto is accepted'
);

UPDATE auth.app_user SET display_name = 'Root' WHERE email = 'admin@localhost';
SELECT is(
    (SELECT version FROM auth.app_user WHERE email = 'admin@localhost'),
    2,
    'every update bumps the version'
);
SELECT throws_ok(
    $$UPDATE auth.app_user SET display_name = 'Late', version = 1 WHERE email = 'admin@localhost'$$,
    'SD004',
    'app_user 00000000-0000-7000-8000-000000000002 was changed by someone else',
    'an update naming a stale version fails with SD004'
);

INSERT INTO auth.refresh_token (tenant_id, id, user_id, token_hash, family_id, expires_at)
VALUES (
    '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-0000000000f1',
    '00000000-0000-7000-8000-000000000002', sha256('token-1'), '00000000-0000-7000-8000-0000000000fa',
    now() + interval '30 days'
);
SELECT throws_ok(
    $$INSERT INTO auth.refresh_token (tenant_id, user_id, token_hash, family_id, expires_at)
      VALUES ('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002',
              'short', gen_random_uuid(), now() + interval '1 day')$$,
    '23514',
    'new row for relation "refresh_token" violates check constraint "refresh_token_token_hash_check"',
    'only a 32-byte hash of a token is stored'
);
SELECT throws_ok(
    $$UPDATE auth.refresh_token SET replaced_by = id$$,
    '23514',
    'new row for relation "refresh_token" violates check constraint "refresh_token_replaced_check"',
    'a replaced token must be revoked'
);

SELECT * FROM finish();
ROLLBACK;
