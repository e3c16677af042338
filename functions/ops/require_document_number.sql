-- A purchase or sales order number the caller chose, or 22023: 1 to 40
-- visible characters, as the order tables' CHECKs hold it, said before a
-- bare 23514 would. NULL passes: the call generates one. Tested in NFC, the
-- form it is stored in (triggers/ops/nfc.sql), as ops.require_text says why.
CREATE OR REPLACE FUNCTION ops.require_document_number(value text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF normalize(require_document_number.value, NFC) COLLATE pg_catalog."und-x-icu"
       !~ '^[[:graph:]]{1,40}$' THEN
        RAISE EXCEPTION 'number must be 1 to 40 visible characters'
            USING ERRCODE = '22023', DETAIL = format('number => %s.', ops.quoted_excerpt(require_document_number.value)),
                  HINT = 'Leave number NULL to have one generated.';
    END IF;
    RETURN require_document_number.value;
END
$$;
COMMENT ON FUNCTION ops.require_document_number(text) IS
'Returns value when it is NULL or 1 to 40 visible characters; 22023 otherwise.';
