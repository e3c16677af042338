-- Undoes 0054: one applied import per file and kind again. Refused while
-- two sheets of one file are applied as one kind, which that key cannot
-- hold: nothing is changed then.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_file record;
BEGIN
    SELECT b.tenant_id, b.kind, min(b.file_name) AS file_name, count(*) AS sheets INTO v_file
    FROM staging.import_batch AS b
    WHERE b.status = 'applied'
    GROUP BY b.tenant_id, b.kind, b.file_checksum
    HAVING count(*) > 1
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'cannot roll back 0054: % sheets of % are applied as %', v_file.sheets, v_file.file_name,
                        v_file.kind
            USING ERRCODE = '23505',
                  DETAIL = format('Tenant %s. Before 0054 a file was applied once per kind, whatever its sheet.',
                                  v_file.tenant_id),
                  HINT = 'Keep 0054 applied.';
    END IF;
END
$$;

-- squawk-ignore require-concurrent-index-deletion
DROP INDEX staging.import_batch_applied_key;
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX import_batch_applied_key ON staging.import_batch (tenant_id, kind, file_checksum)
WHERE status = 'applied';
