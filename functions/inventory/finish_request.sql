-- The result a retry of the same call will get back.
CREATE OR REPLACE FUNCTION inventory.finish_request(request_id uuid, result jsonb)
RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE inventory.movement_request AS mr SET result = finish_request.result
    WHERE mr.id = finish_request.request_id
$$;
COMMENT ON FUNCTION inventory.finish_request(uuid, jsonb) IS
'Records the result of a claimed call, for its retries.';
