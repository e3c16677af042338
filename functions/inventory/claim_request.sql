-- Exactly once: claim the idempotency key before anything else happens. The
-- claim rolls back with the call if the call fails.
--
-- arguments is compared by the hash of its text, so callers give values in
-- one written form: a quantity through trim_scale (JSON keeps 3.000 apart
-- from 3) and a timestamptz AT TIME ZONE 'UTC' (JSON writes it in the
-- session's TimeZone): a retry from a driver or server writing either
-- otherwise was refused with SD002.
CREATE OR REPLACE FUNCTION inventory.claim_request(
    tenant_id uuid,
    idempotency_key text,
    function_name text,
    arguments jsonb,
    result jsonb DEFAULT NULL,
    OUT request_id uuid,
    OUT previous_result jsonb
)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_hash bytea;
    v_first record;
BEGIN
    -- One written form (NFC, as migration 0067 holds the keys): a retry whose
    -- key reads the same is the same request.
    IF claim_request.idempotency_key IS NOT NFC NORMALIZED THEN
        claim_request.idempotency_key := normalize(claim_request.idempotency_key, NFC);
    END IF;
    -- Not '^[[:graph:]]{1,200}$': a bounded repeat costs ~26 µs here, this ~1 µs.
    IF claim_request.idempotency_key IS NULL OR length(claim_request.idempotency_key) > 200
       OR claim_request.idempotency_key COLLATE pg_catalog."und-x-icu" !~ '^[[:graph:]]+$' THEN
        RAISE EXCEPTION 'idempotency_key must be 1 to 200 visible characters'
            USING ERRCODE = '22023',
                  DETAIL = format(
                      '%s was called with idempotency_key => %s.', function_name, ops.quoted_excerpt(idempotency_key)
                  ),
                  HINT = 'Pass a key unique to this operation, such as ''po-17-line-2''; a retry passes the same key.';
    END IF;
    v_hash := sha256(convert_to(claim_request.function_name || ':' || claim_request.arguments::text, 'UTF8'));

    -- A concurrent first call with the same key makes this wait for its
    -- commit (then the key is taken) or its rollback (then it is ours).
    INSERT INTO inventory.movement_request AS mr (tenant_id, idempotency_key, function_name, request_hash, result)
    VALUES (claim_request.tenant_id, claim_request.idempotency_key, claim_request.function_name, v_hash, claim_request.result)
    ON CONFLICT ON CONSTRAINT movement_request_key DO NOTHING
    RETURNING mr.id INTO request_id;
    IF request_id IS NOT NULL THEN
        RETURN;
    END IF;

    SELECT mr.function_name, mr.request_hash, mr.result, mr.created_at INTO v_first
    FROM inventory.movement_request AS mr
    WHERE mr.tenant_id = claim_request.tenant_id AND mr.idempotency_key = claim_request.idempotency_key;
    IF v_first.request_hash <> v_hash THEN
        RAISE EXCEPTION 'idempotency key % was already used with other arguments', claim_request.idempotency_key
            USING ERRCODE = 'SD002',
                  DETAIL = format('First used by %s at %s.', v_first.function_name, v_first.created_at),
                  HINT = 'A retry must repeat the first call exactly; a new operation needs a new key.';
    END IF;
    previous_result := v_first.result;
END
$$;
COMMENT ON FUNCTION inventory.claim_request(uuid, text, text, jsonb, jsonb) IS
'Claims an idempotency key for a call, recording its result when the caller knows it up front '
'(ids it generated itself): returns request_id when the call is new, or the first call''s result '
'when it is a retry with the same arguments; SD002 when the arguments differ.';
