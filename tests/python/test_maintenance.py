"""Scheduled maintenance: report refreshes, pg_cron registration, the CLI, search plans."""

from __future__ import annotations

import json
import os
import threading

import psycopg
import pytest
from helpers import DEFAULT_TENANT, run_cli, wait_until_blocked_by
from psycopg.conninfo import make_conninfo

from stockdb.migrate import Migrator

TENANT = DEFAULT_TENANT


def _stock(url: str, key: str, quantity: int = 5) -> None:
    """One product received into one location, creating both the first time."""
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        loc = conn.execute("SELECT id FROM warehouse.location WHERE code = 'A1'").fetchone()
        if loc is None:
            wh = conn.execute("SELECT api.create_warehouse('W', 'Main')").fetchone()[0]
            loc = conn.execute("SELECT api.create_location(%s, 'A1')", [wh]).fetchone()
            conn.execute("SELECT api.create_product(sku => 'P', name => 'Product P')")
        product = conn.execute("SELECT id FROM catalog.product WHERE sku = 'P'").fetchone()[0]
        conn.execute("SELECT api.receive_stock(%s, %s, %s, %s)", [key, product, loc[0], quantity])


# A report the next refresh takes: a change recorded for it, or left dirty by a refresh.
PENDING = ("(r.dirty OR EXISTS (SELECT FROM ops.report_change AS c "
           "WHERE c.report_name = r.report_name))")


def _refresh_state(conn: psycopg.Connection) -> dict[str, tuple]:
    rows = conn.execute(
        f"SELECT report_name, {PENDING}, refresh_count, skipped_count FROM ops.report_refresh AS r"
    ).fetchall()
    return {name: (dirty, refreshed, skipped) for name, dirty, refreshed, skipped in rows}


def test_refresh_reports_skips_clean_reports_and_picks_up_new_movements(fresh_db):
    _stock(fresh_db, "in-1")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CALL ops.refresh_reports()")
        first = _refresh_state(conn)
        assert all(not dirty and refreshed == 1 for dirty, refreshed, _ in first.values()), first
        assert conn.execute(
            "SELECT movement_type::text, movement_count, quantity FROM report.movement_daily"
        ).fetchall() == [("purchase_receipt", 1, 5)]

        conn.execute("CALL ops.refresh_reports()")
        second = _refresh_state(conn)
        assert {n: (r, s) for n, (_, r, s) in second.items()} == {n: (1, 1) for n in first}, (
            "a refresh after no change must skip every report"
        )

    _stock(fresh_db, "in-2", 7)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert all(dirty for dirty, _, _ in _refresh_state(conn).values())
        conn.execute("CALL ops.refresh_reports()")
        assert conn.execute(
            "SELECT movement_type::text, movement_count, quantity FROM report.movement_daily"
        ).fetchall() == [("purchase_receipt", 2, 12)]
        assert conn.execute(
            "SELECT on_hand_now, on_hand_at_start FROM ops.inventory_turnover"
        ).fetchall() == [(12, 0)]
        runs = conn.execute(
            "SELECT status FROM ops.maintenance_run WHERE job_name = 'refresh-reports' ORDER BY id"
        ).fetchall()
        assert runs == [("ok",), ("ok",), ("ok",)]


def _open_movement(url: str, key: str, quantity: int) -> psycopg.Connection:
    """A receipt whose transaction is left open; the caller commits it."""
    mover = psycopg.connect(url)
    mover.execute("SELECT api.set_context(%s)", [TENANT])
    product = mover.execute("SELECT id FROM catalog.product WHERE sku = 'P'").fetchone()[0]
    loc = mover.execute("SELECT id FROM warehouse.location WHERE code = 'A1'").fetchone()[0]
    mover.execute("SELECT api.receive_stock(%s, %s, %s, %s)", [key, product, loc, quantity])
    return mover


