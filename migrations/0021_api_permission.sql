-- depends: 0020_login_lockout
-- Which application roles may call which api function: one row per
-- function, kept by sql/reference/api_permission.sql and read by
-- auth.require_permission at the start of every api function.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE auth.api_permission (
    function_name text NOT NULL,
    roles auth.user_role[] NOT NULL,
    CONSTRAINT api_permission_pkey PRIMARY KEY (function_name),
    CONSTRAINT api_permission_function_name_check CHECK (function_name ~ '^api\.[a-z_]+$')
);
COMMENT ON TABLE auth.api_permission IS
'The application roles allowed to call each api function (system work, without a user, may call all). '
'Reference data: sql/reference/api_permission.sql.';
