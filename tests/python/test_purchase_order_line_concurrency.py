"""A purchase order changed while another call moves it on: a draft's line
changed or removed while the order is being submitted, and a new delivery
date while the last goods are received.

A change of a line locks its order at the version the buyer read, as
submitting does. So an edit behind a submit under way waits, then finds
the order changed (SD004) and leaves the ordered line as it was: had the
edit locked the line alone, the supplier would have been sent one
quantity and the order would hold another.
"""

from __future__ import annotations

import threading

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, second_waits_for_first, wait_until_blocked


def session(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    return conn


@pytest.mark.parametrize("edit", [
    "api.update_purchase_order_item(%s, %s, quantity => 7)",
    "api.remove_purchase_order_item(%s, %s)",
])
def test_an_edit_behind_a_submit_waits_and_is_refused(fresh_db, edit):
    with session(fresh_db) as conn:
        supplier = conn.execute("SELECT api.create_supplier('SUP', 'S')").fetchone()[0]
        product = conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0]
        order = conn.execute("SELECT api.create_purchase_order(%s, 'EUR')",
                             [supplier]).fetchone()[0]
        line = conn.execute("SELECT api.add_purchase_order_item(%s, 1, %s, 3, 100)",
                            [order, product]).fetchone()[0]
        version = conn.execute("SELECT version FROM report.purchase_order_status "
                               "WHERE purchase_order_id = %s", [order]).fetchone()[0]
        conn.commit()
    submitter, editor = session(fresh_db), session(fresh_db)
    got: dict = {}

    def run() -> None:
        try:
            editor.execute(f"SELECT {edit}", [line, version])
            editor.commit()
            got["outcome"] = "ok"
        except psycopg.Error as e:
            editor.rollback()
            got["outcome"] = e.sqlstate

    with submitter, editor:
        submitter.execute("SELECT api.submit_purchase_order(%s, %s)", [order, version])
        t = threading.Thread(target=run)
        t.start()
        wait_until_blocked(fresh_db, editor.info.backend_pid)
        submitter.commit()
        t.join(10)
    assert got["outcome"] == "SD004"
    with psycopg.connect(fresh_db) as conn:
        row = conn.execute("SELECT quantity_ordered FROM procurement.purchase_order_item "
                           "WHERE id = %s", [line]).fetchone()
    assert row == (3,)


def test_a_new_date_behind_the_last_receipt_waits_and_is_refused(fresh_db):
    """The receipt that completes the order holds it and moves it on; a new
    delivery date read before it is refused (SD004), and the received order
    keeps the date it had."""
    with session(fresh_db) as conn:
        supplier = conn.execute("SELECT api.create_supplier('SUP', 'S')").fetchone()[0]
        product = conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0]
        warehouse = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        location = conn.execute("SELECT api.create_location(%s, 'A1')", [warehouse]).fetchone()[0]
        order = conn.execute("SELECT api.create_purchase_order(%s, 'EUR')",
                             [supplier]).fetchone()[0]
        line = conn.execute("SELECT api.add_purchase_order_item(%s, 1, %s, 3, 100)",
                            [order, product]).fetchone()[0]
        version = conn.execute("SELECT api.submit_purchase_order(%s, 2)", [order]).fetchone()[0]
        conn.commit()
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.receive_purchase_order_item('rc', %s, %s, 3)",
                            [line, location]),
        lambda c: c.execute("SELECT api.update_purchase_order(%s, %s, now() + interval '9 days')",
                            [order, version]),
    )
    assert outcome.startswith("SD004: ")
    with psycopg.connect(fresh_db) as conn:
        row = conn.execute("SELECT status::text, expected_at FROM procurement.purchase_order "
                           "WHERE id = %s", [order]).fetchone()
    assert row == ("received", None)
