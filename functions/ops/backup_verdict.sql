-- ops.backup_verdict: the one judgement of the backups, which ops.check_health
-- and `stockdb maintenance status` both print, so they cannot disagree on
-- whether a backup no restore verified deserves a warning.
CREATE OR REPLACE FUNCTION ops.backup_verdict(OUT status text, OUT detail text, OUT hint text)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_backup record;
BEGIN
    -- ops.backup_health holds what stale means.
    SELECT * INTO v_backup FROM ops.backup_health;
    IF v_backup.last_good_backup IS NULL THEN
        detail := 'no successful backup recorded';
        hint := 'stockdb backup create';
    ELSE
        detail := format('last good backup %s at %s (%s h ago)', v_backup.last_good_backup,
                         to_char(v_backup.finished_at, 'YYYY-MM-DD HH24:MI'),
                         round(extract(epoch FROM v_backup.age) / 3600, 1));
        IF v_backup.stale THEN
            detail := detail || format(', older than %s hours', extract(epoch FROM v_backup.stale_after)::integer / 3600);
            hint := 'stockdb backup create';
        END IF;
        IF NOT coalesce(v_backup.verified, false) THEN
            detail := detail || ', not verified by a restore';
            hint := coalesce(hint || '; ', '') || format('stockdb backup verify %s', v_backup.last_good_backup);
        ELSE
            detail := detail || ', verified';
        END IF;
        IF v_backup.failed_since > 0 THEN
            detail := detail || format(', %s failed since', v_backup.failed_since);
            hint := coalesce(hint || '; ', '') || 'stockdb backup list shows why they failed';
        END IF;
    END IF;
    -- Every finding above says what to run; a backup with nothing to run is ok.
    status := CASE WHEN hint IS NULL THEN 'ok' ELSE 'warning' END;
END
$$;
COMMENT ON FUNCTION ops.backup_verdict() IS
'Judges ops.backup_health: warning when there is no good backup, it is older than stale_after, no restore '
'verified it, or backups failed since; ok otherwise. detail says which, hint what to run.';
