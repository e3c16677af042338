-- A location's kind as a caller gives it: text, since an application's role
-- cannot name warehouse.location_kind, and a driver binding text found no
-- function that took the enum.
CREATE OR REPLACE FUNCTION warehouse.require_location_kind(kind text)
RETURNS warehouse.location_kind
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_location_kind.kind IS NOT NULL
       AND NOT require_location_kind.kind = ANY (enum_range(NULL::warehouse.location_kind)::text[]) THEN
        RAISE EXCEPTION 'unknown location kind %', ops.named(require_location_kind.kind)
            USING ERRCODE = '22023', DETAIL = format('kind => %s.', ops.quoted_excerpt(require_location_kind.kind)),
                  HINT = 'Use one of: ' || array_to_string(enum_range(NULL::warehouse.location_kind), ', ') || '.';
    END IF;
    RETURN require_location_kind.kind::warehouse.location_kind;
END
$$;
COMMENT ON FUNCTION warehouse.require_location_kind(text) IS
'kind as a warehouse.location_kind (NULL stays NULL); 22023 naming the kinds for any other text.';
