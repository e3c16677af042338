-- depends: 0038_submit_purchase_order_expected_at
-- No api call set logistics.shipment.expected_delivery_at, so a shipment made
-- through the api was never late: report.shipment_delays and the
-- shipment_delayed alert saw only rows written by hand. api.ship_sales_order
-- gains expected_delivery_at, the carrier's promise
-- (functions/api/ship_sales_order.sql, made again in this same transaction);
-- calls without it keep working, through the default.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS api.ship_sales_order(text, uuid, text, text);
