"""stockdb check: the DBA's verdict on an install, from ops.check_health() and the checkout."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import psycopg
import pytest
from helpers import DEFAULT_TENANT, run_cli
from psycopg.conninfo import make_conninfo

from stockdb import health


def _lines(stdout: str) -> dict[str, str]:
    """check name -> status, from the human output."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("ok", "warning", "failed"):
            rows[parts[1]] = parts[0]
    return rows


def _integrity_runs(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT count(*) FROM ops.maintenance_run WHERE job_name = 'check-integrity'"
        ).fetchone()[0]


def test_a_fresh_install_passes_and_the_integrity_check_runs_first(fresh_db):
    result = run_cli("check", env={"DATABASE_URL": fresh_db})
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = _lines(result.stdout)
    assert list(statuses) == ["schema", "disk", "extensions", "scheduler", "job_timeouts",
                              "maintenance", "integrity", "ledger_partitions", "indexes",
                              "wal_archive", "backup", "leftover_databases", "outbox",
                              "text_locale"]
    assert statuses["schema"] == "ok"
    # The test cluster's own disk: a machine's, judged by test_the_disk_check_* below.
    full = statuses["disk"] == "warning"
    assert statuses["integrity"] == "ok", result.stdout
    # A test database is not the one pg_cron runs in, and has no backup.
    assert statuses["scheduler"] == statuses["backup"] == "warning"
    assert "hint: stockdb backup create" in result.stdout
    assert "running ops.check_integrity()" in result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"checks: {12 - full} ok, {2 + full} warning(s), 0 failed")
    assert _integrity_runs(fresh_db) == 1


def test_skip_integrity_judges_the_last_run_without_running_one(fresh_db):
    result = run_cli("check", "--skip-integrity", "--json", env={"DATABASE_URL": fresh_db})
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["integrity_run"] is False
    integrity = next(c for c in report["checks"] if c["check_name"] == "integrity")
    assert integrity["status"] == "warning"
    assert integrity["detail"] == "ops.check_integrity() has never run"
    assert report["counts"]["failed"] == 0
    assert sum(report["counts"].values()) == len(report["checks"]) == 14
    assert _integrity_runs(fresh_db) == 0


