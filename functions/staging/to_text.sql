-- A text cell without its surrounding blanks; NULL when nothing is left. The
-- cell is in NFC already (staging.validate_cells).
CREATE OR REPLACE FUNCTION staging.to_text(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT NULLIF(pg_catalog.btrim(value), '')
$$;
COMMENT ON FUNCTION staging.to_text(text) IS 'The cell trimmed, NULL when blank.';
