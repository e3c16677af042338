-- Status changes follow ops.status_transition, whoever makes them.
CREATE OR REPLACE FUNCTION ops.tg__check_status_transition()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_document_type text := TG_ARGV[0];
    v_from text := OLD.status::text;
    v_to text := NEW.status::text;
BEGIN
    IF NOT EXISTS (
        SELECT 1
        FROM ops.status_transition AS st
        WHERE st.document_type = v_document_type
          AND st.from_status = v_from
          AND st.to_status = v_to
    ) THEN
        RAISE EXCEPTION '% % cannot go from % to %', v_document_type, OLD.id, v_from, v_to
            USING ERRCODE = 'SD003',
                  DETAIL = format(
                      'Allowed from %s: %s.', v_from,
                      coalesce((
                          SELECT string_agg(st.to_status, ', ' ORDER BY st.to_status)
                          FROM ops.status_transition AS st
                          WHERE st.document_type = v_document_type AND st.from_status = v_from
                      ), 'nothing (final status)')
                  ),
                  HINT = 'Check the document''s current status; ops.status_transition lists every allowed change.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ops.tg__check_status_transition() IS
'BEFORE UPDATE OF status trigger (argument: document type): refuses with SD003 any change '
'not listed in ops.status_transition.';

CREATE OR REPLACE TRIGGER _050_status_transition BEFORE UPDATE OF status ON procurement.purchase_order
FOR EACH ROW WHEN (old.status IS DISTINCT FROM new.status)
EXECUTE FUNCTION ops.tg__check_status_transition('purchase_order');
CREATE OR REPLACE TRIGGER _050_status_transition BEFORE UPDATE OF status ON sales.sales_order
FOR EACH ROW WHEN (old.status IS DISTINCT FROM new.status)
EXECUTE FUNCTION ops.tg__check_status_transition('sales_order');
CREATE OR REPLACE TRIGGER _050_status_transition BEFORE UPDATE OF status ON logistics.shipment
FOR EACH ROW WHEN (old.status IS DISTINCT FROM new.status)
EXECUTE FUNCTION ops.tg__check_status_transition('shipment');
CREATE OR REPLACE TRIGGER _050_status_transition BEFORE UPDATE OF status ON inventory.reservation
FOR EACH ROW WHEN (old.status IS DISTINCT FROM new.status)
EXECUTE FUNCTION ops.tg__check_status_transition('reservation');
