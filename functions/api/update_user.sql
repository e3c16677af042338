-- api.update_user: an admin changes a user's email, name, role or supplier,
-- or deactivates and reactivates them (NULL leaves a field as it is).
CREATE OR REPLACE FUNCTION api.update_user(
    user_id uuid,
    version integer,
    display_name text DEFAULT NULL,
    role text DEFAULT NULL,
    active boolean DEFAULT NULL,
    supplier_id uuid DEFAULT NULL,
    clear text[] DEFAULT NULL,
    email text DEFAULT NULL
)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_user auth.app_user;
    v_role auth.user_role;
    v_active boolean;
    v_supplier_id uuid;
    v_admins_left bigint;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_user');
    PERFORM ops.require_id(update_user.user_id, 'user_id', 'user');
    PERFORM ops.require_clearable(
        update_user.clear, ARRAY['display_name'],
        jsonb_build_object('display_name', update_user.display_name)
    );
    IF update_user.role IS NOT NULL THEN
        PERFORM auth.require_role(update_user.role);
    END IF;
    PERFORM ops.require_email(update_user.email);
    PERFORM ops.require_length(update_user.display_name, 'display_name', 500);
    PERFORM ops.require_trimmed(update_user.display_name, 'display_name');
    -- Changes to a tenant's users take turns on its row, so two admins who
    -- demote or deactivate each other cannot both see the other one left.
    -- NO KEY UPDATE: the foreign keys of rows being made (FOR KEY SHARE) do not wait.
    PERFORM 1 FROM auth.tenant AS t WHERE t.id = v_tenant_id FOR NO KEY UPDATE;
    SELECT u.* INTO v_user
    FROM auth.app_user AS u
    WHERE u.tenant_id = v_tenant_id AND u.id = update_user.user_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % not found', update_user.user_id
            USING ERRCODE = 'SD404', DETAIL = 'No user of this tenant has this id.',
                  HINT = 'Pass the id api.create_user returned (api.list_users lists them).';
    END IF;
    PERFORM ops.check_version('user', v_user.id, update_user.version, v_user.version);
    -- The sign-in name: unique per tenant whatever its case, as api.create_user
    -- checks (and auth.app_user's unique index holds against a race).
    IF EXISTS (
        SELECT 1 FROM auth.app_user AS u
        WHERE u.tenant_id = v_tenant_id AND u.email_key = lower(normalize(update_user.email, NFC)) AND u.id <> v_user.id
    ) THEN
        RAISE EXCEPTION 'a user with email % exists', update_user.email
            USING ERRCODE = '23505', DETAIL = 'Emails are unique per tenant, compared case-insensitively.',
                  HINT = 'Pass an address no other user of the tenant has.';
    END IF;

    v_role := coalesce(update_user.role::auth.user_role, v_user.role);
    v_active := coalesce(update_user.active, v_user.active);
    -- Only a partner belongs to a supplier: a new role other than partner leaves it.
    v_supplier_id := CASE WHEN v_role = 'partner' THEN coalesce(update_user.supplier_id, v_user.supplier_id) END;
    -- Checked when the role or supplier changes: a partner made before
    -- supplier_id existed can still be renamed or deactivated.
    IF (update_user.role IS NOT NULL OR update_user.supplier_id IS NOT NULL)
       AND ((v_role = 'partner') <> (v_supplier_id IS NOT NULL)
            OR (update_user.supplier_id IS NOT NULL AND v_role <> 'partner')) THEN
        RAISE EXCEPTION 'a partner, and only a partner, belongs to a supplier'
            USING ERRCODE = '22023',
                  DETAIL = format('The user would have role %s and supplier_id %s.', v_role,
                                  coalesce(update_user.supplier_id::text, 'NULL')),
                  HINT = 'Pass supplier_id when making a user a partner, and only then.';
    END IF;
    IF update_user.supplier_id IS NOT NULL THEN
        PERFORM procurement.require_supplier(v_tenant_id, update_user.supplier_id);
    END IF;
    IF v_user.role = 'admin' AND v_user.active AND NOT (v_role = 'admin' AND v_active) THEN
        SELECT count(*) INTO v_admins_left
        FROM auth.app_user AS u
        WHERE u.tenant_id = v_tenant_id AND u.role = 'admin' AND u.active AND u.id <> v_user.id;
        IF v_admins_left = 0 THEN
            RAISE EXCEPTION 'user % is the tenant''s last active admin', v_user.email
                USING ERRCODE = '22023',
                      DETAIL = format('Making them %s would leave the tenant no active admin.',
                                      CASE WHEN NOT v_active THEN 'inactive' ELSE v_role::text END),
                      HINT = 'Make another user an admin first.';
        END IF;
    END IF;

    UPDATE auth.app_user AS u
    SET email = coalesce(update_user.email, u.email),
        display_name = ops.kept_or_cleared(
            update_user.display_name, u.display_name, 'display_name' = ANY (update_user.clear)
        ),
        role = v_role,
        active = v_active,
        supplier_id = v_supplier_id
    WHERE u.tenant_id = v_tenant_id AND u.id = v_user.id
    RETURNING u.version INTO v_version;
    -- A deactivated user is signed out everywhere: reactivating them later
    -- does not bring their old sessions back.
    IF v_user.active AND NOT v_active THEN
        UPDATE auth.refresh_token AS t SET revoked_at = greatest(now(), t.created_at)
        WHERE t.tenant_id = v_tenant_id AND t.user_id = v_user.id AND t.revoked_at IS NULL
          AND t.expires_at > now();
    END IF;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_user(uuid, integer, text, text, boolean, uuid, text[], text) IS
'Changes the given fields of a user (NULL keeps a field; clear => ''{display_name}'' empties it) and '
'returns the new version: email (the sign-in name), display_name, role, active (deactivating revokes the '
'user''s refresh tokens) and supplier_id (a partner''s supplier; a user leaving the partner role leaves its '
'supplier). The tenant keeps at least one active admin. Admins or system work only. Errors: 42501, 22023 no user_id, '
'bad role or email, a display_name with blanks around it, supplier_id for the role, no version, the last '
'active admin, or a field clear cannot '
'empty or that is also given, SD404 unknown user or supplier, SD004 stale version, 23505 email already '
'used.';