def test_refresh_waits_for_movements_in_flight_when_it_clears_the_flags(fresh_db):
    """A movement that found a change already recorded commits after the clear: it must not
    be lost."""
    _stock(fresh_db, "in-1")  # the reports are dirty now
    mover = _open_movement(fresh_db, "in-late", 3)  # found a change, so recorded none
    try:
        timer = threading.Timer(1.0, mover.commit)
        timer.start()
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("CALL ops.refresh_reports()")
            timer.join()
            assert (
                conn.execute("SELECT sum(quantity) FROM report.movement_daily").fetchone()[0] == 8
            ), "the refresh waited for the open movement and summed it"
            assert (
                conn.execute(f"SELECT bool_or({PENDING}) FROM ops.report_refresh AS r"
                             ).fetchone()[0] is False
            )
    finally:
        mover.close()

    # Not willing to wait: the refresh goes ahead but leaves the reports dirty.
    _stock(fresh_db, "in-3", 1)
    mover = _open_movement(fresh_db, "in-later", 4)
    try:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("CALL ops.refresh_reports(wait_seconds => 0)")
            assert (
                conn.execute(
                    "SELECT detail ->> 'settled' FROM ops.maintenance_run ORDER BY id DESC LIMIT 1"
                ).fetchone()[0]
                == "false"
            )
            assert conn.execute(f"SELECT bool_and({PENDING}) FROM ops.report_refresh AS r"
                                ).fetchone()[0]
            mover.commit()
            conn.execute("CALL ops.refresh_reports()")
            assert (
                conn.execute("SELECT sum(quantity) FROM report.movement_daily").fetchone()[0] == 13
            )
    finally:
        mover.close()


def test_refresh_does_not_wait_for_transactions_of_other_databases(
    fresh_db, databases, template_db
):
    """Transaction ids are the cluster's: an open writer in another database
    of it cannot have read this one's flags, so the refresh settles at once."""
    _stock(fresh_db, "in-1")
    name = databases.create(template=template_db)
    elsewhere = psycopg.connect(databases.url(name))
    try:
        _stock(databases.url(name), "other-1")
        elsewhere.execute("SELECT api.set_context(%s)", [TENANT])
        elsewhere.execute("UPDATE catalog.product SET name = 'renamed' WHERE sku = 'P'")
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("CALL ops.refresh_reports(wait_seconds => 3)")
            assert conn.execute(
                "SELECT detail ->> 'settled' FROM ops.maintenance_run ORDER BY id DESC LIMIT 1"
            ).fetchone()[0] == "true"
            dirty = conn.execute(f"SELECT bool_or({PENDING}) FROM ops.report_refresh AS r"
                                 ).fetchone()[0]
            assert dirty is False
        # A writer of this database still holds it up, to the deadline. (A
        # change is recorded first, so the writer finds one and records none.)
        _stock(fresh_db, "in-2")
        mover = _open_movement(fresh_db, "in-open", 2)
        try:
            with psycopg.connect(fresh_db, autocommit=True) as conn:
                conn.execute("CALL ops.refresh_reports(force => true, wait_seconds => 1)")
                assert conn.execute(
                    "SELECT detail ->> 'settled' FROM ops.maintenance_run ORDER BY id DESC LIMIT 1"
                ).fetchone()[0] == "false"
        finally:
            mover.close()
    finally:
        elsewhere.close()
        databases.drop(name)


