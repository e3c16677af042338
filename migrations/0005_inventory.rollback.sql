-- squawk-ignore-file ban-drop-table, ban-drop-type, ban-drop-function
-- Dropping what 0005_inventory created is the purpose of this file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP TABLE inventory.reservation_line;
DROP TABLE inventory.reservation;
DROP TABLE inventory.movement_request;
-- pg_partman's bookkeeping for the ledger goes with it.
DELETE FROM partman.part_config WHERE parent_table = 'inventory.stock_movement';
DROP TABLE partman.template_inventory_stock_movement;
DROP TABLE inventory.stock_movement;
DROP TABLE inventory.inventory;
DROP TYPE inventory.reservation_status;
DROP TYPE inventory.stock_movement_type;
