-- A JSON argument the audit log carries whole, or 22023: nested less than 32
-- levels deep and at most 64 KiB as JSON text. Its row goes to the audit log
-- whole: MongoDB takes documents nested at most 100 levels and of 16 MB at
-- most, and the relay's JSON reader gives up at about a thousand levels
-- (RecursionError), so a value nested 5,000 deep, which PostgreSQL stores,
-- stopped the relay at it on every start; attributes of 20 MB reached the
-- audit trail as their size and md5 only (audit.omit_large_values). The
-- tables hold the same limits in CHECKs (migrations 0034 and 0059). NULL
-- passes: the caller decides what NULL means.
CREATE OR REPLACE FUNCTION ops.require_shallow_json(value jsonb, argument text)
RETURNS jsonb
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_bytes integer := octet_length(require_shallow_json.value::text);
BEGIN
    -- Before the depth: a value of megabytes is not walked.
    IF v_bytes > 65536 THEN
        RAISE EXCEPTION '% is too large', require_shallow_json.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s is %s bytes as JSON text.', require_shallow_json.argument, v_bytes),
                  HINT = 'Keep a JSON argument within 64 KiB (65,536 bytes as JSON text).';
    END IF;
    IF jsonb_path_exists(require_shallow_json.value, 'strict $.**{32}') THEN
        RAISE EXCEPTION '% is nested too deeply', require_shallow_json.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s holds a value 32 levels below its top.', require_shallow_json.argument),
                  HINT = 'Keep JSON arguments less than 32 levels deep.';
    END IF;
    RETURN require_shallow_json.value;
END
$$;
COMMENT ON FUNCTION ops.require_shallow_json(jsonb, text) IS
'Returns value when it is NULL, or within 65,536 bytes as JSON text with nothing 32 levels below its top; '
'22023 naming the argument otherwise.';
