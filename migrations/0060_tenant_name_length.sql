-- depends: 0059_json_sizes
-- A company's name had no length limit: ops.create_tenant (`stockdb tenant
-- create`) stored one of 100,000 characters, which `stockdb tenant list`
-- then wrote whole on every line. 0058 gave every other name people type a
-- limit of 500 characters and missed this one; ops.create_tenant says so
-- first (22023 `name is too long`). A stored name over it is the owner's to
-- shorten, so the migration stops and counts them.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_found bigint;
BEGIN
    SELECT count(*) INTO v_found FROM auth.tenant WHERE length(name) > 500;
    IF v_found > 0 THEN
        RAISE EXCEPTION 'stored texts are longer than stockdb now allows'
        USING ERRCODE = '23514', DETAIL = format('Found %s auth.tenant name over 500 characters.', v_found),
        HINT = 'Shorten them (UPDATE auth.tenant SET name = … WHERE length(name) > 500), then run the migration again.';
    END IF;
END
$$;

ALTER TABLE auth.tenant ADD CONSTRAINT tenant_name_length_check
CHECK (length(name) <= 500) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE auth.tenant VALIDATE CONSTRAINT tenant_name_length_check;
