-- The calling tenant, from the transaction's context; every api function starts here.
CREATE OR REPLACE FUNCTION auth.require_tenant()
RETURNS uuid
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_raw text := current_setting('stockdb.tenant_id', true);
    v_tenant_id uuid;
BEGIN
    IF v_raw IS NULL OR v_raw = '' THEN
        RAISE EXCEPTION 'no tenant context'
            USING ERRCODE = '42501',
                  DETAIL = 'stockdb.tenant_id is not set in this transaction.',
                  HINT = 'Call api.set_context(tenant_id => ...) first, in the same transaction.';
    END IF;
    BEGIN
        v_tenant_id := v_raw::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
        RAISE EXCEPTION 'no valid tenant context'
            USING ERRCODE = '42501',
                  DETAIL = format('stockdb.tenant_id is %s, not a uuid.', ops.quoted_excerpt(v_raw)),
                  HINT = 'Set the context with api.set_context(tenant_id => ...).';
    END;
    IF NOT EXISTS (SELECT 1 FROM auth.tenant AS t WHERE t.id = v_tenant_id AND t.active) THEN
        RAISE EXCEPTION 'tenant % does not exist or is inactive', v_tenant_id
            USING ERRCODE = '42501',
                  DETAIL = 'stockdb.tenant_id names no active row of auth.tenant.',
                  HINT = 'Set the context with api.set_context(tenant_id => ...).';
    END IF;
    RETURN v_tenant_id;
END
$$;
COMMENT ON FUNCTION auth.require_tenant() IS
'The tenant of the current transaction (stockdb.tenant_id); 42501 when unset, malformed or inactive.';
