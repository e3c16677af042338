"""A location turned to quarantine while stock moves in its warehouse.

Turning a location to quarantine (or out of use) changes what of its stock
can be sold, and the product's out_of_stock and low_stock alerts are judged
again from it. The change first takes the warehouse's stock as an import
does, so it waits for a receipt under way there and judges with that
receipt's stock: judged from before it, out_of_stock was raised for a
product that had just been restocked elsewhere in the warehouse, and the
receipt, judged against the location as it was, had found nothing to clear.
"""

from __future__ import annotations

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, finish, second_waits_for_first, stage, stock_some


def test_a_location_turned_to_quarantine_waits_for_a_receipt_and_judges_with_it(fresh_db):
    stock_some(fresh_db)  # P0 to P2: 5 each in W/A1
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        warehouse, a1, version = conn.execute(
            "SELECT warehouse_id, id, version FROM warehouse.location WHERE code = 'A1'").fetchone()
        a2 = conn.execute("SELECT api.create_location(%s, 'A2')", [warehouse]).fetchone()[0]
        product = conn.execute("SELECT id FROM catalog.product WHERE sku = 'P0'").fetchone()[0]
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.receive_stock('in', %s, %s, 7)", [product, a2]),
        lambda c: c.execute("SELECT api.update_location(%s, %s, kind => 'quarantine')",
                            [a1, version]),
    )
    assert outcome == "ok"
    with psycopg.connect(fresh_db) as conn:
        open_alerts = conn.execute(
            "SELECT p.sku FROM audit.alert_state AS s JOIN catalog.product AS p "
            "ON s.subject = p.id || '@' || %s "
            "WHERE s.alert_type = 'out_of_stock' AND s.active ORDER BY p.sku", [warehouse]
        ).fetchall()
    # P1 and P2 lie in A1 alone; P0 has the 7 received in A2.
    assert open_alerts == [("P1",), ("P2",)]


def test_a_location_change_behind_a_movement_left_open_gives_up_with_55p03(fresh_db):
    """A transaction that moved stock in the warehouse and has not ended keeps
    its stock busy: the change waits ten tries of 500 ms, then fails with
    55P03 and changes nothing."""
    stock_some(fresh_db)
    holder = psycopg.connect(fresh_db)
    try:
        holder.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        a1, version = holder.execute(
            "SELECT id, version FROM warehouse.location WHERE code = 'A1'").fetchone()
        holder.execute(
            "SELECT api.record_movement('open', 'adjustment', p.id, %s, 1, reason => 'found') "
            "FROM catalog.product AS p WHERE p.sku = 'P0'", [a1])
        with psycopg.connect(fresh_db) as conn:
            conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
            try:
                conn.execute("SELECT api.update_location(%s, %s, kind => 'quarantine')",
                             [a1, version])
                outcome = "ok"
            except psycopg.Error as exc:
                outcome = exc.sqlstate
            conn.rollback()
            kind = conn.execute("SELECT kind FROM warehouse.location WHERE id = %s",
                                [a1]).fetchone()[0]
    finally:
        holder.close()
    assert outcome == "55P03"
    assert kind == "storage"


def test_a_new_reorder_point_waits_for_a_receipt_and_judges_with_it(fresh_db):
    """update_product takes the product's stock locks before a new reorder
    point, as a movement does, and judges low_stock after it: judged beside a
    receipt under way, it raised low_stock from the stock before the receipt,
    which the receipt, judged against the old reorder point, left open."""
    stock_some(fresh_db)  # P0: 5 in W/A1
    with psycopg.connect(fresh_db) as conn:
        product, version = conn.execute(
            "SELECT id, version FROM catalog.product WHERE sku = 'P0'").fetchone()
        a1 = conn.execute("SELECT id FROM warehouse.location WHERE code = 'A1'").fetchone()[0]
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.receive_stock('in', %s, %s, 20)", [product, a1]),
        lambda c: c.execute("SELECT api.update_product(%s, %s, reorder_point => 10)",
                            [product, version]),
    )
    assert outcome == "ok"
    with psycopg.connect(fresh_db) as conn:
        raised = conn.execute(
            "SELECT count(*) FROM audit.alert_state WHERE alert_type = 'low_stock' AND active"
        ).fetchone()[0]
    assert raised == 0  # 25 sellable, above 10


def test_a_locations_import_turning_a_location_to_quarantine_judges_its_stock(fresh_db):
    """A locations import (upsert) changes locations through the same trigger
    as api.update_location: the stock it puts in quarantine is no longer
    sellable, and out_of_stock is raised in the import's transaction."""
    stock_some(fresh_db)  # P0 to P2: 5 each in W/A1
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        batch = stage(conn, "locations", ["warehouse", "code", "kind", "active"],
                      [["W", "A1", "quarantine", "true"]], mode="upsert")
        got: dict = {}
        finish(conn, batch, got)
        conn.commit()
        raised = conn.execute(
            "SELECT p.sku FROM audit.alert_state AS s JOIN catalog.product AS p "
            "ON s.subject LIKE p.id || '@%%' "
            "WHERE s.alert_type = 'out_of_stock' AND s.active ORDER BY p.sku").fetchall()
    assert got["errors"] == []
    assert raised == [("P0",), ("P1",), ("P2",)]
