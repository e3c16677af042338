-- Audit documents into audit.outbox: one per changed row, in the change's
-- transaction; an update carries its changed columns only; the relay's
-- claim and marks.
BEGIN;
SELECT plan(33);

CREATE TEMP VIEW audit_docs AS
SELECT
    position,
    tenant_id,
    document ->> 'entityType' AS entity_type,
    document ->> 'entityId' AS entity_id,
    document ->> 'action' AS action,
    document ->> 'actorId' AS actor_id,
    document -> 'old' AS old,
    document -> 'new' AS new
FROM audit.outbox WHERE kind = 'audit';

DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant(), '00000000-0000-7000-8000-000000000002');
    PERFORM test_support.remember('bolt', api.create_product('BOLT-1', 'Bolt', unit => 'ea'));
END
$$;

SELECT results_eq(
    $$SELECT entity_type, entity_id, action, actor_id FROM audit_docs WHERE entity_type = 'catalog.product'$$,
    $$VALUES ('catalog.product', test_support.id('bolt')::text, 'insert',
              '00000000-0000-7000-8000-000000000002')$$,
    'an insert is one audit document naming table, row, action and actor'
);
SELECT results_eq(
    $$SELECT new ->> 'sku', new ->> 'name', new -> 'description', old IS NULL
      FROM audit_docs WHERE entity_id = test_support.id('bolt')::text$$,
    $$VALUES ('BOLT-1', 'Bolt', 'null'::jsonb, true)$$,
    'an insert carries the row''s values as new, NULLs included, and no old'
);
SELECT ok(
    (
        SELECT not(new ?| ARRAY['updated_at', 'version', 'search'])
        FROM audit_docs WHERE entity_id = test_support.id('bolt')::text
    ),
    'an insert leaves out the bookkeeping columns'
);
SELECT is(
    (SELECT tenant_id FROM audit_docs WHERE entity_id = test_support.id('bolt')::text),
    test_support.default_tenant(),
    'the outbox row names the row''s tenant'
);
SELECT is(
    (SELECT collection FROM audit.outbox WHERE document ->> 'entityId' = test_support.id('bolt')::text),
    'audit_logs',
    'audit documents go to audit_logs'
);

DO $$ BEGIN PERFORM api.update_product(test_support.id('bolt'), 1, name => 'Hex bolt'); END $$;
SELECT results_eq(
    $$SELECT old, new FROM audit_docs
      WHERE entity_id = test_support.id('bolt')::text AND action = 'update'$$,
    $$VALUES ('{"name": "Bolt"}'::jsonb, '{"name": "Hex bolt"}'::jsonb)$$,
    'an update carries old and new of the changed columns only'
);

UPDATE catalog.product SET name = name WHERE id = test_support.id('bolt');
SELECT is(
    (SELECT count(*)::int FROM audit_docs WHERE entity_id = test_support.id('bolt')::text),
    2,
    'an update that changes nothing audited (only updated_at) writes no document'
);

UPDATE catalog.product SET description = 'M8' WHERE id = test_support.id('bolt');
UPDATE catalog.product SET description = NULL WHERE id = test_support.id('bolt');
SELECT is(
    (
        SELECT old || jsonb_build_object('new', new) FROM audit_docs
        WHERE entity_id = test_support.id('bolt')::text ORDER BY position DESC LIMIT 1
    ),
    '{"description": "M8", "new": {"description": null}}'::jsonb,
    'a value set to NULL is a change with new null'
);

DO $$ BEGIN PERFORM test_support.remember('leaf', api.create_category('Leaf')); END $$;
DELETE FROM catalog.product_category WHERE id = test_support.id('leaf');
SELECT results_eq(
    $$SELECT action, old ->> 'name', new ->> 'name' FROM audit_docs
      WHERE entity_id = test_support.id('leaf')::text ORDER BY position$$,
    $$VALUES ('insert', NULL, 'Leaf'), ('delete', 'Leaf', NULL)$$,
    'a delete carries the old values'
);

INSERT INTO warehouse.warehouse (tenant_id, code, name)
SELECT
    test_support.default_tenant() AS tenant_id,
    'BULK' || g AS code,
    'Bulk ' || g AS name
