-- depends: 0035_category_name_path
-- Imports trim their cells, so a batch number stored with blanks around it
-- (' B1 ', taken by api.receive_stock) was another lot than the B1 of an
-- opening-stock or cycle-count sheet, and no sheet could name it. The api now
-- refuses one (catalog.find_or_create_batch, 22023); this CHECK holds every
-- writer to it.
--
-- Trimming could make two lots of a product one number, which the owner has
-- to settle, so the migration stops and names what it found.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DO $$
DECLARE
    v_count bigint;
    v_numbers text;
BEGIN
    SELECT count(*), string_agg(quote_literal(b.batch_number), ', ' ORDER BY b.batch_number) FILTER (WHERE b.n <= 5)
    INTO v_count, v_numbers
    FROM (
        SELECT pb.batch_number, row_number() OVER (ORDER BY pb.batch_number) AS n
        FROM catalog.product_batch AS pb
        WHERE pb.batch_number <> btrim(pb.batch_number)
    ) AS b;
    IF v_count > 0 THEN
        RAISE EXCEPTION 'stored batch numbers begin or end with a blank'
        USING ERRCODE = '23514',
        DETAIL = format('Found %s catalog.product_batch batch_number(s): %s%s.', v_count, v_numbers,
                        CASE WHEN v_count > 5 THEN ', …' ELSE '' END),
        HINT = 'Trim them (UPDATE catalog.product_batch SET batch_number = btrim(batch_number), settling any '
        'two lots of one product that become one number), then run the migration again.';
    END IF;
END
$$;

ALTER TABLE catalog.product_batch ADD CONSTRAINT product_batch_number_trimmed_check
CHECK (batch_number = btrim(batch_number)) NOT VALID;
-- One transaction runs the whole migrate, so the VALIDATE holds the ADD's lock.
-- squawk-ignore constraint-missing-not-valid
ALTER TABLE catalog.product_batch VALIDATE CONSTRAINT product_batch_number_trimmed_check;
