-- depends: 0055_cycle_count_counted_at
-- An email's CHECK refused whitespace but let the other control characters
-- through: 'a\u0007b@example.com' (a bell) or an escape sequence was stored as
-- an address, where a mail header or a terminal showing it would act on it.
-- These CHECKs refuse every control character (the api and the import refuse
-- them too: ops.require_email, api.create_user, ops.create_tenant and the
-- import's email columns share the new pattern).
--
-- A stored address with one is no address a mail server takes; which one was
-- meant is the owner's to say, so the migration stops and counts them.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_found text;
BEGIN
    SELECT string_agg(format('%s %s', t.n, t.what), ', ' ORDER BY t.what)
    INTO v_found
    FROM (
        SELECT 'sales.customer email(s)' AS what, count(*) AS n
        FROM sales.customer WHERE email ~ '[[:cntrl:]]'
        UNION ALL
        SELECT 'procurement.supplier email(s)', count(*)
        FROM procurement.supplier WHERE email ~ '[[:cntrl:]]'
        UNION ALL
        SELECT 'auth.app_user email(s)', count(*)
        FROM auth.app_user WHERE email ~ '[[:cntrl:]]'
    ) AS t
    WHERE t.n > 0;
    IF v_found IS NOT NULL THEN
        RAISE EXCEPTION 'stored emails hold control characters, which stockdb now refuses'
        USING ERRCODE = '23514', DETAIL = format('Found %s.', v_found),
        HINT = 'Correct them (SELECT … WHERE email ~ ''[[:cntrl:]]'' finds them), then run the migration again.';
    END IF;
END
$$;

ALTER TABLE sales.customer ADD CONSTRAINT customer_email_printable_check
CHECK (email !~ '[[:cntrl:]]') NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE sales.customer VALIDATE CONSTRAINT customer_email_printable_check;

ALTER TABLE procurement.supplier ADD CONSTRAINT supplier_email_printable_check
CHECK (email !~ '[[:cntrl:]]') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE procurement.supplier VALIDATE CONSTRAINT supplier_email_printable_check;

ALTER TABLE auth.app_user ADD CONSTRAINT app_user_email_printable_check
CHECK (email !~ '[[:cntrl:]]') NOT VALID;
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE auth.app_user VALIDATE CONSTRAINT app_user_email_printable_check;
