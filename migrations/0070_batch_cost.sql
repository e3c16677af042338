-- depends: 0069_import_content_key
-- A lot is valued at one cost (report.stock_valuation, by specific
-- identification), and api.update_batch now corrects it: it gains two last
-- arguments, unit_cost_minor and currency, which changes its signature, and
-- its repeatable file makes it again in this same migrate. Calls without them
-- keep working, through their defaults.

-- squawk-ignore-file ban-drop-function
-- Waived: a new argument changes the function's signature, which CREATE OR
-- REPLACE cannot do. IF EXISTS: a fresh database runs every migration before
-- any repeatable file.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

DROP FUNCTION IF EXISTS api.update_batch(uuid, integer, date, date, text[]);
