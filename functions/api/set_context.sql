-- api.set_context: who is calling, for the rest of the transaction.
CREATE OR REPLACE FUNCTION api.set_context(tenant_id uuid, user_id uuid DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_active boolean;
    v_role auth.user_role;
BEGIN
    IF set_context.tenant_id IS NULL THEN
        RAISE EXCEPTION 'tenant_id must not be null'
            USING ERRCODE = '22023',
                  DETAIL = 'api.set_context was called with tenant_id => NULL.',
                  HINT = 'Pass the id of an existing tenant; a single-company install uses 00000000-0000-7000-8000-000000000001.';
    END IF;

    SELECT t.active INTO v_active
    FROM auth.tenant AS t
    WHERE t.id = set_context.tenant_id;

    IF NOT FOUND THEN
        RAISE EXCEPTION 'tenant % does not exist', set_context.tenant_id
            USING ERRCODE = 'SD404',
                  DETAIL = format('No row in auth.tenant has id %s.', set_context.tenant_id),
                  HINT = 'Check the tenant id your application is configured with.';
    END IF;

    IF NOT v_active THEN
        RAISE EXCEPTION 'tenant % is inactive', set_context.tenant_id
            USING ERRCODE = '42501',
                  DETAIL = format('auth.tenant %s has active = false.', set_context.tenant_id),
                  HINT = 'An operator reactivates it: stockdb tenant activate CODE (ops.set_tenant_active).';
    END IF;

    -- is_local = true: the context ends with the transaction, so a pooled
    -- connection never carries one caller's identity into the next. The
    -- tenant is set before the user is looked up: row security shows
    -- auth.app_user only within a tenant. An error below undoes it.
    PERFORM set_config('stockdb.tenant_id', set_context.tenant_id::text, true);

    IF set_context.user_id IS NOT NULL THEN
        SELECT u.active, u.role INTO v_active, v_role
        FROM auth.app_user AS u
        WHERE u.tenant_id = set_context.tenant_id AND u.id = set_context.user_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'user % does not exist in tenant %', set_context.user_id, set_context.tenant_id
                USING ERRCODE = 'SD404',
                      DETAIL = 'No row in auth.app_user has this id for this tenant.',
                      HINT = 'Pass the id of one of the tenant''s users, or NULL for system work.';
        END IF;
        IF NOT v_active THEN
            RAISE EXCEPTION 'user % is inactive', set_context.user_id
                USING ERRCODE = '42501',
                      DETAIL = format('auth.app_user %s has active = false.', set_context.user_id),
                      HINT = 'An admin reactivates a user with api.update_user(user_id, version, active => true).';
        END IF;
    END IF;

    PERFORM set_config('stockdb.user_id', coalesce(set_context.user_id::text, ''), true);
    -- Row security's partner_scope reads the role here rather than the user's
    -- row on every statement (sql/policies/tenant_isolation.sql).
    PERFORM set_config('stockdb.user_role', coalesce(v_role::text, ''), true);
END
$$;

COMMENT ON FUNCTION api.set_context(uuid, uuid) IS
'Sets the calling tenant and user (stockdb.tenant_id, stockdb.user_id, and the user''s role in stockdb.user_role) '
'for the current transaction. '
'Errors: 22023 null tenant_id, SD404 unknown tenant or user, 42501 inactive tenant or user.';
