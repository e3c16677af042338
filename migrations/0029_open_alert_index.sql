-- depends: 0028_ledger_retention
-- audit.alert_state keeps a row for every subject ever alerted (a cleared
-- alert stays, inactive, to count how often it came back), so it grows with
-- every shipment once late; the alerts still raised are a handful. The jobs
-- that clear them (ops.detect_delayed_shipments) and report.open_alerts read
-- only those.

SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

-- In the migration's transaction, CONCURRENTLY cannot run; the index is partial and small.
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX alert_state_open_idx ON audit.alert_state (tenant_id, alert_type)
WHERE active;
