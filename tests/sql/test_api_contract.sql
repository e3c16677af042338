-- DESIGN.md's api contract, as applications call it: each function it names
-- exists with its arguments' names in the order it gives them, every argument
-- after those has a default (so a call written from the contract resolves), the
-- defaults it gives, and the result it says. Other tests call the functions;
-- this one holds their signatures to the contract, which outside checks read.
BEGIN;
SELECT plan(101);

CREATE TEMP TABLE contract (name text, arguments text[], result text) ON COMMIT DROP;
INSERT INTO contract VALUES
('create_warehouse', '{code,name}', 'uuid'),
('create_location', '{warehouse_id,code}', 'uuid'),
('create_product', '{sku,name,category_id,unit}', 'uuid'),
('create_category', '{name,parent_id}', 'uuid'),
('create_supplier', '{code,name}', 'uuid'),
('create_customer', '{code,name,email}', 'uuid'),
('create_carrier', '{code,name}', 'uuid'),
(
    'receive_stock',
    '{idempotency_key,product_id,location_id,quantity,batch_number,expiry_date,manufacture_date,unit_cost_minor}',
    'uuid'
),
(
    'record_movement',
    '{idempotency_key,movement_type,product_id,location_id,quantity,batch_id,reason}', 'uuid'
),
(
    'transfer_stock',
    '{idempotency_key,product_id,from_location_id,to_location_id,quantity,batch_id}', 'uuid'
),
(
    'count_stock',
    '{idempotency_key,product_id,location_id,batch_id,counted_quantity,reason}', 'uuid'
),
(
    'reserve_stock',
    '{idempotency_key,product_id,warehouse_id,quantity,reference,expires_at}', 'uuid'
),
('release_reservation', '{idempotency_key,reservation_id}', 'void'),
('fulfil_reservation', '{idempotency_key,reservation_id}', 'uuid[]'),
(
    'stock_level', '{product_id,warehouse_id}',
    'TABLE(on_hand numeric, reserved numeric, available numeric)'
),
('create_purchase_order', '{}', 'uuid'),
('add_purchase_order_item', '{}', 'uuid'),
('submit_purchase_order', '{}', NULL),
(
    'receive_purchase_order_item',
    '{idempotency_key,item_id,location_id,quantity,batch_number,expiry_date}', 'uuid'
),
('cancel_purchase_order', '{}', NULL),
('create_sales_order', '{idempotency_key,customer_id,lines}', 'uuid'),
('approve_sales_order', '{order_id,version}', NULL),
('reserve_sales_order', '{idempotency_key,order_id,warehouse_id}', NULL),
('ship_sales_order', '{idempotency_key,order_id,carrier,tracking_number}', NULL),
('cancel_sales_order', '{order_id,version,reason}', NULL),
('add_tracking_event', '{shipment_id,status,location,occurred_at,details}', NULL),
('search_products', '{query,limit_rows}', NULL),
('set_context', '{tenant_id,user_id}', 'void');

CREATE TEMP VIEW signature AS
SELECT
    c.name,
    c.arguments,
    c.result,
    p.returns,
    p.names,
    p.required,
    (
        SELECT count(*) FROM pg_proc AS o
        WHERE o.proname = c.name AND o.pronamespace = 'api'::regnamespace
    ) AS overloads
FROM contract AS c
LEFT JOIN LATERAL (
    SELECT
        pg_get_function_result(f.oid) AS returns,
        f.proargnames[1:f.pronargs] AS names,
        f.pronargs - f.pronargdefaults AS required
    FROM pg_proc AS f
    WHERE f.proname = c.name AND f.pronamespace = 'api'::regnamespace
    ORDER BY f.oid LIMIT 1
) AS p ON TRUE;

-- One function of each name: named notation would find two ambiguous.
SELECT is(overloads, 1::bigint, format('api.%s exists, once', name)) FROM signature;

SELECT is(
    names[1:cardinality(arguments)], arguments,
    format('api.%s takes %s in that order', name, array_to_string(arguments, ', '))
) FROM signature WHERE cardinality(arguments) > 0;

SELECT cmp_ok(
    required::integer, '<=', cardinality(arguments),
    format('api.%s needs no argument the contract does not name', name)
) FROM signature WHERE cardinality(arguments) > 0;

SELECT is(returns, result, format('api.%s returns %s', name, result))
FROM signature WHERE result IS NOT NULL;

SELECT ok(
    pg_get_function_arguments('api.create_category'::regproc) LIKE '%parent_id uuid DEFAULT NULL%',
    'api.create_category''s parent_id defaults to NULL'
);
SELECT ok(
    pg_get_function_arguments('api.stock_level'::regproc) LIKE '%warehouse_id uuid DEFAULT NULL%',
    'api.stock_level''s warehouse_id defaults to NULL'
);
SELECT ok(
    pg_get_function_arguments('api.search_products'::regproc) LIKE '%limit_rows integer DEFAULT 20',
    'api.search_products''s limit_rows defaults to 20'
);
SELECT ok(
    pg_get_function_arguments('api.create_product'::regproc)
    ~ all(ARRAY[
        'reorder_point numeric DEFAULT', 'safety_stock_level numeric DEFAULT',
        'min_stock_level numeric DEFAULT', 'lead_time_days integer DEFAULT'
    ]),
    'api.create_product takes reorder_point, safety_stock_level, min_stock_level and lead_time_days as optional'
);

-- "Every movement-producing function takes idempotency_key text first",
-- quantities are numeric and money bigint minor units with a char(3) currency.
SELECT is_empty(
    $$SELECT p.proname, a.name, format_type(a.type, NULL), a.position
      FROM pg_proc AS p
      CROSS JOIN LATERAL unnest(p.proargnames [1:p.pronargs], p.proargtypes::oid [])
          WITH ORDINALITY AS a (name, type, position)
      WHERE p.pronamespace = 'api'::regnamespace
        AND (a.name = 'idempotency_key' AND (a.position <> 1 OR a.type <> 'text'::regtype)
          OR (a.name = 'quantity' OR a.name LIKE '%\_quantity') AND a.type <> 'numeric'::regtype
          OR a.name LIKE '%\_minor' AND a.type <> 'bigint'::regtype
          OR a.name = 'currency' AND a.type <> 'bpchar'::regtype)$$,
    'every idempotency_key is the first argument and text; quantities are numeric, money bigint, currency char'
);

SELECT * FROM finish();
ROLLBACK;