def test_the_movement_summary_horizon_ignores_transactions_of_other_databases(
    fresh_db, databases, template_db
):
    """Only this database's transactions write its ledger: one left open in another database
    held the horizon at its start, and every refresh summed all the days since again."""
    _stock(fresh_db, "in-1")
    name = databases.create(template=template_db)
    elsewhere = psycopg.connect(databases.url(name))
    here = psycopg.connect(fresh_db)
    try:
        opened_elsewhere = elsewhere.execute("SELECT now()").fetchone()[0]
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("SELECT pg_sleep(0.2)")
            conn.execute("CALL ops.refresh_reports(force => true, wait_seconds => 3)")
            horizon = conn.execute("SELECT horizon FROM ops.report_refresh "
                                   "WHERE report_name = 'report.movement_daily'").fetchone()[0]
            assert horizon > opened_elsewhere
            # One of this database still holds it at its start.
            opened_here = here.execute("SELECT now()").fetchone()[0]
            conn.execute("CALL ops.refresh_reports(force => true, wait_seconds => 0)")
            assert conn.execute("SELECT horizon FROM ops.report_refresh "
                                "WHERE report_name = 'report.movement_daily'").fetchone()[0] \
                == opened_here
    finally:
        here.close()
        elsewhere.close()
        databases.drop(name)


def _turnover(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute("SELECT on_hand_now FROM ops.inventory_turnover").fetchall()


def test_reports_a_failed_refresh_never_reached_are_refreshed_by_the_next(fresh_db):
    """A run takes every report due, clearing their flags and changes, then refreshes them in
    order and stops at the first failure: those after it were never refreshed, yet clean,
    and every later run skipped them until the next change or the next day."""
    _stock(fresh_db, "in-1")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CALL ops.refresh_reports()")
    _stock(fresh_db, "in-2", 7)
    holder = psycopg.connect(fresh_db)  # holds ops.slow_movers, the second of three
    try:
        holder.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY ops.slow_movers")
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("SET lock_timeout = '200ms'")
            # Not waiting for the holder's transaction to end first, which it does
            # only below: by default the run gives that 60 s.
            conn.execute("CALL ops.refresh_reports(wait_seconds => 0)")
            assert conn.execute(
                "SELECT status FROM ops.maintenance_run ORDER BY id DESC LIMIT 1"
            ).fetchone()[0] == "failed"
            assert _turnover(conn) == [(5,)], "not reached"
    finally:
        holder.rollback()
        holder.close()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CALL ops.refresh_reports()")
        assert _turnover(conn) == [(12,)]


def test_reports_a_cancelled_refresh_took_are_refreshed_by_the_next(fresh_db):
    """Cancelled (statement_timeout, Ctrl-C in psql, pg_cancel_backend), which no handler of
    the procedure catches, a run left every report it had taken clean and unrefreshed."""
    _stock(fresh_db, "in-1")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CALL ops.refresh_reports()")
    _stock(fresh_db, "in-2", 7)
    holder = psycopg.connect(fresh_db)
    refresher = psycopg.connect(fresh_db, autocommit=True)
    failures: list[BaseException] = []

    def refresh() -> None:
        try:
            refresher.execute("CALL ops.refresh_reports(wait_seconds => 0)")
        except BaseException as exc:  # noqa: BLE001 - looked at below
            failures.append(exc)

    try:
        holder.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY ops.slow_movers")
        thread = threading.Thread(target=refresh)
        thread.start()
        pid = refresher.info.backend_pid
        wait_until_blocked_by(fresh_db, pid, holder.info.backend_pid)
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("SELECT pg_cancel_backend(%s)", [pid])
        thread.join(30)
        assert [type(f) for f in failures] == [psycopg.errors.QueryCanceled]
        holder.rollback()

        # Its session lock outlived the call: a run of another session did nothing, silently.
        said: list[tuple] = []
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.add_notice_handler(lambda d: said.append(
                (d.severity_nonlocalized, d.message_primary, d.message_hint)))
            conn.execute("CALL ops.refresh_reports()")
            assert _turnover(conn) == [(5,)]
        assert said == [(
            "WARNING",
            f"session {pid} holds the lock of ops.refresh_reports() but runs nothing; nothing done",
            f"End it (SELECT pg_terminate_backend({pid})), or call ops.refresh_reports() in it "
            "once more.")]
        # A run in the session itself lets go of what the cancelled one kept.
        refresher.execute("CALL ops.refresh_reports()")
        assert _turnover(refresher) == [(12,)]
        assert refresher.execute("SELECT count(*) FROM ops.slow_movers").fetchone()[0] == 1
        assert refresher.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = %s", [pid]
        ).fetchone()[0] == 0
    finally:
        holder.rollback()
        holder.close()
        refresher.close()
    # And the cancelled run's reports were due without a new change.
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM ops.report_refresh WHERE last_started_at > "
                            "last_refreshed_at").fetchone()[0] == 0


