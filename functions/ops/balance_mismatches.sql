-- The ledger is the truth: list every balance that does not equal its sum
-- (with what its detached months summed to, inventory.ledger_carry).
CREATE OR REPLACE FUNCTION ops.balance_mismatches()
RETURNS TABLE (
    tenant_id uuid,
    product_id uuid,
    batch_id uuid,
    location_id uuid,
    on_hand numeric,
    ledger_on_hand numeric,
    reserved numeric,
    ledger_reserved numeric
)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH ledger AS (
        SELECT x.tenant_id, x.product_id, x.batch_id, x.location_id, sum(x.on_hand) AS on_hand,
               sum(x.reserved) AS reserved
        FROM (
            SELECT
                m.tenant_id, m.product_id, m.batch_id, m.location_id,
                coalesce(sum(inventory.on_hand_delta(m.movement_type, m.quantity)), 0) AS on_hand,
                coalesce(sum(inventory.reserved_delta(m.movement_type, m.quantity)), 0) AS reserved
            FROM inventory.stock_movement AS m
            GROUP BY m.tenant_id, m.product_id, m.batch_id, m.location_id
            -- the detached months, summed when they were detached
            UNION ALL
            SELECT c.tenant_id, c.product_id, c.batch_id, c.location_id, c.on_hand, c.reserved
            FROM inventory.ledger_carry AS c
        ) AS x
        GROUP BY x.tenant_id, x.product_id, x.batch_id, x.location_id
    ),
    balance AS (
        SELECT i.tenant_id, i.product_id, i.batch_id, i.location_id, sum(i.on_hand) AS on_hand, sum(i.reserved) AS reserved
        FROM inventory.inventory AS i
        GROUP BY i.tenant_id, i.product_id, i.batch_id, i.location_id
    )
    SELECT
        coalesce(b.tenant_id, l.tenant_id), coalesce(b.product_id, l.product_id),
        coalesce(b.batch_id, l.batch_id), coalesce(b.location_id, l.location_id),
        coalesce(b.on_hand, 0), coalesce(l.on_hand, 0), coalesce(b.reserved, 0), coalesce(l.reserved, 0)
    FROM balance AS b
    FULL JOIN ledger AS l
        ON l.tenant_id = b.tenant_id AND l.product_id = b.product_id AND l.location_id = b.location_id
        AND l.batch_id IS NOT DISTINCT FROM b.batch_id
    WHERE coalesce(b.on_hand, 0) <> coalesce(l.on_hand, 0) OR coalesce(b.reserved, 0) <> coalesce(l.reserved, 0)
$$;
COMMENT ON FUNCTION ops.balance_mismatches() IS
'Every product x batch x location whose balance (inventory.inventory) differs from the sum of its '
'ledger rows plus its carry from detached months; empty when the books agree. Reads the whole attached '
'ledger.';
