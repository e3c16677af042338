"""Two publications of one model's forecast for one product and warehouse.

The second replaces the first: it waits for it, then finds its row. Without
the turn it found the row only once it was committed, deleted nothing, and
failed on the exclusion constraint (23P01).
"""

from __future__ import annotations

import threading

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, wait_until_blocked


def session(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    return conn


def publish(conn: psycopg.Connection, world: dict, quantity: int) -> None:
    conn.execute("SELECT api.record_demand_forecast(%s, %s, current_date, current_date + 30, %s, "
                 "'weekly')", [world["product"], world["warehouse"], quantity])


def test_a_second_publication_waits_for_the_first_and_replaces_it(fresh_db):
    with session(fresh_db) as conn:
        world = {
            "warehouse": conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0],
            "product": conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0],
        }
    first, second = session(fresh_db), session(fresh_db)
    got: dict = {}

    def run() -> None:
        try:
            publish(second, world, 20)
            second.commit()
            got["outcome"] = "ok"
        except psycopg.Error as e:
            second.rollback()
            got["outcome"] = e.sqlstate

    with first, second:
        publish(first, world, 10)
        t = threading.Thread(target=run)
        t.start()
        wait_until_blocked(fresh_db, second.info.backend_pid)
        first.commit()
        t.join(10)
    assert got["outcome"] == "ok", got
    with psycopg.connect(fresh_db) as conn:
        rows = conn.execute("SELECT forecast_quantity FROM planning.demand_forecast").fetchall()
    assert [float(r[0]) for r in rows] == [20.0]