def test_a_reader_is_not_blocked_by_a_concurrent_refresh(fresh_db):
    _stock(fresh_db, "in-1")
    refresher = psycopg.connect(fresh_db)
    reader = psycopg.connect(fresh_db, autocommit=True)
    try:
        reader.execute("SET lock_timeout = '1s'")
        refresher.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY ops.slow_movers")
        # The refresh's transaction is still open and holds its lock; the
        # reader gets the contents last committed (empty) at once.
        assert reader.execute("SELECT count(*) FROM ops.slow_movers").fetchone()[0] == 0
        refresher.rollback()

        # The same read behind a plain REFRESH waits: the check above can fail.
        refresher.execute("REFRESH MATERIALIZED VIEW ops.slow_movers")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            reader.execute("SELECT count(*) FROM ops.slow_movers")
        refresher.rollback()
    finally:
        refresher.close()
        reader.close()


def test_a_movement_is_not_held_up_by_a_refresh_of_the_movement_summary(fresh_db):
    """Summing the ledger into report.movement_daily takes minutes at tens of millions of
    rows (the first refresh, or one after a gap). The refresh held the summary's row of
    ops.report_refresh all that while, and the first movement after the flags were cleared
    updated that row to mark the summary dirty (before migration 0064): every movement of
    the database waited for the refresh to end. Here a lock on the summary table holds the
    refresh up instead of a long sum."""
    _stock(fresh_db, "in-1")
    holder = psycopg.connect(fresh_db)
    holder.execute("LOCK TABLE report.movement_daily IN SHARE MODE")
    failures: list[BaseException] = []

    def refresh() -> None:
        try:
            with psycopg.connect(fresh_db, autocommit=True) as conn:
                conn.execute("CALL ops.refresh_reports()")
        except psycopg.Error as exc:  # seen by the test's thread below
            failures.append(exc)

    refresher = threading.Thread(target=refresh)
    refresher.start()
    try:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            for _ in range(200):
                waiting = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE 'CALL ops.refresh_reports%'"
                ).fetchone()[0]
                if waiting:
                    break
                conn.execute("SELECT pg_sleep(0.05)")
            assert waiting, "the refresh never reached the summary table"
            assert conn.execute(
                "SELECT NOT dirty FROM ops.report_refresh "
                "WHERE report_name = 'report.movement_daily'"
            ).fetchone()[0], "the refresh had cleared the flag"
        # Waited on before, and failed at the api's lock_timeout (5 s).
        _stock(fresh_db, "in-during", 4)
    finally:
        holder.rollback()
        holder.close()
        refresher.join()
    assert not failures, failures
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            f"SELECT {PENDING} FROM ops.report_refresh AS r "
            "WHERE r.report_name = 'report.movement_daily'"
        ).fetchone()[0], "the movement during the refresh recorded a change for the next"
        conn.execute("CALL ops.refresh_reports()")
        assert conn.execute("SELECT sum(quantity) FROM report.movement_daily").fetchone()[0] == 9