FROM generate_series(1, 3) AS g;
SELECT is(
    (
        SELECT count(*)::int
        FROM audit_docs WHERE
            entity_type = 'warehouse.warehouse' AND action = 'insert'
            AND new ->> 'code' LIKE 'BULK%'
    ),
    3,
    'one statement inserting three rows writes three documents'
);

INSERT INTO auth.app_user (tenant_id, email, role, password_hash)
VALUES (test_support.default_tenant(), 'ann@example.com', 'admin', '$2b$10$abcdefghijklmnopqrstuv');
SELECT is(
    (SELECT new ->> 'password_hash' FROM audit_docs WHERE entity_type = 'auth.app_user'),
    '[redacted]',
    'a password hash never leaves the database, only that it was set'
);
UPDATE auth.app_user SET password_hash = '$2b$10$zyxwvutsrqponmlkjihgfe' WHERE email = 'ann@example.com';
SELECT results_eq(
    $$SELECT old, new FROM audit_docs WHERE entity_type = 'auth.app_user' AND action = 'update'$$,
    $$VALUES ('{"password_hash": "[redacted]"}'::jsonb, '{"password_hash": "[redacted]"}'::jsonb)$$,
    'a changed password hash is an update that shows neither hash'
);

DO $$ BEGIN PERFORM test_support.remember('t2', test_support.make_tenant('other')); END $$;
SELECT is(
    (SELECT tenant_id FROM audit_docs WHERE entity_type = 'auth.tenant'),
    test_support.id('t2'),
    'a tenant row is audited under its own id'
);

DO $$ BEGIN PERFORM set_config('stockdb.user_id', '', true); END $$;
UPDATE catalog.product SET name = 'Bolt M8' WHERE id = test_support.id('bolt');
SELECT is(
    (SELECT document -> 'actorId' FROM audit.outbox WHERE kind = 'audit' ORDER BY position DESC LIMIT 1),
    'null'::jsonb,
    'without a user in the context the actor is null'
);
DO $$
BEGIN
    PERFORM api.set_context(test_support.default_tenant(), '00000000-0000-7000-8000-000000000002');
END
$$;

-- A failed call leaves no document: the outbox shares the change's fate.
CREATE TEMP TABLE counted AS SELECT count(*) AS n FROM audit.outbox;
SELECT throws_ok(
    $$SELECT api.create_product('BOLT-1', 'Duplicate')$$,
    NULL, NULL, 'a failing create_product'
);
SELECT is((SELECT count(*) FROM audit.outbox), (SELECT n FROM counted), 'leaves the outbox as it was');

-- Which tables are audited: every business table but those with a reason
-- (triggers/audit/row_change.sql says why).
SELECT is_empty(
    $$SELECT c.oid::regclass::text
      FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname IN ('auth', 'catalog', 'warehouse', 'inventory', 'procurement', 'sales',
                          'logistics', 'planning')
        AND c.oid::regclass::text NOT IN ('inventory.stock_movement', 'inventory.inventory', 'inventory.ledger_carry',
            'inventory.ledger_time_zone', 'inventory.movement_request', 'inventory.capacity_gate', 'catalog.search_word', 'catalog.unit',
            'auth.refresh_token', 'auth.api_permission', 'sales.sales_order_item_batch')
        AND (SELECT count(*) FROM pg_trigger AS t
             WHERE t.tgrelid = c.oid AND t.tgname LIKE '\_900\_audit\_%') <> 3$$,
    'every business table has its three audit triggers, apart from the listed exceptions'
);
SELECT is_empty(
    $$SELECT t.tgrelid::regclass::text FROM pg_trigger AS t
      WHERE t.tgname LIKE '\_900\_audit\_%'
        AND t.tgrelid::regclass::text IN ('inventory.stock_movement', 'inventory.inventory')$$,
    'the ledger and the balances are not audited (the ledger is the record of stock changes)'
);

