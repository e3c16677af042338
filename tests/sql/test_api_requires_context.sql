-- Every api function but the two that open a session (set_context,
-- authenticate) refuses to run without a tenant context, 42501, whatever its
-- arguments: auth.require_tenant() comes before any validation or read.
-- Generated from the catalogue, so a new api function is covered as it lands.
BEGIN;
SELECT plan(2);

CREATE FUNCTION pg_temp.outcome(routine regprocedure) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_args text;
BEGIN
    SELECT coalesce(string_agg(format('NULL::%s', format_type(t.type_oid, NULL)), ', ' ORDER BY t.n), '')
    INTO v_args
    FROM pg_proc AS p
    CROSS JOIN LATERAL unnest(p.proargtypes::oid[]) WITH ORDINALITY AS t (type_oid, n)
    WHERE p.oid = routine;
    PERFORM set_config('stockdb.tenant_id', '', true);
    PERFORM set_config('stockdb.user_id', '', true);
    EXECUTE format('SELECT %s(%s)', routine::regproc, v_args);
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;

CREATE TEMP TABLE outcomes AS
SELECT
    p.oid::regprocedure::text AS routine,
    pg_temp.outcome(p.oid::regprocedure) AS sqlstate
FROM pg_proc AS p
WHERE
    p.pronamespace = 'api'::regnamespace AND p.prokind = 'f'
    AND p.proname NOT IN ('set_context', 'authenticate');

SELECT cmp_ok((SELECT count(*)::integer FROM outcomes), '>=', 39, 'every api function was called (39 when this was written)');
SELECT is_empty(
    $$SELECT routine, sqlstate FROM outcomes WHERE sqlstate <> '42501'$$,
    'without a tenant context every api function fails with 42501, before it reads its arguments'
);

SELECT * FROM finish();
ROLLBACK;
