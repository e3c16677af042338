-- depends: 0071_retired_balance_index
-- A user is found by email through an index again. api.authenticate,
-- api.create_user and api.update_user compared lower(u.email) with the
-- address asked for; lower is not marked leakproof, so under row security
-- (forced on auth.app_user, and the functions run as its owner) PostgreSQL
-- would not use the condition in app_user_email_key (tenant_id,
-- lower(email)): each call read every user of the tenant (32 ms at 100,000
-- users). The lowered address is now a stored column, compared by plain
-- text equality, which is leakproof; the unique index, under its old name,
-- is on it. auth.app_user holds a tenant's users: adding the column rewrites
-- it under a lock held only as long as that takes.
-- squawk-ignore-file adding-field-with-default, require-concurrent-index-creation
-- squawk-ignore-file require-concurrent-index-deletion, renaming-object
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

ALTER TABLE auth.app_user ADD COLUMN email_key text GENERATED ALWAYS AS (lower(email)) STORED;
COMMENT ON COLUMN auth.app_user.email_key IS
'The email as users are told apart and found by it: lower-cased. Made by PostgreSQL from email.';

CREATE UNIQUE INDEX app_user_email_key_0072 ON auth.app_user (tenant_id, email_key);
DROP INDEX auth.app_user_email_key;
ALTER INDEX auth.app_user_email_key_0072 RENAME TO app_user_email_key;
