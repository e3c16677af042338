-- ops.ago: the moment span before now, for the purges' cutoffs. A span
-- reaching before the first timestamp (older_than => '1000000 years', to keep
-- everything) ended a purge in a bare 22008 "timestamp out of range".
CREATE OR REPLACE FUNCTION ops.ago(span interval)
RETURNS timestamptz
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN now() - ago.span;
EXCEPTION WHEN datetime_field_overflow THEN
    RETURN CASE WHEN ago.span < interval '0' THEN 'infinity'::timestamptz ELSE '-infinity'::timestamptz END;
END
$$;
COMMENT ON FUNCTION ops.ago(interval) IS
'now() - span; -infinity when that is before the first timestamp (infinity for a span as far ahead).';
