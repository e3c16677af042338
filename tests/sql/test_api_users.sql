-- Users, passwords, login lockout and refresh tokens.
BEGIN;
SELECT plan(48);

DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant(), NULL);
    PERFORM test_support.remember('ann', api.create_user('Ann@Example.com', 'warehouse_staff',
                                                         'correct horse battery', 'Ann'));
    PERFORM test_support.remember('t2', test_support.make_tenant('other'));
END
$$;

-- create_user
SELECT is(
    (SELECT role::text || ' ' || display_name FROM auth.app_user WHERE id = test_support.id('ann')),
    'warehouse_staff Ann',
    'create_user stores the user'
);
SELECT ok(
    (
        SELECT password_hash LIKE '$2a$12$%' AND password_hash !~ 'horse' FROM auth.app_user
        WHERE id = test_support.id('ann')
    ),
    'the password is kept as a cost-12 bcrypt hash only'
);
SELECT throws_ok(
    $$SELECT api.create_user('not-an-email', 'sales')$$, '22023', 'email is not an email address',
    'a malformed email is refused'
);
SELECT throws_ok(
    format('SELECT api.create_user(%L, ''sales'')', 'ring' || chr(7) || '@x.example'), '22023',
    'email is not an email address', 'so is one with a control character (a bell), which its CHECK let through'
);
SELECT throws_ok(
    $$SELECT api.create_user((SELECT string_agg(md5(g::text), '') FROM generate_series(1, 101) AS g) || '@x.example', 'sales')$$,
    '22023', 'email is too long', 'an email of 3,242 characters fails with 22023, not 54000'
);
SELECT throws_ok(
    $$SELECT api.create_user('bob@example.com', 'superhero')$$, '22023', NULL, 'an unknown role is refused'
);
SELECT throws_ok(
    $$SELECT api.create_user('bob@example.com', 'sales', 'short')$$, '22023',
    'password must be at least 12 characters', 'a short password is refused'
);
SELECT throws_ok(
    $$SELECT api.create_user('bob@example.com', 'sales', repeat('é', 40))$$, '22023',
    'password must be at most 72 bytes', 'a password bcrypt would cut is refused'
);
SELECT throws_ok(
    $$SELECT api.create_user('ANN@example.com', 'sales')$$, '23505', 'a user with email ANN@example.com exists',
    'emails are unique per tenant, whatever their case'
);
SELECT throws_ok(
    format(
        $$SELECT api.set_context(%L, %L); SELECT api.create_user('bob@example.com', 'sales')$$,
        test_support.default_tenant(), test_support.id('ann')
    ),
    '42501', 'role warehouse_staff may not call api.create_user', 'a warehouse_staff user may not create users'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;
SELECT lives_ok(
    format(
        $$SELECT api.set_context(%L, '00000000-0000-7000-8000-000000000002');
          SELECT api.create_user('bob@example.com', 'sales')$$,
        test_support.default_tenant()
    ),
    'an admin may'
);
SELECT throws_ok(
    $$SELECT set_config('stockdb.tenant_id', '', true); SELECT api.create_user('x@example.com', 'sales')$$,
    '42501', 'no tenant context', 'without a tenant nothing is created'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;

-- authenticate
SELECT is(
    api.authenticate('ann@example.COM', 'correct horse battery'), test_support.id('ann'),
    'the right password, email in any case, gives the user id'
);
SELECT ok(
    (SELECT last_login_at IS NOT NULL FROM auth.app_user WHERE id = test_support.id('ann')),
    'and records the login'
);
SELECT is(api.authenticate('ann@example.com', 'wrong horse battery'), NULL, 'a wrong password gives NULL');
SELECT is(
    (SELECT failed_login_count FROM auth.app_user WHERE id = test_support.id('ann')), 1,
    'and counts a failure'
);
SELECT is(api.authenticate('nobody@example.com', 'correct horse battery'), NULL, 'an unknown email gives NULL');
SELECT is(
    api.authenticate('bob@example.com', 'any password at all'), NULL,
    'a user without a password cannot log in'
);
SELECT is(api.authenticate(NULL, NULL), NULL, 'NULLs give NULL');
DO $$
BEGIN
    PERFORM api.authenticate('ann@example.com', 'wrong ' || g) FROM generate_series(2, 5) AS g;
END
$$;
SELECT ok(
    (
        SELECT locked_until > now() + interval '14 minutes' AND failed_login_count = 0
        FROM auth.app_user WHERE id = test_support.id('ann')
    ),
    'the 5th failure in a row locks the account for 15 minutes'
);
SELECT is(
    api.authenticate('ann@example.com', 'correct horse battery'), NULL,
    'a locked account refuses even the right password'
);
UPDATE auth.app_user SET locked_until = now() - interval '1 second' WHERE id = test_support.id('ann');
SELECT is(
    api.authenticate('ann@example.com', 'correct horse battery'), test_support.id('ann'),
    'once the lock has passed the right password works'
);
UPDATE auth.app_user SET active = FALSE WHERE id = test_support.id('ann');
SELECT is(api.authenticate('ann@example.com', 'correct horse battery'), NULL, 'an inactive user cannot log in');
UPDATE auth.app_user SET active = TRUE WHERE id = test_support.id('ann');
SELECT throws_ok(
    $$SELECT api.set_password(test_support.id('ann'), 'tiny')$$, '22023', NULL,
    'set_password holds passwords to the same rule'
);

DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), test_support.id('ann')); END $$;
SELECT lives_ok(
    $$SELECT api.set_password(test_support.id('ann'), 'a brand new passphrase')$$,
    'a user may set their own password'
);
SELECT is(
    api.authenticate('ann@example.com', 'a brand new passphrase'), test_support.id('ann'), 'and log in with it'
);
SELECT throws_ok(
    $$SELECT api.set_password('00000000-0000-7000-8000-000000000002', 'another long passphrase')$$,
    '42501', NULL, 'but not set someone else''s'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;
SELECT throws_ok(
    $$SELECT api.set_password(gen_random_uuid(), 'another long passphrase')$$, 'SD404', NULL,
    'an unknown user is SD404'
);

-- refresh tokens
CREATE TEMP TABLE tokens (name text PRIMARY KEY, token text);
CREATE FUNCTION pg_temp.tok(token_name text) RETURNS text LANGUAGE sql AS $$
    SELECT t.token FROM tokens AS t WHERE t.name = token_name
$$;
DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant(), test_support.id('ann'));
    INSERT INTO tokens (name, token)
    SELECT 'first' AS name, t.refresh_token AS token FROM api.issue_refresh_token() AS t;
