-- ops.purge_refresh_tokens: a family is forgotten once its newest token has
-- been expired for older_than; until then its revoked tokens are what
-- detects a stolen token's reuse. A family goes in one statement, so the
-- replaced_by links inside it never dangle.
-- No SET search_path: a procedure with one may not COMMIT.
CREATE OR REPLACE PROCEDURE ops.purge_refresh_tokens(older_than interval DEFAULT '7 days')
LANGUAGE plpgsql
AS $$
DECLARE
    v_run bigint;
    v_count bigint;
    v_cutoff timestamptz;
BEGIN
    IF purge_refresh_tokens.older_than IS NULL OR purge_refresh_tokens.older_than < interval '0' THEN
        RAISE EXCEPTION 'older_than must not be negative'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_refresh_tokens was called with older_than => %L.',
                                             purge_refresh_tokens.older_than),
                  HINT = 'Leave it at its default of 7 days.';
    END IF;
    v_run := ops.start_run('purge-refresh-tokens');
    v_cutoff := ops.ago(purge_refresh_tokens.older_than);
    COMMIT;
    DELETE FROM auth.refresh_token AS t
    WHERE (t.tenant_id, t.family_id) IN (
        SELECT f.tenant_id, f.family_id FROM auth.refresh_token AS f
        GROUP BY f.tenant_id, f.family_id
        HAVING max(f.expires_at) < v_cutoff
    );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('purged', v_count));
    COMMIT;
END
$$;
COMMENT ON PROCEDURE ops.purge_refresh_tokens (interval) IS
'Deletes refresh-token families whose newest token expired more than older_than ago (default 7 days); '
'records the count in ops.maintenance_run.';
