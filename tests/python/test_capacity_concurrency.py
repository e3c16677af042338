"""Two placements into one location with a capacity: the second counts the first.

Each receipt is of another product, so no stock lock or balance row is
shared: without a turn on the location, each saw the other's stock only once
it was committed, both were taken, and the location held more than its
capacity.
"""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, wait_until_blocked


def session(url: str, isolation: str = "READ COMMITTED") -> psycopg.Connection:
    """A connection in an open transaction at `isolation`, with the admin's context."""
    conn = psycopg.connect(url)
    conn.execute(f"SET TRANSACTION ISOLATION LEVEL {isolation}")
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    return conn


@pytest.fixture
def world(fresh_db) -> dict:
    """Location A1 with capacity 10 holding 6 of product P; product K with no stock."""
    with session(fresh_db) as conn:
        w = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        loc = conn.execute("SELECT api.create_location(%s, 'A1', capacity => 10)",
                           [w]).fetchone()[0]
        p = conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0]
        k = conn.execute("SELECT api.create_product('K', 'K')").fetchone()[0]
        conn.execute("SELECT api.receive_stock('in-p', %s, %s, 6)", [p, loc])
    return {"url": fresh_db, "location": loc, "p": p, "k": k}


def receive(conn: psycopg.Connection, world: dict, product: str, quantity: int) -> None:
    conn.execute("SELECT api.receive_stock(%s, %s, %s, %s)",
                 [uuid.uuid4().hex, world[product], world["location"], quantity])


def held(world: dict) -> float:
    with psycopg.connect(world["url"]) as conn:
        return float(conn.execute(
            "SELECT sum(on_hand) FROM inventory.inventory WHERE location_id = %s",
            [world["location"]]).fetchone()[0])


@pytest.mark.parametrize(("isolation", "refused_with"), [
    ("READ COMMITTED", "22023"),
    # Its snapshot cannot see the first receipt: it may not count without it.
    ("REPEATABLE READ", "40001"),
])
def test_a_second_placement_waits_for_the_first_and_counts_it(world, isolation, refused_with):
    first, second = session(world["url"]), session(world["url"], isolation)
    with first, second:
        # The second's snapshot is taken before the first commits.
        second.execute("SELECT count(*) FROM inventory.inventory").fetchone()
        receive(first, world, "p", 3)
        got: dict = {}

        def run() -> None:
            try:
                receive(second, world, "k", 3)
                second.commit()
                got["outcome"] = "ok"
            except psycopg.Error as e:
                second.rollback()
                got["outcome"], got["message"] = e.sqlstate, str(e)

        t = threading.Thread(target=run)
        t.start()
        wait_until_blocked(world["url"], second.info.backend_pid)
        first.commit()
        t.join(10)
    assert got["outcome"] == refused_with, got
    if refused_with == "22023":
        assert got["message"].startswith("location A1 has room for 1 more, not 3")
    assert held(world) == 9


def test_placements_within_the_capacity_are_all_taken(world):
    first, second = session(world["url"]), session(world["url"])
    with first, second:
        receive(first, world, "p", 2)
        t = threading.Thread(target=lambda: (receive(second, world, "k", 2), second.commit()))
        t.start()
        wait_until_blocked(world["url"], second.info.backend_pid)
        first.commit()
        t.join(10)
    assert held(world) == 10