def test_a_movement_left_open_does_not_hold_up_the_others(fresh_db):
    """The first movement after a refresh marks the reports changed. It did so by updating
    their rows of ops.report_refresh, which it then held to its commit: every other
    movement of the database, of any tenant, waited for it (an application's transaction
    left open, or an opening-stock import applying 100k rows) and failed at the api's
    lock_timeout of 5 s. A change is now a row of its own, which no one waits for."""
    _stock(fresh_db, "in-1")
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        other = conn.execute("SELECT api.create_product(sku => 'Q', name => 'Product Q')"
                             ).fetchone()[0]
        location = conn.execute("SELECT id FROM warehouse.location WHERE code = 'A1'"
                                ).fetchone()[0]
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CALL ops.refresh_reports()")
    mover = _open_movement(fresh_db, "in-open", 2)  # the first since the refresh, left open
    try:
        with psycopg.connect(fresh_db) as conn:
            conn.execute("SELECT api.set_context(%s)", [TENANT])
            conn.execute("SELECT api.receive_stock('in-other', %s, %s, 3)", [other, location])
        mover.commit()
    finally:
        mover.close()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CALL ops.refresh_reports()")
        assert conn.execute("SELECT sum(quantity) FROM report.movement_daily").fetchone()[0] == 10
        assert conn.execute("SELECT count(*) FROM ops.report_change").fetchone()[0] == 0
    # One change a report, however many movements follow it.
    _stock(fresh_db, "in-after-1")
    _stock(fresh_db, "in-after-2")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT report_name, count(*) FROM ops.report_change GROUP BY 1 ORDER BY 1"
        ).fetchall() == [("ops.inventory_turnover", 1), ("ops.slow_movers", 1),
                         ("report.movement_daily", 1)]


def test_cron_jobs_are_registered_once_after_two_migrates(databases, cluster_lock):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the cron database of a shared server is not ours to recreate")
    with psycopg.connect(databases.admin_url) as c:
        cron_db = c.execute("SHOW cron.database_name").fetchone()[0]
    databases.drop(cron_db)
    databases.create(name=cron_db)
    try:
        url = databases.url(cron_db)
        with Migrator(url) as m:
            m.apply()
        with psycopg.connect(url, autocommit=True) as c:
            # Make the second migrate run sql/cron.sql again.
            c.execute("DELETE FROM ops.repeatable_file WHERE path = 'sql/cron.sql'")
            c.execute(
                "UPDATE ops.cron_job SET schedule = '*/5 * * * *' "
                "WHERE job_name = 'refresh-reports'"
            )
        with Migrator(url) as m:
            plan = m.apply()
        assert "sql/cron.sql" in plan.repeatables
        with psycopg.connect(url) as c:
            jobs = c.execute(
                "SELECT jobname, schedule FROM cron.job WHERE jobname LIKE 'stockdb-%' ORDER BY 1"
            ).fetchall()
            expected = c.execute("SELECT count(*) FROM ops.cron_job").fetchone()[0]
        assert len(jobs) == expected == 11
        assert len({name for name, _ in jobs}) == len(jobs)
        assert ("stockdb-refresh-reports", "*/5 * * * *") in jobs, "a changed schedule is kept"
    finally:
        databases.drop(cron_db)


def test_maintenance_status_in_the_cron_database_shows_pg_crons_record(cron_db):
    """Where pg_cron runs the jobs (ops.pg_cron_runs_here()), status adds pg_cron's last
    run of each job: here a failed run recorded as pg_cron records it, dated ahead so that
    a real run of the job during the test (pg_cron runs here) is not the newer one."""
    with psycopg.connect(cron_db, autocommit=True) as conn:
        assert conn.execute("SELECT ops.pg_cron_runs_here()").fetchone()[0] is True
        conn.execute(
            "INSERT INTO cron.job_run_details (jobid, runid, database, username, command, status, "
            "return_message, start_time, end_time) "
            "SELECT j.jobid, 1, j.database, j.username, j.command, 'failed', 'connection refused', "
            "now() + interval '1 hour', now() + interval '1 hour' FROM cron.job AS j "
            "WHERE j.jobname = 'stockdb-refresh-reports'"
        )
    result = run_cli("maintenance", "status", "--json", env={"DATABASE_URL": cron_db})
    assert result.returncode == 0, result.stderr
    by_name = {job["job_name"]: job["pg_cron_last_run"] for job in json.loads(result.stdout)}
    assert by_name["refresh-reports"]["status"] == "failed"
    assert by_name["refresh-reports"]["message"] == "connection refused"
    human = run_cli("maintenance", "status", env={"DATABASE_URL": cron_db}).stdout
    assert "pg_cron: failed at " in human and "connection refused" in human


