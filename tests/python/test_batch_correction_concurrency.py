"""A batch's dates corrected while a receipt of it is under way: the
correction waits for the receipt (which holds the batch FOR KEY SHARE through
its ledger row's foreign key), so it never changes a lot under a movement."""

from __future__ import annotations

import threading

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, wait_until_blocked


def session(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    return conn


def test_a_correction_waits_for_a_receipt_of_the_batch_under_way(fresh_db):
    with session(fresh_db) as conn:
        w = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        loc = conn.execute("SELECT api.create_location(%s, 'A1')", [w]).fetchone()[0]
        product = conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0]
        conn.execute("SELECT api.receive_stock('in-1', %s, %s, 5, 'LOT', '2062-12-20')",
                     [product, loc])
        batch = conn.execute("SELECT id FROM catalog.product_batch").fetchone()[0]
    receiver, corrector = session(fresh_db), session(fresh_db)
    got: dict = {}

    def correct() -> None:
        got["version"] = corrector.execute(
            "SELECT api.update_batch(%s, 1, expiry_date => '2030-12-20')", [batch]).fetchone()[0]
        corrector.commit()

    with receiver, corrector:
        receiver.execute("SELECT api.receive_stock('in-2', %s, %s, 1, 'LOT')", [product, loc])
        t = threading.Thread(target=correct)
        t.start()
        wait_until_blocked(fresh_db, corrector.info.backend_pid)
        receiver.commit()
        t.join(10)
    assert got == {"version": 2}
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT expiry_date::text FROM catalog.product_batch").fetchone() == (
            "2030-12-20",)
