"""ops.detect_expiring_batches, the hourly job for batches that age into their
expiry horizon without moving: it judges each product × warehouse under the
stock lock the ledger's alert trigger runs under, so the two never disagree."""

from __future__ import annotations

import threading
import time

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, call, wait_until_sleeping

TENANT = DEFAULT_TENANT


def world(conn: psycopg.Connection, products: int = 1) -> dict:
    """Products P1.. with 5 units each of batch B1 in W/A1, expiring in 100 days:
    outside the 30-day horizon, so nothing is raised on receipt."""
    ids = {
        "w": conn.execute("INSERT INTO warehouse.warehouse (tenant_id, code, name) "
                          "VALUES (%s, 'W', 'W') RETURNING id", [TENANT]).fetchone()[0],
    }
    ids["a1"] = conn.execute("INSERT INTO warehouse.location (tenant_id, warehouse_id, code) "
                             "VALUES (%s, %s, 'A1') RETURNING id", [TENANT, ids["w"]]).fetchone()[0]
    for n in range(1, products + 1):
        p = conn.execute("INSERT INTO catalog.product (tenant_id, sku, name, expiry_alert_days) "
                         "VALUES (%s, %s, 'Milk', 30) RETURNING id",
                         [TENANT, f"P{n}"]).fetchone()[0]
        ids[f"p{n}"] = p
        call(conn, "SELECT api.receive_stock(%s, %s, %s, 5, 'B1', current_date + 100)",
             [f"in-{n}", p, ids["a1"]])
        ids[f"b{n}"] = conn.execute("SELECT id FROM catalog.product_batch WHERE product_id = %s",
                                    [p]).fetchone()[0]
    assert not open_alerts(conn)
    # The batches age into the horizon without a movement: only the job sees it.
    conn.execute("UPDATE catalog.product SET expiry_alert_days = 200")
    return ids


def open_alerts(conn: psycopg.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT subject FROM audit.alert_state WHERE alert_type = 'batch_expiring' AND active "
        "ORDER BY subject")]


def last_run(conn: psycopg.Connection) -> tuple[str, dict]:
    return conn.execute("SELECT status, detail FROM ops.maintenance_run "
                        "WHERE job_name = 'detect-expiring-batches' "
                        "ORDER BY id DESC LIMIT 1").fetchone()


