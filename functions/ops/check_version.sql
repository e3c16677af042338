-- Optimistic locking for api functions that change a document they read.
CREATE OR REPLACE FUNCTION ops.check_version(document text, id uuid, expected integer, actual integer)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF check_version.expected IS NULL THEN
        RAISE EXCEPTION 'version must not be null'
            USING ERRCODE = '22023',
                  DETAIL = format('Changing %s %s needs the version you read.', check_version.document, check_version.id),
                  HINT = 'Pass the version column of the row as you last read it.';
    END IF;
    IF check_version.expected <> check_version.actual THEN
        RAISE EXCEPTION '% % was changed by someone else', check_version.document, check_version.id
            USING ERRCODE = 'SD004',
                  DETAIL = format('Expected version %s, the row is at version %s.', check_version.expected, check_version.actual),
                  HINT = 'Read the row again and retry with its current version.';
    END IF;
END
$$;
COMMENT ON FUNCTION ops.check_version(text, uuid, integer, integer) IS
'22023 when no version was given, SD004 when it is not the current one.';