def test_maintenance_status_as_the_maintenance_role_in_the_cron_database(cron_db):
    """The role may not read cron.database_name: it gets the runs without pg_cron's record."""
    url = make_conninfo(cron_db, options="-c role=stockdb_maintenance")
    result = run_cli("maintenance", "status", "--json", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    jobs = json.loads(result.stdout)
    assert len(jobs) == 11
    assert all(job["pg_cron_last_run"] is None for job in jobs)


def test_purge_outbox_deletes_only_rows_delivered_before_the_grace_period(fresh_db):
    _stock(fresh_db, "purge-1")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        total = conn.execute("SELECT count(*) FROM audit.outbox").fetchone()[0]
        assert total == 3, "the warehouse, location and product inserts were audited"
        # One row delivered long ago, one delivered just now, the rest never.
        old, recent = (
            r[0]
            for r in conn.execute(
                "SELECT id FROM audit.outbox ORDER BY position LIMIT 2"
            ).fetchall()
        )
        conn.execute(
            "UPDATE audit.outbox SET delivered_at = now() - interval '8 days' WHERE id = %s", [old]
        )
        conn.execute("UPDATE audit.outbox SET delivered_at = now() WHERE id = %s", [recent])
        conn.execute(
            "UPDATE audit.outbox SET created_at = now() - interval '1 year' "
            "WHERE delivered_at IS NULL"
        )
        # Further back than a timestamp reaches: kept, where it was a bare 22008.
        conn.execute("CALL ops.purge_outbox(older_than => interval '1000000 years')")
        assert conn.execute("SELECT count(*) FROM audit.outbox").fetchone()[0] == total
        conn.execute("DELETE FROM ops.maintenance_run WHERE job_name = 'purge-outbox'")
        conn.execute("CALL ops.purge_outbox()")
        left = {r[0] for r in conn.execute("SELECT id FROM audit.outbox").fetchall()}
        assert old not in left
        assert recent in left, "delivered within the grace period: kept"
        assert len(left) == total - 1, "undelivered rows stay, however old"
        detail = conn.execute(
            "SELECT detail FROM ops.maintenance_run WHERE job_name = 'purge-outbox'"
        ).fetchone()[0]
        assert detail["purged"] == 1
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="at least 1 hour"):
            conn.execute("CALL ops.purge_outbox(older_than => interval '1 minute')")


def test_purge_refresh_tokens_forgets_whole_expired_families(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        admin = "00000000-0000-7000-8000-000000000002"
        for _ in range(2):
            with conn.transaction():
                conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, admin])
                token = conn.execute(
                    "SELECT refresh_token FROM api.issue_refresh_token()"
                ).fetchone()[0]
                conn.execute("SELECT * FROM api.rotate_refresh_token(%s)", [token])
        # One family's newest token expired 8 days ago: it goes, whole; the other stays.
        family = conn.execute("SELECT family_id FROM auth.refresh_token LIMIT 1").fetchone()[0]
        conn.execute(
            "UPDATE auth.refresh_token SET created_at = now() - interval '40 days', "
            "expires_at = now() - interval '8 days' WHERE family_id = %s",
            [family],
        )
        conn.execute("CALL ops.purge_refresh_tokens(older_than => interval '1000000 years')")
        assert conn.execute("SELECT count(*) FROM auth.refresh_token").fetchone()[0] == 4
        conn.execute("CALL ops.purge_refresh_tokens()")
        left = conn.execute(
            "SELECT family_id, count(*) FROM auth.refresh_token GROUP BY 1"
        ).fetchall()
        assert len(left) == 1 and left[0][0] != family and left[0][1] == 2