END
$$;
SELECT ok(pg_temp.tok('first') ~ '^[A-Za-z0-9_-]{43}$', 'a refresh token is 256 bits in base64url');
SELECT is(
    (SELECT count(*)::int FROM auth.refresh_token WHERE token_hash = sha256(convert_to(pg_temp.tok('first'), 'UTF8'))),
    1,
    'only its SHA-256 is stored'
);
INSERT INTO tokens (name, token)
SELECT
    'second' AS name,
    t.refresh_token AS token
FROM api.rotate_refresh_token(pg_temp.tok('first')) AS t;
SELECT ok(pg_temp.tok('second') <> pg_temp.tok('first'), 'rotation hands out a new token');
SELECT is(
    (SELECT count(*)::int FROM auth.refresh_token WHERE revoked_at IS NOT NULL AND replaced_by IS NOT NULL),
    1,
    'and revokes the old one, pointing at its replacement'
);
SELECT is_empty(
    $$SELECT * FROM api.rotate_refresh_token(pg_temp.tok('first'))$$,
    'presenting the replaced token again gives nothing'
);
SELECT is(
    (SELECT count(*)::int FROM auth.refresh_token WHERE revoked_at IS NULL),
    0,
    'and revokes the whole family, the current token included'
);
SELECT is_empty(
    $$SELECT * FROM api.rotate_refresh_token(pg_temp.tok('second'))$$,
    'so the owner''s current token is dead too'
);
INSERT INTO tokens (name, token)
SELECT
    'short' AS name,
    t.refresh_token AS token
FROM api.issue_refresh_token(ttl => interval '1 minute') AS t;
UPDATE auth.refresh_token SET created_at = now() - interval '2 minutes', expires_at = now() - interval '1 minute'
WHERE revoked_at IS NULL;
SELECT is_empty(
    $$SELECT * FROM api.rotate_refresh_token(pg_temp.tok('short'))$$,
    'an expired token gives nothing'
);
SELECT is_empty($$SELECT * FROM api.rotate_refresh_token('not a token')$$, 'an unknown token gives nothing');
INSERT INTO tokens (name, token)
SELECT
    'live' AS name,
    t.refresh_token AS token
FROM api.issue_refresh_token() AS t;
DO $$ BEGIN PERFORM api.set_context(test_support.id('t2'), NULL); END $$;
SELECT is_empty(
    $$SELECT * FROM api.rotate_refresh_token(pg_temp.tok('live'))$$,
    'another tenant cannot use the token'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), test_support.id('ann')); END $$;
SELECT throws_ok(
    $$SELECT * FROM api.issue_refresh_token('00000000-0000-7000-8000-000000000002')$$, '42501',
    'only an admin may issue tokens to another user', 'a user may not issue tokens to someone else'
);
SELECT is(
    api.revoke_user_tokens(test_support.id('ann')), 1::bigint,
    'revoke_user_tokens revokes the live token (not the expired one)'
);
SELECT is_empty(
    $$SELECT * FROM api.rotate_refresh_token(pg_temp.tok('live'))$$,
    'so it no longer rotates'
);

-- The remaining refusals.
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), NULL); END $$;
SELECT throws_ok(
    'SELECT * FROM api.issue_refresh_token()', '22023', 'no user to issue a token to',
    'system work must name the user a token is for'
);
SELECT throws_ok(
    $$SELECT * FROM api.issue_refresh_token(test_support.id('ann'), ttl => interval '2 years')$$, '22023',
    'ttl must be between 1 minute and 365 days', 'a ttl over a year is refused'
);
SELECT throws_ok(
    'SELECT * FROM api.issue_refresh_token(gen_random_uuid())', 'SD404', NULL,
    'a token for an unknown user is SD404'
);
SELECT throws_ok(
    'SELECT api.revoke_user_tokens(gen_random_uuid())', 'SD404', NULL,
    'revoking an unknown user''s tokens is SD404'
);
DO $$ BEGIN PERFORM api.set_context(test_support.default_tenant(), test_support.id('ann')); END $$;
SELECT throws_ok(
    $$SELECT api.revoke_user_tokens('00000000-0000-7000-8000-000000000002')$$, '42501',
    'only an admin may revoke another user''s tokens', 'a user may not sign someone else out'
);
DO $$ BEGIN PERFORM set_config('stockdb.tenant_id', '', true); END $$;
SELECT throws_ok(
    $$SELECT api.authenticate('ann@example.com', 'a brand new passphrase')$$, '42501', 'no tenant context',
    'authenticate needs a tenant'
);
SELECT throws_ok(
    $$SELECT * FROM api.rotate_refresh_token('whatever')$$, '42501', 'no tenant context',
    'so does rotate_refresh_token'
);

SELECT * FROM finish();
ROLLBACK;
