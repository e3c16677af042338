-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0006_procurement created is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE procurement.purchase_order_item;
DROP TABLE procurement.purchase_order;
DROP TABLE procurement.supplier;
DROP TYPE procurement.po_status;