def test_a_batch_aging_into_its_horizon_is_raised_once(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        ids = world(conn, products=2)
        conn.execute("CALL ops.detect_expiring_batches()")
        assert open_alerts(conn) == sorted(f"{ids[b]}@{ids['w']}" for b in ("b1", "b2"))
        assert last_run(conn) == ("ok", {"raised": 2, "stock_alerts_changed": 0, "busy": 0,
                                         "warehouses": 1})
        conn.execute("CALL ops.detect_expiring_batches()")
        assert last_run(conn) == ("ok", {"raised": 0, "stock_alerts_changed": 0, "busy": 0,
                                         "warehouses": 1})
        assert conn.execute(
            "SELECT count(*) FROM audit.outbox WHERE kind = 'alert'").fetchone()[0] == 2


def test_stock_used_up_while_the_job_runs_leaves_no_alert_open(fresh_db):
    """The job read the batch's stock, then raised its alert after a movement had
    used the stock up: an open alert for stock that no longer existed, which no
    later movement would clear. Now the movement waits for the job's judgement
    of that product and then clears it."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        ids = world(conn)
        # The job's raise is held up for a moment, as a busy server might.
        conn.execute("""
            CREATE FUNCTION public.slow_alert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$;
            CREATE TRIGGER slow_alert BEFORE INSERT ON audit.alert_state FOR EACH ROW
            WHEN (NEW.alert_type = 'batch_expiring') EXECUTE FUNCTION public.slow_alert();
        """)

        def run_job() -> None:
            with psycopg.connect(fresh_db, autocommit=True) as job_conn:
                job_conn.execute("CALL ops.detect_expiring_batches()")

        job = threading.Thread(target=run_job)
        job.start()
        wait_until_sleeping(fresh_db, timeout=5)
        call(conn, "SELECT api.record_movement('use-all', 'consumption', %s, %s, 5, %s)",
             [ids["p1"], ids["a1"], ids["b1"]])
        job.join(10)
        assert conn.execute("SELECT on_hand FROM inventory.inventory WHERE batch_id = %s",
                            [ids["b1"]]).fetchone()[0] == 0
        assert open_alerts(conn) == []


def test_a_product_whose_stock_is_busy_is_left_for_the_next_run(fresh_db):
    """A transaction holding a product's stock past the job's lock_timeout (5 s)
    makes the job skip that product (counted as busy), not wait on it or fail."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        ids = world(conn, products=2)
    holder = psycopg.connect(fresh_db)
    try:
        holder.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
        holder.execute("SELECT api.record_movement('hold', 'adjustment', %s, %s, 1, %s, 'found')",
                       [ids["p1"], ids["a1"], ids["b1"]])
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            started = time.monotonic()
            conn.execute("CALL ops.detect_expiring_batches()")
            assert 4.5 < time.monotonic() - started < 15
            assert open_alerts(conn) == [f"{ids['b2']}@{ids['w']}"]
            assert last_run(conn) == ("ok", {"raised": 1, "stock_alerts_changed": 0, "busy": 1,
                                             "warehouses": 1})
    finally:
        holder.close()


def test_a_warehouse_an_import_holds_is_left_after_one_wait(fresh_db):
    """An import holds its warehouse's stock as a whole, so each product there
    waited the job's 5 s in turn; now the first does, the rest of that
    warehouse is left with it for the next run, and other warehouses are judged."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        ids = world(conn, products=4)
        w2 = conn.execute("INSERT INTO warehouse.warehouse (tenant_id, code, name) "
                          "VALUES (%s, 'W2', 'W2') RETURNING id", [TENANT]).fetchone()[0]
        b1 = conn.execute("INSERT INTO warehouse.location (tenant_id, warehouse_id, code) "
                          "VALUES (%s, %s, 'B1') RETURNING id", [TENANT, w2]).fetchone()[0]
        call(conn, "SELECT api.receive_stock('in-w2', %s, %s, 5, 'B1')", [ids["p1"], b1])
    importer = psycopg.connect(fresh_db)
    try:
        importer.execute("SELECT inventory.lock_warehouse_stock(%s, ARRAY[%s]::uuid[])",
                         [TENANT, ids["w"]])
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            started = time.monotonic()
            conn.execute("CALL ops.detect_expiring_batches()")
            seconds = time.monotonic() - started
            # W2's stock came in inside the horizon, so its receipt raised it.
            assert open_alerts(conn) == [f"{ids['b1']}@{w2}"]
            assert last_run(conn) == ("ok", {"raised": 0, "stock_alerts_changed": 0, "busy": 4,
                                             "warehouses": 2})
            # One wait of 5 s; one for each of the four products made 20 s.
            assert seconds < 12, seconds
    finally:
        importer.close()


def stock_alerts(conn: psycopg.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT alert_type, details ->> 'sellable' FROM audit.alert_state "
        "WHERE alert_type IN ('low_stock', 'out_of_stock') AND active ORDER BY alert_type"
    ).fetchall()


def test_stock_that_expired_overnight_no_longer_counts_as_sellable(fresh_db):
    """A batch past its expiry cannot be sold, and nothing moves when midnight
    passes: the daily job judges the product's out_of_stock and low_stock again.
    The date is moved into the past by hand, not through api.update_batch
    (which judges at once), as the calendar would move it."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        ids = world(conn)
        conn.execute("UPDATE catalog.product SET reorder_point = 2")
        conn.execute("UPDATE catalog.product_batch SET expiry_date = current_date - 2 "
                     "WHERE id = %s", [ids["b1"]])
        assert stock_alerts(conn) == []
        conn.execute("CALL ops.detect_expiring_batches()")
        assert stock_alerts(conn) == [("low_stock", "0"), ("out_of_stock", "0")]
        assert last_run(conn) == ("ok", {"raised": 1, "stock_alerts_changed": 2, "busy": 0,
                                         "warehouses": 1})
        conn.execute("CALL ops.detect_expiring_batches()")
        assert last_run(conn) == ("ok", {"raised": 0, "stock_alerts_changed": 0, "busy": 0,
                                         "warehouses": 1})


def earlier_run(conn: psycopg.Connection, started_at: str, busy: int = 0) -> None:
    """Records a run of the job as if it had started at started_at (an SQL expression)."""
    conn.execute(
        "INSERT INTO ops.maintenance_run (job_name, started_at, finished_at, status, detail) "
        f"SELECT 'detect-expiring-batches', s, s, 'ok', jsonb_build_object('busy', %s::integer) "
        f"FROM (SELECT {started_at} AS s) AS t", [busy])


def last_midnight(zone: str) -> str:
    """SQL for the instant the latest midnight in zone passed."""
    return f"(date_trunc('day', now() AT TIME ZONE '{zone}') AT TIME ZONE '{zone}')"


def test_the_hourly_run_judges_a_warehouse_once_its_midnight_has_passed(fresh_db):
    """The scheduled run (every_warehouse => false) judges the warehouses whose
    date has turned since its last complete run: expired stock stops counting
    as sellable within the hour after the warehouse's own midnight, where the
    daily run at 00:05 in the server's zone came up to a day late. Two
    warehouses in zones 26 hours apart: the last run is put between their last
    midnights, so the one whose midnight came later is judged, the other not."""
    east, west = "Pacific/Kiritimati", "Etc/GMT+12"
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        ids = world(conn)
        w2 = conn.execute("INSERT INTO warehouse.warehouse (tenant_id, code, name, timezone) "
                          "VALUES (%s, 'W2', 'W2', %s) RETURNING id", [TENANT, west]).fetchone()[0]
        b2 = conn.execute("INSERT INTO warehouse.location (tenant_id, warehouse_id, code) "
                          "VALUES (%s, %s, 'B1') RETURNING id", [TENANT, w2]).fetchone()[0]
        call(conn, "SELECT api.transfer_stock('t', %s, %s, %s, 2, %s)",
             [ids["p1"], ids["a1"], b2, ids["b1"]])
        conn.execute("UPDATE warehouse.warehouse SET timezone = %s WHERE id = %s", [east, ids["w"]])
        conn.execute("UPDATE catalog.product SET expiry_alert_days = 30, reorder_point = 1")
        # Expired by hand, as the calendar would: no call judges it.
        conn.execute("UPDATE catalog.product_batch SET expiry_date = current_date - 3")
        later, earlier = conn.execute(
            f"SELECT CASE WHEN {last_midnight(east)} > {last_midnight(west)} THEN %s ELSE %s END, "
            f"CASE WHEN {last_midnight(east)} > {last_midnight(west)} THEN %s ELSE %s END",
            [ids["w"], w2, w2, ids["w"]]).fetchone()
        between = f"least({last_midnight(east)}, {last_midnight(west)}) + interval '1 second'"
        earlier_run(conn, between)
        conn.execute("CALL ops.detect_expiring_batches(every_warehouse => false)")
        judged = [r[0] for r in conn.execute(
            "SELECT DISTINCT split_part(subject, '@', 2)::uuid FROM audit.alert_state "
            "WHERE alert_type = 'out_of_stock' AND active")]
        assert judged == [later]
        assert last_run(conn)[1]["warehouses"] == 1
        # Complete, it is the next run's mark: nothing has turned since.
        conn.execute("CALL ops.detect_expiring_batches(every_warehouse => false)")
        assert last_run(conn) == ("ok", {"raised": 0, "stock_alerts_changed": 0, "busy": 0,
                                         "warehouses": 0})
        # Called without the argument, it judges every warehouse.
        conn.execute("CALL ops.detect_expiring_batches()")
        judged = {r[0] for r in conn.execute(
            "SELECT DISTINCT split_part(subject, '@', 2)::uuid FROM audit.alert_state "
            "WHERE alert_type = 'out_of_stock' AND active")}
        assert judged == {later, earlier}


def test_a_run_that_left_stock_busy_does_not_count_as_complete(fresh_db):
    """A product skipped as busy is judged by the next hourly run: a run that left
    one busy is not the mark the next run compares dates with."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        world(conn)
        conn.execute("UPDATE catalog.product_batch SET expiry_date = current_date - 3")
        earlier_run(conn, "now() - interval '1 day'")
        earlier_run(conn, "now() - interval '1 minute'", busy=1)
        conn.execute("CALL ops.detect_expiring_batches(every_warehouse => false)")
        assert last_run(conn) == ("ok", {"raised": 1, "stock_alerts_changed": 1, "busy": 0,
                                         "warehouses": 1})


def test_the_job_is_scheduled_hourly_for_the_warehouses_whose_date_turned(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute(
            "SELECT schedule, command FROM ops.cron_job WHERE job_name = 'detect-expiring-batches'"
        ).fetchone() == ("5 * * * *", "CALL ops.detect_expiring_batches(every_warehouse => false)")
