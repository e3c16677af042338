-- Every change of a business row becomes an audit document in the outbox,
-- in the same transaction: an insert carries the row as new, a delete as
-- old, an update the changed columns' old and new values. Statement
-- triggers with transition tables, so a bulk import pays one
-- INSERT ... SELECT per statement, not one per row; to_jsonb runs once per
-- row (OFFSET 0 keeps the planner from copying it into every use).
-- Not audited, on purpose: the ledger (inventory.stock_movement is
-- append-only and is itself the record of every stock change, with its
-- actor), the totals derived from it (the balances, inventory.inventory
-- and inventory.ledger_carry for its detached months; what each sales
-- order line shipped and took back, sales.sales_order_item_batch),
-- idempotency keys (inventory.movement_request), the capacity gates (a
-- turn-taking device, inventory.capacity_gate), the search vocabulary,
-- refresh tokens, reference data (units, api permissions), staging and ops
-- bookkeeping.

CREATE OR REPLACE FUNCTION audit.tg_row_insert()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO audit.outbox (tenant_id, kind, collection, document)
    SELECT
        coalesce(r.j ->> 'tenant_id', r.j ->> 'id')::uuid, 'audit', 'audit_logs',
        jsonb_build_object(
            'entityType', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            'entityId', r.j ->> 'id',
            'action', 'insert',
            'actorId', nullif(current_setting('stockdb.user_id', true), ''),
            'transactionId', pg_current_xact_id()::text,
            'new', audit.redact(r.j)
        )
    FROM (SELECT to_jsonb(n) AS j FROM new_rows AS n OFFSET 0) AS r;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION audit.tg_row_insert() IS
'AFTER INSERT statement trigger (transition table new_rows): one audit_logs document per inserted row, '
'with its values as new.';

CREATE OR REPLACE FUNCTION audit.tg_row_update()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO audit.outbox (tenant_id, kind, collection, document)
    SELECT
        coalesce(r.new_j ->> 'tenant_id', r.new_j ->> 'id')::uuid, 'audit', 'audit_logs',
        jsonb_build_object(
            'entityType', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            'entityId', r.new_j ->> 'id',
            'action', 'update',
            'actorId', nullif(current_setting('stockdb.user_id', true), ''),
            'transactionId', pg_current_xact_id()::text,
            'old', audit.redact(d.old_values),
            'new', audit.redact(d.new_values)
        )
    FROM (
        -- Paired by id as rows, and only then made documents: joined as
        -- documents, both sides were sorted on a jsonb key (two 90 MB sorts
        -- on disk for 100,000 price updates).
        SELECT to_jsonb(n) AS new_j, to_jsonb(o) AS old_j
        FROM new_rows AS n
        JOIN old_rows AS o ON o.id = n.id
        OFFSET 0
    ) AS r
    CROSS JOIN LATERAL (
        -- Compared before redaction, so a changed password hash is a change.
        SELECT
            jsonb_object_agg(e.key, r.old_j -> e.key) AS old_values,
            jsonb_object_agg(e.key, e.value) AS new_values
        FROM jsonb_each(r.new_j - '{updated_at,version,search,email_key}'::text[]) AS e
        WHERE (r.old_j -> e.key) IS DISTINCT FROM e.value
    ) AS d
    -- An update that only touched bookkeeping columns is not an event.
    WHERE d.new_values IS NOT NULL;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION audit.tg_row_update() IS
'AFTER UPDATE statement trigger (old_rows, new_rows): one audit_logs document per row whose audited '
'columns changed, with their values before (old) and after (new).';

CREATE OR REPLACE FUNCTION audit.tg_row_delete()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO audit.outbox (tenant_id, kind, collection, document)
    SELECT
        coalesce(r.j ->> 'tenant_id', r.j ->> 'id')::uuid, 'audit', 'audit_logs',
        jsonb_build_object(
            'entityType', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            'entityId', r.j ->> 'id',
            'action', 'delete',
            'actorId', nullif(current_setting('stockdb.user_id', true), ''),
            'transactionId', pg_current_xact_id()::text,
            'old', audit.redact(r.j)
        )
    FROM (SELECT to_jsonb(o) AS j FROM old_rows AS o OFFSET 0) AS r;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION audit.tg_row_delete() IS
'AFTER DELETE statement trigger (transition table old_rows): one audit_logs document per deleted row, '
'with its last values as old.';

-- The audited tables. test_audit_triggers holds every business table to this
-- list or to the exclusions above.
DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY[
        'auth.tenant', 'auth.app_user',
        'catalog.product_category', 'catalog.product', 'catalog.product_batch',
        'warehouse.warehouse', 'warehouse.location',
        'inventory.reservation', 'inventory.reservation_line',
        'procurement.supplier', 'procurement.purchase_order', 'procurement.purchase_order_item',
        'sales.customer', 'sales.sales_order', 'sales.sales_order_item',
        'logistics.carrier', 'logistics.shipment', 'logistics.shipment_item',
        'logistics.shipment_tracking_event',
        'planning.demand_forecast'
    ]
    LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER _900_audit_insert AFTER INSERT ON %s '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert()',
            v_table
        );
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER _900_audit_update AFTER UPDATE ON %s '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update()',
            v_table
        );
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER _900_audit_delete AFTER DELETE ON %s '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete()',
            v_table
        );
    END LOOP;
END
$$;
