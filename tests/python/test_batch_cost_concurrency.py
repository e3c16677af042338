"""A lot without a cost given one by two receipts at once, and corrected while one does.

A receipt with a cost gives a known lot without one that cost
(catalog.find_or_create_batch), under the row lock of its UPDATE. A second
receipt of the lot, in another warehouse (so not behind the first's stock
lock), waits for that row, then compares its cost with the one the first
gave: the lot keeps one cost whichever commits first.
"""

from __future__ import annotations

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, second_waits_for_first

from stockdb.bench_soak import deadlock_count


def _world(url: str) -> tuple[str, str, str, str]:
    """Product P (EUR), locations A1 in W and B1 in W2, and lot L received in A1 without a cost."""
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        w = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        w2 = conn.execute("SELECT api.create_warehouse('W2', 'W2')").fetchone()[0]
        a1 = conn.execute("SELECT api.create_location(%s, 'A1')", [w]).fetchone()[0]
        b1 = conn.execute("SELECT api.create_location(%s, 'B1')", [w2]).fetchone()[0]
        p = conn.execute(
            "SELECT api.create_product('P', 'P', unit_price_minor => 500, currency => 'EUR')"
        ).fetchone()[0]
        conn.execute("SELECT api.receive_stock('in-0', %s, %s, 1, 'L')", [p, a1])
        batch = conn.execute("SELECT id FROM catalog.product_batch").fetchone()[0]
        return str(p), str(a1), str(b1), str(batch)


def _receive(key: str, p: str, location: str, cost: int):
    return lambda c: c.execute(
        "SELECT api.receive_stock(%s, %s, %s, 2, 'L', unit_cost_minor => %s)",
        [key, p, location, cost],
    )


def _lot(url: str, batch: str) -> tuple:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT b.unit_cost_minor, b.currency, b.version, "
            "(SELECT sum(i.on_hand) FROM inventory.inventory AS i WHERE i.batch_id = b.id) "
            "FROM catalog.product_batch AS b WHERE b.id = %s", [batch]).fetchone()


def test_two_receipts_giving_a_lot_two_costs_at_once_leave_it_one(fresh_db):
    p, a1, b1, batch = _world(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        deadlocks = deadlock_count(conn)
    outcome = second_waits_for_first(
        fresh_db, _receive("in-1", p, a1, 100), _receive("in-2", p, b1, 200)
    )
    assert outcome == "22023: batch L of P has another cost"
    assert _lot(fresh_db, batch) == (100, "EUR", 2, 3)
    with psycopg.connect(fresh_db) as conn:
        assert deadlock_count(conn) == deadlocks


def test_two_receipts_giving_a_lot_one_cost_at_once_both_go_in(fresh_db):
    p, a1, b1, batch = _world(fresh_db)
    outcome = second_waits_for_first(
        fresh_db, _receive("in-1", p, a1, 100), _receive("in-2", p, b1, 100)
    )
    assert outcome == "ok"
    assert _lot(fresh_db, batch) == (100, "EUR", 2, 5)


def test_a_correction_behind_a_receipt_giving_the_lot_its_cost_finds_it_changed(fresh_db):
    """update_batch takes the product's stock in every warehouse first, so it waits for
    the receipt, and then the version it read is stale: the lot has a cost now."""
    p, a1, _b1, batch = _world(fresh_db)
    outcome = second_waits_for_first(
        fresh_db,
        _receive("in-1", p, a1, 100),
        lambda c: c.execute(
            "SELECT api.update_batch(%s, 1, unit_cost_minor => 90, currency => 'EUR')", [batch]
        ),
    )
    assert outcome == f"SD004: batch {batch} was changed by someone else"
    assert _lot(fresh_db, batch) == (100, "EUR", 2, 3)
