"""A batch's dates corrected while a movement of its stock is under way.

api.update_batch judges the batch's expiry alerts again after changing its
dates, under the product's stock lock, which it takes before the batch's row
lock, in the order a movement takes them (its ledger row's foreign key holds
the batch). So the two wait for each other in turn, never in a cycle, and
the alert ends as the last of them leaves it: judged from the new dates.
"""

from __future__ import annotations

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, second_waits_for_first

from stockdb.bench_soak import deadlock_count


def _world(url: str) -> tuple[str, str, str]:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        w = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        loc = conn.execute("SELECT api.create_location(%s, 'A1')", [w]).fetchone()[0]
        p = conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0]
        conn.execute(
            "SELECT api.receive_stock('in', %s, %s, 10, 'EXP', current_date + 5)", [p, loc]
        )
        batch = conn.execute(
            "SELECT id FROM catalog.product_batch WHERE batch_number = 'EXP'"
        ).fetchone()[0]
        return str(p), str(loc), str(batch)


def _use_one(conn: psycopg.Connection, p: str, loc: str, batch: str) -> None:
    conn.execute("SELECT api.record_movement('use', 'consumption', %s, %s, 1, %s)", [p, loc, batch])


def _move_expiry_past_horizon(conn: psycopg.Connection, batch: str) -> None:
    conn.execute("SELECT api.update_batch(%s, 1, expiry_date => current_date + 400)", [batch])


def _expiring(url: str, batch: str) -> bool:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT active FROM audit.alert_state "
            "WHERE alert_type = 'batch_expiring' AND subject LIKE %s",
            [f"{batch}@%"],
        ).fetchone()[0]


def test_a_correction_waits_for_a_movement_and_judges_after_it(fresh_db):
    p, loc, batch = _world(fresh_db)
    assert _expiring(fresh_db, batch) is True
    with psycopg.connect(fresh_db) as conn:
        deadlocks = deadlock_count(conn)
    outcome = second_waits_for_first(
        fresh_db,
        # The movement judges the alert from the old date: still expiring.
        lambda c: _use_one(c, p, loc, batch),
        lambda c: _move_expiry_past_horizon(c, batch),
    )
    assert outcome == "ok"
    # Judged again by the correction once the movement let go: not expiring.
    assert _expiring(fresh_db, batch) is False
    with psycopg.connect(fresh_db) as conn:
        assert deadlock_count(conn) == deadlocks


def test_a_movement_waits_for_a_correction_and_judges_after_it(fresh_db):
    p, loc, batch = _world(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        deadlocks = deadlock_count(conn)
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: _move_expiry_past_horizon(c, batch),
        lambda c: _use_one(c, p, loc, batch),
    )
    assert outcome == "ok"
    assert _expiring(fresh_db, batch) is False
    with psycopg.connect(fresh_db) as conn:
        assert deadlock_count(conn) == deadlocks
        on_hand = conn.execute(
            "SELECT sum(on_hand) FROM inventory.inventory WHERE batch_id = %s", [batch]
        ).fetchone()[0]
    assert on_hand == 9
