-- depends: 0037_ledger_time_zone
-- A draft whose expected_at had passed could never be submitted: ordered_at
-- (now) came after it and purchase_order_expected_at_check failed with a
-- bare 23514, and nothing could change the draft's date. An imported draft
-- expected "today" (midnight) was one. api.submit_purchase_order gains
-- expected_at, the delivery date the supplier gives when the order is placed
-- (functions/api/submit_purchase_order.sql, made again in this same
-- transaction); calls without it keep working, through the default.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.submit_purchase_order(uuid, integer);
