-- depends: 0063_ascii_descriptions
-- What a report reads changed: a row of its own for each, inserted by the
-- statement triggers (triggers/ops/reports_dirty.sql) where they updated the
-- report's row of ops.report_refresh. The first movement after a refresh held
-- those rows to its commit, and every other movement of the database, of any
-- tenant, waited for it: behind an application's transaction left open, or
-- an opening-stock import applying 100k rows, they failed at the api's
-- lock_timeout. Inserts wait for no one. ops.refresh_reports() takes a report
-- with a change as it took a dirty one, and deletes the changes it saw.
SET LOCAL lock_timeout = '10s';
SET LOCAL statement_timeout = '5min';

CREATE TABLE ops.report_change (
    id bigint GENERATED ALWAYS AS IDENTITY,
    report_name text NOT NULL,
    CONSTRAINT report_change_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE ops.report_change IS
'A change to what a report reads, not yet refreshed: inserted by statement triggers (the first statement to '
'find none for its report, so a few at most), deleted by ops.refresh_reports() when it refreshes the report.';

COMMENT ON TABLE ops.report_refresh IS
'One row per refreshed report: ops.refresh_reports() refreshes it when ops.report_change holds a change for '
'it, or dirty is set (by a refresh that did not settle or failed), and skips it otherwise; horizon is the '
'earliest time a transaction still running at the last refresh could have written at (incremental reports).';