def test_purge_cron_runs_forgets_old_runs_of_the_stockdb_jobs_only(cron_db):
    """pg_cron deletes none of its records. The job deletes those of the stockdb jobs
    that ended over 90 days ago (or, never ended, started then), and leaves newer ones
    and another job's, however old. pg_cron runs the jobs meanwhile: the rows made
    here are told by their message."""
    ages = {  # (job, days since it ended, days since it started for one never ended)
        "stockdb-refresh-reports": [(91, None), (89, None), (None, 100)],
        "other-job": [(200, None)],
    }
    with psycopg.connect(cron_db, autocommit=True) as conn:
        conn.execute("SELECT cron.schedule('other-job', '0 0 1 1 *', 'SELECT 1')")
        for job, runs in ages.items():
            for ended, started in runs:
                conn.execute(
                    "INSERT INTO cron.job_run_details (jobid, database, username, command, "
                    "status, return_message, start_time, end_time) "
                    "SELECT j.jobid, j.database, j.username, j.command, 'succeeded', "
                    "'made by the test', now() - make_interval(days => %s), "
                    "now() - make_interval(days => %s) FROM cron.job AS j WHERE j.jobname = %s",
                    [started or ended, ended, job],
                )
        conn.execute("CALL ops.purge_cron_runs(older_than => interval '1000000 years')")
        assert conn.execute("SELECT detail FROM ops.maintenance_run WHERE job_name ="
                            " 'purge-cron-runs'").fetchone()[0] == {"purged": 0}
        conn.execute("DELETE FROM ops.maintenance_run WHERE job_name = 'purge-cron-runs'")
        conn.execute("CALL ops.purge_cron_runs()")
        left = conn.execute(
            "SELECT j.jobname, (now() - coalesce(d.end_time, d.start_time)) > interval '90 days' "
            "FROM cron.job_run_details AS d JOIN cron.job AS j ON j.jobid = d.jobid "
            "WHERE d.return_message = 'made by the test' ORDER BY 1, 2"
        ).fetchall()
        assert left == [("other-job", True), ("stockdb-refresh-reports", False)]
        detail = conn.execute(
            "SELECT detail FROM ops.maintenance_run WHERE job_name = 'purge-cron-runs'"
        ).fetchone()[0]
        assert detail == {"purged": 2}
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="at least 1 day"):
            conn.execute("CALL ops.purge_cron_runs(older_than => interval '1 hour')")


def test_purges_told_to_keep_longer_than_any_timestamp_reaches_keep_everything(fresh_db):
    """now() - older_than overflowed: a bare 22008 'timestamp out of range'."""
    _stock(fresh_db, "purge-far")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("UPDATE inventory.movement_request SET created_at = now() - interval '1 year'")
        keys = conn.execute("SELECT count(*) FROM inventory.movement_request").fetchone()[0]
        assert keys > 0
        for job in ("purge_idempotency_keys", "purge_import_rows"):
            conn.execute(f"CALL ops.{job}(older_than => interval '1000000 years')")
        assert conn.execute("SELECT count(*) FROM inventory.movement_request").fetchone()[0] == keys
        details = dict(conn.execute(
            "SELECT job_name, detail FROM ops.maintenance_run WHERE job_name LIKE 'purge-%'"
        ).fetchall())
    assert details == {"purge-idempotency-keys": {"purged": 0, "cutoff": "-infinity"},
                       "purge-import-rows": {"batches": 0, "rows": 0}}