-- The relay's side.
SELECT throws_ok(
    'SELECT * FROM audit.claim_outbox(0)', '22023', 'batch_size must be between 1 and 10000',
    'claim_outbox refuses a batch of 0'
);
CREATE TEMP TABLE claimed AS SELECT * FROM audit.claim_outbox(3);
SELECT is(
    (SELECT array_agg(queue_position ORDER BY queue_position) FROM claimed),
    (SELECT (array_agg(position ORDER BY position))[1:3] FROM audit.outbox),
    'claim_outbox hands out the oldest rows in delivery order'
);
SELECT is(
    audit.mark_failed((SELECT array_agg(id) FROM claimed), 'MongoDB: connection refused'), 3::bigint,
    'mark_failed counts the rows it marked'
);
SELECT results_eq(
    $$SELECT attempts, last_error, delivered_at IS NULL FROM audit.outbox WHERE id IN (SELECT id FROM claimed)$$,
    $$VALUES (1, 'MongoDB: connection refused', true), (1, 'MongoDB: connection refused', true),
             (1, 'MongoDB: connection refused', true)$$,
    'a failed delivery counts an attempt, keeps the error and leaves the rows waiting'
);
SELECT is(audit.mark_delivered((SELECT array_agg(id) FROM claimed)), 3::bigint, 'mark_delivered marks them');
SELECT is(
    audit.mark_delivered((SELECT array_agg(id) FROM claimed)), 0::bigint,
    'marking delivered rows again changes nothing'
);
SELECT results_eq(
    $$SELECT collection, pending, delivered FROM audit.outbox_status() WHERE collection = 'audit_logs'$$,
    $$SELECT 'audit_logs'::text, count(*) FILTER (WHERE delivered_at IS NULL),
             count(*) FILTER (WHERE delivered_at IS NOT NULL)
      FROM audit.outbox WHERE collection = 'audit_logs'$$,
    'outbox_status counts waiting and delivered rows'
);

-- Every figure, against a count of its own for each (as outbox_status made
-- them before 0073): rows that failed twice and once, with the newer error
-- shown; two parked, with the later one's error; rows delivered; and a
-- collection with no row at all.
CREATE TEMP TABLE tried AS SELECT * FROM audit.claim_outbox(4);
DO $$
BEGIN
    PERFORM audit.mark_failed((SELECT array_agg(id) FROM tried), 'MongoDB: timed out');
    PERFORM audit.mark_failed(
        (SELECT array_agg(id) FROM tried WHERE queue_position = (SELECT min(queue_position) FROM tried)),
        'MongoDB: not primary');
    PERFORM audit.park_outbox((SELECT id FROM tried ORDER BY queue_position DESC LIMIT 1), 'document too large');
    PERFORM audit.park_outbox((SELECT id FROM tried ORDER BY queue_position DESC LIMIT 1 OFFSET 1), 'bad key');
END
$$;
SELECT results_eq(
    $$SELECT * FROM audit.outbox_status()$$,
    $$SELECT
        c.collection,
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL),
        (SELECT min(o.created_at) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL),
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL AND o.attempts > 0),
        (SELECT o.last_error FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL
           AND o.last_error IS NOT NULL
         ORDER BY o.last_attempt_at DESC LIMIT 1),
        (SELECT count(*) FROM audit.outbox AS o WHERE o.collection = c.collection AND o.delivered_at IS NOT NULL),
        (SELECT max(o.delivered_at) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NOT NULL),
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NOT NULL),
        (SELECT o.last_error FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NOT NULL
         ORDER BY o.parked_at DESC LIMIT 1)
      FROM (VALUES (1, 'audit_logs'), (2, 'alerts')) AS c (place, collection)
      ORDER BY c.place$$,
    'outbox_status gives each figure per collection, audit_logs first, as counted one by one'
);
SELECT results_eq(
    $$SELECT pending > 0, failing, last_error, delivered, last_delivered_at IS NOT NULL, parked, last_parked_error
      FROM audit.outbox_status()$$,
    $$VALUES (true, 2::bigint, 'MongoDB: not primary'::text, 3::bigint, true, 2::bigint, 'bad key'::text),
             (false, 0::bigint, NULL, 0::bigint, false, 0::bigint, NULL)$$,
    'the rows the test set up are there to count: two failing, the newest errors, three delivered, two parked, no alert'
);