def test_a_balance_that_disagrees_with_its_ledger_fails_the_check(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        wh = conn.execute("SELECT api.create_warehouse('W', 'Main')").fetchone()[0]
        loc = conn.execute("SELECT api.create_location(%s, 'A1')", [wh]).fetchone()[0]
        product = conn.execute("SELECT api.create_product(sku => 'P', name => 'P')").fetchone()[0]
        conn.execute("SELECT api.receive_stock('in-1', %s, %s, 5)", [product, loc])
        conn.commit()
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE inventory.inventory SET on_hand = on_hand + 1")
    result = run_cli("check", env={"DATABASE_URL": fresh_db})
    assert result.returncode == 1
    assert _lines(result.stdout)["integrity"] == "failed"
    assert "1 finding(s) at " in result.stdout and "balance_equals_ledger 1" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "stockdb: check failed: integrity"
    assert "Traceback" not in result.stderr


def test_a_repeatable_file_not_applied_fails_the_schema_check(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        conn.execute("UPDATE ops.repeatable_file SET checksum = repeat('0', 64) "
                     "WHERE path = 'functions/ops/check_health.sql'")
    result = run_cli("check", "--skip-integrity", env={"DATABASE_URL": fresh_db})
    assert result.returncode == 1
    assert ("1 repeatable file(s) new, changed or with a routine or view dropped "
            "(functions/ops/check_health.sql)") in result.stdout
    assert "hint: stockdb migrate" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "stockdb: check failed: schema"


def test_a_database_never_migrated_fails_with_one_line(empty_db):
    result = run_cli("check", env={"DATABASE_URL": empty_db})
    assert result.returncode == 1
    statuses = _lines(result.stdout)
    # The server's disk is judged whatever its databases hold.
    assert statuses.pop("disk") in ("ok", "warning")
    assert statuses == {"schema": "failed"}
    assert "migration(s) pending" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "stockdb: check failed: schema"
    assert "Traceback" not in result.stderr


def test_the_maintenance_role_gets_every_check_but_the_migration_records(fresh_db):
    """A monitor may log in as stockdb_maintenance: yoyo's tables are not its to read."""
    url = make_conninfo(fresh_db, options="-c role=stockdb_maintenance")
    result = run_cli("check", "--json", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {c["check_name"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["schema"]["status"] == "warning"
    assert checks["schema"]["detail"].startswith("cannot read the migration records: ")
    assert "permission denied" in checks["schema"]["detail"]
    assert checks["integrity"]["status"] == "ok"
    assert checks["scheduler"]["detail"] == (
        "role stockdb_maintenance may not read cron.database_name")
    assert [c["status"] for c in checks.values()].count("failed") == 0


def _scheduler(conn: psycopg.Connection) -> tuple:
    return conn.execute(
        "SELECT status, detail, hint FROM ops.check_health() WHERE check_name = 'scheduler'"
    ).fetchone()


def test_in_the_database_pg_cron_runs_in_its_jobs_must_be_scheduled_and_running(cron_db):
    with psycopg.connect(cron_db, autocommit=True) as c:
        # The test cluster's scheduler ended when an earlier test dropped this
        # database (pg_cron 1.4 starts it again only with the server), so its
        # probe answers as told here; test_cluster.py judges a real one.
        c.execute("CREATE OR REPLACE FUNCTION ops.pg_cron_scheduler_running() RETURNS boolean "
                  "LANGUAGE sql AS 'SELECT false'")
        assert _scheduler(c) == (
            "failed", "pg_cron's scheduler is not running: no job starts",
            "pg_cron 1.4 ends it for good when its process is terminated (as stockdb backup "
            "restore into this database, DROP DATABASE ... WITH (FORCE) or pg_terminate_backend "
            "do). Restart PostgreSQL (the embedded cluster: stockdb db stop, then stockdb db "
            "start).",
        )
        c.execute("CREATE OR REPLACE FUNCTION ops.pg_cron_scheduler_running() RETURNS boolean "
                  "LANGUAGE sql AS 'SELECT true'")
        status, detail, hint = _scheduler(c)
        # pg_cron may start a job while the test runs: the last start is left open.
        assert (status, hint) == ("ok", None)
        assert detail.startswith("pg_cron runs the 11 enabled jobs here")

        c.execute("SELECT cron.alter_job(jobid, schedule => '0 * * * *') FROM cron.job "
                  "WHERE jobname = 'stockdb-refresh-reports'")
        assert _scheduler(c) == (
            "failed", "not scheduled as ops.cron_job lists them: refresh-reports",
            "SELECT ops.schedule_jobs() registers them with pg_cron",
        )
        c.execute("SELECT ops.schedule_jobs()")
        assert _scheduler(c)[0] == "ok"

        # A run pg_cron could not start (it logs in like any client) is in
        # its own record only.
        run = ("INSERT INTO cron.job_run_details (jobid, database, username, command, status, "
               "return_message, start_time, end_time) SELECT jobid, database, username, "
               "command, %s, %s, now() + %s::interval, now() + %s::interval FROM cron.job "
               "WHERE jobname = 'stockdb-purge-outbox'")
        c.execute(run, ["failed", "connection failed", "1 second", "1 second"])
        status, detail, hint = _scheduler(c)
        assert status == "failed"
        assert detail.startswith("pg_cron's last run failed: purge-outbox at ")
        assert detail.endswith(": connection failed")
        assert hint.startswith("cron.job_run_details has every run")
        c.execute(run, ["succeeded", "CALL", "2 seconds", "2 seconds"])
        assert _scheduler(c)[0] == "ok"

        # A job switched off need not be scheduled. Left: one hourly job, at a
        # minute half an hour away, so pg_cron starts nothing while we look.
        c.execute("UPDATE ops.cron_job SET enabled = (job_name = 'partition-maintenance')")
        c.execute("UPDATE ops.cron_job SET schedule = mod(extract(minute FROM now())::int + 30,"
                  " 60) || ' * * * *' WHERE job_name = 'partition-maintenance'")
        c.execute("SELECT ops.schedule_jobs()")
        c.execute(run.replace("stockdb-purge-outbox", "stockdb-partition-maintenance"),
                  ["succeeded", "CALL", "-3 hours", "-3 hours"])
        status, detail, hint = _scheduler(c)
        assert (status, hint) == (
            "warning", "Is the pg_cron launcher running? Its log lines say why not.")
        assert detail.startswith("pg_cron started no job since ")


def test_a_statement_timeout_pg_crons_jobs_start_with_is_a_warning(cron_db):
    """A job cannot lift the statement_timeout its CALL began under, so one set
    for the database's applications cancels every job that runs longer."""
    hint = ("Set it for the application's roles instead (ALTER ROLE stockdb_app SET "
            "statement_timeout = ...) and reset it where it is set (ALTER DATABASE ... RESET "
            "statement_timeout).")
    with psycopg.connect(cron_db, autocommit=True) as c:
        def judged() -> tuple:
            return c.execute("SELECT status, detail, hint FROM ops.check_health()"
                             " WHERE check_name = 'job_timeouts'").fetchone()

        db, user = c.execute("SELECT current_database(), current_user").fetchone()
        assert judged() == ("ok", "pg_cron's jobs start without a statement_timeout", None)
        c.execute(f"ALTER DATABASE {db} SET statement_timeout = '1ms'")
        with psycopg.connect(cron_db, autocommit=True) as job, pytest.raises(
                psycopg.errors.QueryCanceled):
            job.execute("CALL ops.check_integrity()")  # as pg_cron would start it
        c.execute(f"ALTER DATABASE {db} SET statement_timeout = '30s'")
        assert judged() == ("warning", "pg_cron's jobs start with statement_timeout = 30s (set for"
                            f" database {db}): one running longer is cancelled", hint)
        # The jobs' role's own setting for the database wins, as at login.
        c.execute(f"ALTER ROLE {user} IN DATABASE {db} SET statement_timeout = 0")
        assert judged()[0] == "ok"
        c.execute(f"ALTER ROLE {user} IN DATABASE {db} SET statement_timeout = '5min'")
        assert judged()[1] == ("pg_cron's jobs start with statement_timeout = 5min (set for role"
                               f" {user} in database {db}): one running longer is cancelled")


def test_a_migration_this_checkout_does_not_have_is_a_warning(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        conn.execute("INSERT INTO _yoyo_migration (migration_hash, migration_id, applied_at_utc) "
                     "VALUES (repeat('f', 64), '0999_from_the_future', now())")
    result = run_cli("check", "--skip-integrity", "--json", env={"DATABASE_URL": fresh_db})
    assert result.returncode == 0, result.stdout + result.stderr
    schema = json.loads(result.stdout)["checks"][0]
    assert schema == {
        "check_name": "schema", "status": "warning",
        "detail": "1 applied migration(s) this checkout does not have: 0999_from_the_future",
        "hint": "The database was migrated by a newer stockdb: run that one's check.",
    }


def test_the_disk_check_judges_the_servers_disks_when_it_runs_on_this_machine(fresh_db,
                                                                             monkeypatch):
    """PostgreSQL tells no one how full its disk is, and a server that cannot write its
    WAL stops (by hand, a verify filled a small disk and the cluster did not start
    again): stockdb check looks at the disk itself when the server is on this machine."""
    def disk(free: float, total: int = 100 * 2**30):
        monkeypatch.setattr(shutil, "disk_usage",
                            lambda _path: SimpleNamespace(free=free, total=total))
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            return health._disk_check(conn)

    with psycopg.connect(fresh_db, autocommit=True) as conn:
        data = conn.execute("SHOW data_directory").fetchone()[0]
    assert disk(30 * 2**30) == {
        "check_name": "disk", "status": "ok", "hint": None,
        "detail": f"data directory {data}: 30.0 GiB free (30% of 100.0 GiB)"}
    assert disk(9 * 2**30)["status"] == "warning"
    low = disk(1.5 * 2**30)
    assert (low["status"], low["hint"]) == ("failed", (
        "Free room on that disk or move to a larger one: a server that cannot write its WAL "
        "stops, and starts again only once there is room."))
    assert disk(200 * 2**20, total=2**30)["status"] == "failed", "under 256 MiB on any disk"
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("SET ROLE stockdb_maintenance")
        unseen = health._disk_check(conn)
    assert (unseen["status"], unseen["detail"]) == ("ok", (
        "not checked: the server's data directory cannot be seen from here (a server on "
        "another machine, or a role that may not read it)"))
