"""ops.detect_delayed_shipments, the 10-minute job for shipments past their
expected delivery: it judges each shipment on its row as it is when it writes
the alert, not as the run first read it."""

from __future__ import annotations

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, call, ship_order

TENANT = DEFAULT_TENANT


def shipped_order(conn: psycopg.Connection, promise: str | None = None) -> str:
    """A sales order shipped through the api (ship_order): the shipment's id."""
    return ship_order(conn, promise=promise)["shipment"]


def late_shipment(conn: psycopg.Connection) -> str:
    """A shipment in transit whose expected delivery was yesterday."""
    shipment = shipped_order(conn)
    conn.execute("UPDATE logistics.shipment SET created_at = now() - interval '3 days', "
                 "shipped_at = now() - interval '2 days', "
                 "expected_delivery_at = now() - interval '1 day' WHERE id = %s", [shipment])
    return shipment


def last_run(conn: psycopg.Connection) -> tuple[str, dict]:
    return conn.execute("SELECT status, detail FROM ops.maintenance_run "
                        "WHERE job_name = 'detect-delayed-shipments' "
                        "ORDER BY id DESC LIMIT 1").fetchone()


def raised(conn: psycopg.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT subject FROM audit.alert_state WHERE alert_type = 'shipment_delayed' AND active")]


def test_a_shipment_being_delivered_while_the_job_runs_is_not_raised(fresh_db):
    """The run read the shipment in transit and late, and raised it although its
    delivery committed right after: an alert open for a delivered shipment until
    the next run. Now the run skips a shipment being changed, without waiting."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        shipment = late_shipment(conn)
        with psycopg.connect(fresh_db) as courier:
            courier.execute("SELECT api.set_context(%s, %s)", [TENANT, ADMIN])
            courier.execute("SELECT api.add_tracking_event(%s, 'delivered', 'Berlin', now())",
                            [shipment])
            conn.execute("SET statement_timeout = '5s'")
            conn.execute("CALL ops.detect_delayed_shipments()")
            assert last_run(conn) == ("ok", {"raised": 0, "cleared": 0, "busy": 1})
            courier.commit()
        assert raised(conn) == []
        conn.execute("CALL ops.detect_delayed_shipments()")
        assert last_run(conn) == ("ok", {"raised": 0, "cleared": 0, "busy": 0})
        assert raised(conn) == []
        assert conn.execute("SELECT count(*) FROM audit.outbox WHERE kind = 'alert' "
                            "AND document ->> 'type' = 'shipment_delayed'").fetchone()[0] == 0


def test_a_late_shipment_is_raised_and_its_delivery_clears_it(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        shipment = late_shipment(conn)
        conn.execute("CALL ops.detect_delayed_shipments()")
        assert last_run(conn) == ("ok", {"raised": 1, "cleared": 0, "busy": 0})
        assert raised(conn) == [str(shipment)]
        call(conn, "SELECT api.add_tracking_event(%s, 'delivered', 'Berlin', now())", [shipment])
        conn.execute("CALL ops.detect_delayed_shipments()")
        assert last_run(conn) == ("ok", {"raised": 0, "cleared": 1, "busy": 0})
        assert raised(conn) == []


def test_a_shipment_made_through_the_api_is_late_after_the_carriers_promise(fresh_db):
    """No api call set expected_delivery_at, so only a row written by hand was
    ever late. ship_sales_order now takes the carrier's promise."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        shipment = shipped_order(conn, "clock_timestamp() + interval '300 ms'")
        assert call(conn, "SELECT expected_delivery_at > shipped_at FROM logistics.shipment "
                    "WHERE id = %s", [shipment])
        conn.execute("SELECT pg_sleep(0.4)")
        conn.execute("CALL ops.detect_delayed_shipments()")
        assert last_run(conn) == ("ok", {"raised": 1, "cleared": 0, "busy": 0})
        assert raised(conn) == [str(shipment)]
        assert call(conn, "SELECT count(*) FROM report.shipment_delays WHERE shipment_id = %s",
                    [shipment]) == 1
