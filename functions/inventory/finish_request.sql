-- The result a retry of the same call will get back.
CREATE OR REPLACE FUNCTION inventory.finish_request(tenant_id uuid, request_id uuid, result jsonb)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE inventory.movement_request AS mr SET result = finish_request.result
    WHERE mr.tenant_id = finish_request.tenant_id AND mr.id = finish_request.request_id;
END
$$;
COMMENT ON FUNCTION inventory.finish_request(uuid, uuid, jsonb) IS
'Records the result of a claimed call, for its retries.';
