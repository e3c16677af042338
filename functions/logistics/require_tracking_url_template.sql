-- A carrier's tracking URL template, or 22023: an http(s) URL holding
-- {tracking_number}, as the carrier table's CHECK has it, said before a bare
-- 23514 would. NULL passes: the caller decides what NULL means.
CREATE OR REPLACE FUNCTION logistics.require_tracking_url_template(value text, hint text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF require_tracking_url_template.value !~ '^https?://.*[{]tracking_number[}]' THEN
        RAISE EXCEPTION 'tracking_url_template must be an http(s) URL containing {tracking_number}'
            USING ERRCODE = '22023',
                  DETAIL = format('tracking_url_template => %s.', ops.quoted_excerpt(require_tracking_url_template.value)),
                  HINT = require_tracking_url_template.hint;
    END IF;
    RETURN require_tracking_url_template.value;
END
$$;
COMMENT ON FUNCTION logistics.require_tracking_url_template(text, text) IS
'Returns value when it is NULL or an http(s) URL containing {tracking_number}; 22023 with hint otherwise.';