-- MongoDB takes documents up to 16 MB: a row past 1 MB goes with its values
-- past 64 kB replaced, which an 18 MB document no relay could deliver was.
-- No product row reaches 1 MB since 0059 bounded attributes to 64 KiB (the
-- api refuses them first); the omission is checked without that CHECK, with
-- the rows written as a writer past the api would.
ALTER TABLE catalog.product DROP CONSTRAINT product_attributes_size_check;
DO $$
BEGIN
    INSERT INTO catalog.product (tenant_id, sku, name, description, attributes)
    VALUES (
        test_support.default_tenant(), 'BIG-1', 'Big', 'kept',
        jsonb_build_object('blob', (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 40000) AS g))
    );
    PERFORM test_support.remember('big', (SELECT id FROM catalog.product WHERE sku = 'BIG-1'));
    UPDATE catalog.product
    SET attributes = jsonb_build_object('blob', (SELECT string_agg(md5(g::text), '') FROM generate_series(2, 40001) AS g))
    WHERE id = test_support.id('big');
END
$$;
SELECT results_eq(
    format(
        $$SELECT action, new ->> 'sku', new ->> 'description', new -> 'attributes' ->> 'omitted',
                 (new -> 'attributes' ->> 'bytes')::int, new -> 'attributes' ->> 'md5'
          FROM audit_docs WHERE entity_id = %L AND action = 'insert'$$,
        test_support.id('big')
    ),
    $$SELECT 'insert', 'BIG-1', 'kept', 'too large for the audit log', octet_length(b.blob::text), md5(b.blob::text)
      FROM (
          SELECT jsonb_build_object('blob', string_agg(md5(g::text), '')) AS blob FROM generate_series(1, 40000) AS g
      ) AS b$$,
    'a row of 1.3 MB keeps its small values and shows a large one as its size and md5'
);
SELECT results_eq(
    format(
        $$SELECT old -> 'attributes' ->> 'omitted', new -> 'attributes' ->> 'omitted',
                 old -> 'attributes' ->> 'md5' <> new -> 'attributes' ->> 'md5'
          FROM audit_docs WHERE entity_id = %L AND action = 'update'$$,
        test_support.id('big')
    ),
    $$VALUES ('too large for the audit log', 'too large for the audit log', TRUE)$$,
    'an update of a large value shows both sides that way, told apart by their md5'
);
SELECT cmp_ok(
    (SELECT max(octet_length(document::text)) FROM audit.outbox WHERE document ->> 'entityId' = test_support.id('big')::text),
    '<', 4096, 'so those documents stay small'
);
UPDATE catalog.product SET attributes = jsonb_build_object('blob', repeat('x', 900000))
WHERE id = test_support.id('big');
SELECT is(
    (
        SELECT length(new -> 'attributes' ->> 'blob') FROM audit_docs
        WHERE entity_id = test_support.id('big')::text ORDER BY position DESC LIMIT 1
    ),
    900000,
    'a row under 1 MB goes whole, even with a value past 64 kB'
);
-- No user row reaches 1 MB since 0058 bounded display_name; the redaction
-- of one that does (a wider column added later) is checked without its CHECK.
ALTER TABLE auth.app_user DROP CONSTRAINT app_user_display_name_length_check;
INSERT INTO auth.app_user (tenant_id, email, display_name, role, password_hash)
VALUES (test_support.default_tenant(), 'big@example.com', repeat('n', 1100000), 'admin', '$2b$10$abcdefghijklmnopqrstuv');
SELECT results_eq(
    $$SELECT new ->> 'password_hash', new -> 'display_name' ->> 'omitted' FROM audit_docs
      WHERE entity_type = 'auth.app_user' AND new ->> 'email' = 'big@example.com'$$,
    $$VALUES ('[redacted]', 'too large for the audit log')$$,
    'a large row''s password hash is still redacted'
);
SELECT unalike(
    test_support.plan_of($$SELECT audit.redact(to_jsonb(t)) FROM auth.tenant AS t$$),
    '%within_document_limit%',
    'audit.redact and its size check are inlined into the audit triggers'' statements'
);

SELECT * FROM finish();
ROLLBACK;
