-- api.update_batch: correct a lot's dates. The first receipt of a batch
-- number fixed them, and a later receipt with the label's true dates was
-- refused, so a misread expiry stayed wrong for the lot's life.
CREATE OR REPLACE FUNCTION api.update_batch(
    batch_id uuid,
    version integer,
    expiry_date date DEFAULT NULL,
    manufacture_date date DEFAULT NULL
)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_batch catalog.product_batch;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_batch');
    -- FOR UPDATE waits for the movements and reservations of the batch under
    -- way (their foreign keys hold it FOR KEY SHARE), and the ones after wait
    -- for the correction.
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = v_tenant_id AND b.id = update_batch.batch_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'batch % not found', update_batch.batch_id
            USING ERRCODE = 'SD404', DETAIL = 'No batch with this id belongs to the calling tenant.',
                  HINT = 'Check the id (catalog.product_batch, or the batch_id of a balance).';
    END IF;
    PERFORM ops.check_version('batch', v_batch.id, update_batch.version, v_batch.version);
    IF NOT isfinite(coalesce(update_batch.expiry_date, current_date))
       OR NOT isfinite(coalesce(update_batch.manufacture_date, current_date)) THEN
        RAISE EXCEPTION 'expiry_date and manufacture_date must be calendar dates'
            USING ERRCODE = '22023',
                  DETAIL = format('expiry_date => %s, manufacture_date => %s.',
                                  coalesce(update_batch.expiry_date::text, 'NULL'),
                                  coalesce(update_batch.manufacture_date::text, 'NULL')),
                  HINT = 'Pass the dates on the label; NULL keeps a date.';
    END IF;
    IF coalesce(update_batch.manufacture_date, v_batch.manufacture_date)
       > coalesce(update_batch.expiry_date, v_batch.expiry_date) THEN
        RAISE EXCEPTION 'a batch cannot expire before it was made'
            USING ERRCODE = '22023',
                  DETAIL = format('It would be made %s and expire %s.',
                                  coalesce(update_batch.manufacture_date, v_batch.manufacture_date),
                                  coalesce(update_batch.expiry_date, v_batch.expiry_date)),
                  HINT = 'Check the dates on the label.';
    END IF;
    UPDATE catalog.product_batch AS b
    SET expiry_date = coalesce(update_batch.expiry_date, b.expiry_date),
        manufacture_date = coalesce(update_batch.manufacture_date, b.manufacture_date)
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING b.version INTO v_version;
    RETURN v_version;
END
$$;

COMMENT ON FUNCTION api.update_batch(uuid, integer, date, date) IS
'Corrects a batch''s expiry and manufacture dates (NULL keeps a date) at the version the caller read and '
'returns the new version; allocation (FEFO) and expiry alerts follow the new dates, and reservations already '
'made keep their batches. Errors: 42501, 22023 no version, an infinite date, made after it expires, '
'SD404 unknown batch, SD004 stale version.';
