-- depends: 0034_shallow_json
-- Imports name a category by its path: the names from the top joined by /,
-- the blanks around each name trimmed. A name holding a / made two categories
-- one path (a top-level 'a/b' and 'b' under 'a'), and a products import
-- naming that path matched both and failed with a bare 23505 on its SKU; a
-- name beginning or ending with a blank could not be named by any path. The
-- api now refuses both (catalog.require_category_name); this CHECK holds
-- every writer to it.
--
-- Which character a renamed category should take is the owner's choice, so
-- the migration stops and names what it found rather than renaming.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_count bigint;
    v_names text;
BEGIN
    SELECT count(*), string_agg(quote_literal(c.name), ', ' ORDER BY c.name) FILTER (WHERE c.n <= 5)
    INTO v_count, v_names
    FROM (
        SELECT pc.name, row_number() OVER (ORDER BY pc.name) AS n
        FROM catalog.product_category AS pc
        WHERE strpos(pc.name, '/') > 0 OR pc.name <> btrim(pc.name)
    ) AS c;
    IF v_count > 0 THEN
        RAISE EXCEPTION 'stored category names hold a / or begin or end with a blank'
        USING ERRCODE = '23514',
        DETAIL = format('Found %s catalog.product_category name(s): %s%s.', v_count, v_names,
                        CASE WHEN v_count > 5 THEN ', …' ELSE '' END),
        HINT = 'Rename them (api.update_category), then run the migration again.';
    END IF;
END
$$;

ALTER TABLE catalog.product_category ADD CONSTRAINT product_category_name_path_check
CHECK (strpos(name, '/') = 0 AND name = btrim(name)) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_category VALIDATE CONSTRAINT product_category_name_path_check;
