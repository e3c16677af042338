"""Maintenance jobs by hand: the same procedures pg_cron runs.

Which jobs exist and what each runs is ops.cron_job's business; how each run
went is ops.maintenance_run's (and pg_cron's job_run_details where pg_cron
runs). This module only reads those and calls the command.
"""

from __future__ import annotations

import time

import psycopg

from .db import connect
from .errors import StockdbError

JOBS = """
    SELECT j.job_name, j.schedule, j.enabled, j.command, j.description
    FROM ops.cron_job AS j ORDER BY j.job_name
"""

LAST_RUNS = """
    SELECT j.job_name, j.schedule, j.enabled, r.id, r.started_at, r.finished_at, r.status,
           round(extract(epoch FROM r.finished_at - r.started_at) * 1000)::bigint AS duration_ms,
           r.detail
    FROM ops.cron_job AS j
    LEFT JOIN LATERAL (
        SELECT * FROM ops.maintenance_run AS m WHERE m.job_name = j.job_name
        ORDER BY m.started_at DESC, m.id DESC LIMIT 1
    ) AS r ON true
    ORDER BY j.job_name
"""

# pg_cron's own record, in the one database it runs jobs in.
CRON_RUNS = """
    SELECT substr(j.jobname, 9) AS job_name, d.status, d.return_message, d.start_time, d.end_time
    FROM cron.job AS j
    JOIN LATERAL (
        SELECT * FROM cron.job_run_details AS x WHERE x.jobid = j.jobid
        ORDER BY x.start_time DESC LIMIT 1
    ) AS d ON true
    WHERE j.jobname LIKE 'stockdb-%%' AND j.database = current_database()
"""


def list_jobs(url: str) -> list[dict]:
    with connect(url) as conn:
        cur = conn.execute(JOBS)
        names = [c.name for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def status(url: str) -> list[dict]:
    with connect(url) as conn:
        cur = conn.execute(LAST_RUNS)
        names = [c.name for c in cur.description]
        jobs = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        # NULL when this login may not read cron.database_name (pg_read_all_settings):
        # it gets ops.maintenance_run's record without pg_cron's, as does a database a
        # newer stockdb has not migrated yet.
        has_cron = bool(conn.execute(
            "SELECT to_regprocedure('ops.pg_cron_runs_here()') IS NOT NULL").fetchone()[0]
            and conn.execute("SELECT ops.pg_cron_runs_here()").fetchone()[0])
        cron = {}
        if has_cron:
            for name, state, message, start, end in conn.execute(CRON_RUNS).fetchall():
                cron[name] = {"status": state, "message": message,
                              "start_time": start, "end_time": end}
    for job in jobs:
        job["pg_cron_last_run"] = cron.get(job["job_name"]) if has_cron else None
    return jobs


def run(url: str, job_name: str) -> dict:
    """Run one job's command now; its outcome is the run it recorded."""
    with connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT command FROM ops.cron_job WHERE job_name = %s", [job_name]).fetchone()
        if row is None:
            jobs = conn.execute("SELECT job_name FROM ops.cron_job ORDER BY 1").fetchall()
            known = ", ".join(r[0] for r in jobs)
            raise StockdbError(f"no maintenance job {job_name!r} (jobs: {known})")
        notices: list[str] = []
        conn.add_notice_handler(lambda d: notices.append(f"{d.severity}: {d.message_primary}"))
        before = conn.execute("SELECT coalesce(max(id), 0) FROM ops.maintenance_run").fetchone()[0]
        started = time.monotonic()
        conn.execute(row[0])
        elapsed = time.monotonic() - started
        cur = conn.execute(
            "SELECT id, status, detail FROM ops.maintenance_run WHERE job_name = %s AND id > %s "
            "ORDER BY id DESC LIMIT 1", [job_name, before])
        recorded = cur.fetchone()
    return {
        "job_name": job_name, "command": row[0], "seconds": round(elapsed, 3),
        "run_id": recorded[0] if recorded else None,
        "status": recorded[1] if recorded else "skipped",
        "detail": recorded[2] if recorded else {},
        "notices": notices,
    }


RETENTION = """
    SELECT r.keep_months, r.updated_at,
           coalesce((SELECT jsonb_agg(jsonb_build_object(
                         'table', d.table_name, 'from', d.range_from, 'to', d.range_to,
                         'rows', d.row_count, 'detached_at', d.detached_at,
                         -- archived and dropped by a DBA since: listed, as the rollback needs it
                         'dropped', to_regclass(d.table_name) IS NULL) ORDER BY d.range_from)
                     FROM ops.detached_ledger_month AS d), '[]') AS detached
    FROM ops.ledger_retention AS r
"""


def retention(url: str, keep_months: int | None = None, change: bool = False) -> dict:
    """The ledger's retention and its detached months; with change, set keep_months first
    (ops.set_ledger_retention judges it)."""
    with connect(url, autocommit=True) as conn:
        if change:
            # As an integer: a number past one went as a bigint, and the call
            # failed with "function ops.set_ledger_retention(bigint) does not exist".
            conn.execute("SELECT ops.set_ledger_retention(%s::integer)", [keep_months])
        cur = conn.execute(RETENTION)
        names = [c.name for c in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def backup_verdict(url: str) -> dict | None:
    """ops.backup_verdict(): status, detail and hint, as ops.check_health's backup line has
    them; None on a database without it."""
    with connect(url) as conn:
        if conn.execute("SELECT to_regprocedure('ops.backup_verdict()') IS NULL").fetchone()[0]:
            return None
        cur = conn.execute("SELECT status, detail, hint FROM ops.backup_verdict()")
        names = [c.name for c in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def describe_backup_verdict(v: dict) -> str:
    line = f"backup: {v['status']}: {v['detail']}"
    if v["hint"]:
        line += f" (next: {v['hint']})"
    return line


def integrity_findings(conn: psycopg.Connection) -> list[tuple[str, dict]]:
    """Run ops.check_integrity() now and return its findings (check name, subject)."""
    conn.execute("CALL ops.check_integrity()")
    return conn.execute(
        "SELECT r.check_name, r.subject FROM ops.integrity_check_result AS r "
        "WHERE r.run_id = (SELECT max(m.id) FROM ops.maintenance_run AS m "
        "WHERE m.job_name = 'check-integrity')"
    ).fetchall()
