-- Below every floor: the three writes record_movement has to make (its
-- idempotency key, its ledger row, its balance) as one statement in one round
-- trip, run with session_replication_role = replica so that no trigger or
-- foreign key fires, and with no context, validation or lock. No
-- implementation of the api can be faster than the table layout lets this be.
\set n random(1, :products)
WITH product AS (
    SELECT bp.id FROM public.bench_product AS bp WHERE bp.n = :n
),

request AS (
    INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash, result)
    VALUES (
        :tenant, gen_random_uuid()::text, 'api.record_movement', sha256(gen_random_uuid()::text::bytea),
        '{}'
    )
),

movement AS (
    INSERT INTO inventory.stock_movement (tenant_id, movement_type, product_id, location_id, quantity, reason)
    VALUES (:tenant, 'adjustment', (SELECT product.id FROM product), :location, 1, 'bench')
)

UPDATE inventory.inventory AS i
SET on_hand = i.on_hand + 1
WHERE
    i.tenant_id = :tenant AND i.product_id = (SELECT product.id FROM product) AND i.location_id = :location
    AND i.batch_id IS NULL AND i.deleted_at IS NULL;