def test_purge_cron_runs_outside_the_cron_database_deletes_nothing_and_says_why(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CALL ops.purge_cron_runs()")
        detail = conn.execute(
            "SELECT detail FROM ops.maintenance_run WHERE job_name = 'purge-cron-runs'"
        ).fetchone()[0]
    assert detail == {"purged": 0, "skipped": "pg_cron does not run jobs in this database"}


def test_schedule_jobs_does_nothing_outside_the_cron_database(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT ops.schedule_jobs()").fetchone()[0] == 0


def test_cli_maintenance_list_run_status(fresh_db):
    env = {"DATABASE_URL": fresh_db}
    listed = run_cli("maintenance", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert {j["job_name"] for j in json.loads(listed.stdout)} >= {
        "refresh-reports",
        "expire-reservations",
        "partition-maintenance",
        "purge-idempotency-keys",
        "check-integrity",
        "detect-delayed-shipments",
    }

    ran = run_cli("maintenance", "run", "check-integrity", env=env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("check-integrity: ok in ")
    assert '"findings": 0' in ran.stdout

    status = run_cli("maintenance", "status", "--json", env=env)
    assert status.returncode == 0, status.stderr
    by_name = {j["job_name"]: j for j in json.loads(status.stdout)}
    assert by_name["check-integrity"]["status"] == "ok"
    assert by_name["check-integrity"]["duration_ms"] is not None
    assert by_name["refresh-reports"]["started_at"] is None

    unknown = run_cli("maintenance", "run", "nonsense", env=env)
    assert unknown.returncode == 1
    assert "Traceback" not in unknown.stderr
    assert unknown.stderr.startswith("stockdb: no maintenance job 'nonsense'")


def test_cli_maintenance_run_reports_a_failed_run(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # A job whose procedure fails inside: the run is recorded as failed.
        conn.execute(
            "INSERT INTO ops.cron_job (job_name, schedule, command, description) "
            "VALUES ('broken', '* * * * *', "
            "'CALL ops.purge_idempotency_keys(older_than => interval ''1 minute'')', 'x')"
        )
    result = run_cli("maintenance", "run", "broken", env={"DATABASE_URL": fresh_db})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "older_than must be at least 1 hour [22023]" in result.stderr


def test_search_products_reads_indexes_not_the_table(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        conn.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name) "
            "SELECT %s, 'SKU-' || n, md5(n::text) || ' part' FROM generate_series(1, 40000) AS n",
            [TENANT],
        )
        conn.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%s, 'W-1', 'Blue widget')",
            [TENANT],
        )
        conn.execute("ANALYZE catalog.product")
        notices: list[str] = []
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        conn.execute("LOAD 'auto_explain'")
        conn.execute("SET auto_explain.log_min_duration = 0")
        conn.execute("SET auto_explain.log_nested_statements = on")
        conn.execute("SET auto_explain.log_level = notice")
        # With sequential scans priced out, one appears only where no index can serve.
        conn.execute("SET enable_seqscan = off")

        def plans(query: str) -> str:
            notices.clear()
            conn.execute("SELECT * FROM api.search_products(%s)", [query]).fetchall()
            return "\n".join(notices)

        expected = {
            "widget": "product_search_idx",  # full text
            # A typo, corrected against the vocabulary (either of its indexes will do).
            "widgte": "on search_word",
            "SKU-3999": "product_sku_prefix_idx",  # a SKU prefix, a range of the B-tree
            "SKU-1": "product_sku_prefix_idx",
            # Category names: categories are few, any index of theirs will do.
            "hardware": None,
        }
        for query, index in expected.items():
            text = plans(query)
            assert index is None or index in text, f"{query} does not use {index}:\n{text}"
            assert "Seq Scan on product" not in text, f"{query}:\n{text}"
            assert "Seq Scan on search_word" not in text, f"{query}:\n{text}"

        # Without the full-text index the same search reads something else: the check can fail.
        conn.execute("DROP INDEX catalog.product_search_idx")
        assert "product_search_idx" not in plans("widget")
        assert "Scan on product" in plans("widget")
        conn.rollback()
