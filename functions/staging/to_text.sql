-- A text cell without its surrounding blanks, in NFC (Unicode's composed
-- form, in which codes and names are stored: triggers/ops/nfc.sql), so that a
-- SKU typed 'Cafe' + U+0301 names the product 'Café'; NULL when nothing is
-- left.
CREATE OR REPLACE FUNCTION staging.to_text(value text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT NULLIF(pg_catalog.normalize(pg_catalog.btrim(value), 'NFC'), '')
$$;
COMMENT ON FUNCTION staging.to_text(text) IS 'The cell trimmed and in NFC, NULL when blank.';
