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


def _import_products(conn: psycopg.Connection, rows: list[list[str]]) -> dict:
    """A products upsert of (sku, name, reorder_point) rows in conn's transaction."""
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    batch = stage(conn, "products", ["sku", "name", "reorder_point"], rows, mode="upsert")
    got: dict = {}
    finish(conn, batch, got)
    return got


def _low_stock(url: str) -> list[tuple]:
    """The raised low_stock alerts: SKU and the reorder point each was judged against."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT p.sku, (s.details ->> 'reorder_point')::numeric FROM audit.alert_state AS s "
            "JOIN catalog.product AS p ON s.subject LIKE p.id || '@%%' "
            "WHERE s.alert_type = 'low_stock' AND s.active ORDER BY p.sku").fetchall()


def test_a_products_import_changing_reorder_points_judges_low_stock(fresh_db):
    """A new reorder point from a sheet judges low_stock in the import's
    transaction, as update_product does: before, the alert stayed as it was
    until the product's next movement."""
    stock_some(fresh_db)  # P0 to P2: 5 each in W/A1
    with psycopg.connect(fresh_db) as conn:
        got = _import_products(conn, [["P0", "Product 0", "10"], ["P1", "Product 1", "3"],
                                      ["P2", "Product 2", "0"]])
    assert got["errors"] == [] and got["batch"]["status"] == "applied"
    assert _low_stock(fresh_db) == [("P0", 10)]
    with psycopg.connect(fresh_db) as conn:
        _import_products(conn, [["P0", "Product 0", "2"], ["P1", "Product 1", "5"],
                                ["P2", "Product 2", "0"]])
    assert _low_stock(fresh_db) == [("P1", 5)]


def test_a_products_import_moving_a_reorder_point_waits_for_a_receipt(fresh_db):
    """The import takes the warehouses' stock before it changes the point, so it
    waits for a receipt under way and judges the stock the receipt left;
    judged beside it, low_stock would be raised from the 5 before it."""
    stock_some(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        product = conn.execute("SELECT id FROM catalog.product WHERE sku = 'P0'").fetchone()[0]
        a1 = conn.execute("SELECT id FROM warehouse.location WHERE code = 'A1'").fetchone()[0]
    got: dict = {}
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.receive_stock('in', %s, %s, 20)", [product, a1]),
        lambda c: got.update(_import_products(c, [["P0", "Product 0", "10"]])),
    )
    assert outcome == "ok"
    assert got["batch"]["status"] == "applied"
    assert _low_stock(fresh_db) == []  # 25 sellable, above 10


def test_a_products_import_moving_no_reorder_point_holds_up_no_movement(fresh_db):
    """A sheet that changes a stocked product's name but not its reorder point
    takes no stock: it finishes while a receipt in that warehouse is left open
    (taking it, the import would wait ten tries of 500 ms and fail with 55P03)."""
    stock_some(fresh_db)
    with psycopg.connect(fresh_db) as mover, psycopg.connect(fresh_db) as importer:
        mover.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        mover.execute(
            "SELECT api.receive_stock('in', p.id, l.id, 20) FROM catalog.product AS p, "
            "warehouse.location AS l WHERE p.sku = 'P0' AND l.code = 'A1'")
        importer.execute("SET lock_timeout = '1s'")
        got = _import_products(importer, [["P0", "Renamed", "0"]])
        importer.commit()
    assert got["batch"]["status"] == "applied" and got["batch"]["updated"] == 1


def test_a_products_import_keeps_a_reorder_point_changed_under_it(fresh_db):
    """A sheet whose point for P0 is the one the import read (0) leaves the point
    alone: an update_product under way set 10 and judged low_stock against it.
    The import took no stock lock (it moves no point) and overwrote 10 with the
    0 it had read, leaving low_stock raised against a point of 0."""
    stock_some(fresh_db)  # P0: 5 in W/A1, reorder point 0
    with psycopg.connect(fresh_db) as conn:
        product, version = conn.execute(
            "SELECT id, version FROM catalog.product WHERE sku = 'P0'").fetchone()
    got: dict = {}
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.update_product(%s, %s, reorder_point => 10)",
                            [product, version]),
        lambda c: got.update(_import_products(c, [["P0", "Renamed", "0"]])),
    )
    assert outcome == "ok"
    assert got["batch"]["status"] == "applied" and got["batch"]["updated"] == 1
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT name, reorder_point FROM catalog.product WHERE id = %s",
                            [product]).fetchone() == ("Renamed", 10)
    assert _low_stock(fresh_db) == [("P0", 10)]  # 5 sellable, at or below 10


def test_a_products_import_moving_the_point_of_a_product_without_stock_waits_for_its_receipt(
    fresh_db,
):
    """Stock may arrive for a product that had none while its point moves: the
    import takes the warehouses' stock for any new point, waits for the
    receipt, and raises low_stock from it. Taking it only for products that
    had stock, the import passed the receipt, which judged against the old
    point (0), and nothing judged the new one."""
    stock_some(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        product = conn.execute(
            "SELECT api.create_product(sku => 'P3', name => 'Product 3')").fetchone()[0]
        a1 = conn.execute("SELECT id FROM warehouse.location WHERE code = 'A1'").fetchone()[0]
        conn.commit()
    got: dict = {}
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.receive_stock('in-3', %s, %s, 5)", [product, a1]),
        lambda c: got.update(_import_products(c, [["P3", "Product 3", "10"]])),
    )
    assert outcome == "ok"
    assert got["batch"]["status"] == "applied"
    assert _low_stock(fresh_db) == [("P3", 10)]


def _active_alerts(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT s.alert_type, p.sku FROM audit.alert_state AS s "
            "JOIN catalog.product AS p ON s.subject LIKE p.id || '@%%' "
            "WHERE s.alert_type IN ('low_stock', 'out_of_stock') AND s.active "
            "ORDER BY 1, 2").fetchall()


def test_a_warehouse_going_out_of_use_waits_for_a_movement_and_resolves_its_alert(fresh_db):
    """An inactive warehouse has no stock alerts. update_warehouse takes its stock
    before it changes, so it waits for the consumption under way and resolves
    the out_of_stock that raised; judged beside it, the consumption raised it
    after the warehouse had gone out of use, and nothing would clear it."""
    stock_some(fresh_db)  # P0: 5 of B0 in W/A1
    with psycopg.connect(fresh_db) as conn:
        product, batch, a1 = conn.execute(
            "SELECT p.id, b.id, l.id FROM catalog.product AS p "
            "JOIN catalog.product_batch AS b ON b.product_id = p.id, warehouse.location AS l "
            "WHERE p.sku = 'P0' AND l.code = 'A1'").fetchone()
        warehouse, version = conn.execute(
            "SELECT id, version FROM warehouse.warehouse WHERE code = 'W'").fetchone()
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute(
            "SELECT api.record_movement('use', 'consumption', %s, %s, 5, %s)",
            [product, a1, batch]),
        lambda c: c.execute("SELECT api.update_warehouse(%s, %s, active => false)",
                            [warehouse, version]),
    )
    assert outcome == "ok"
    assert _active_alerts(fresh_db) == []


def test_a_products_import_taking_a_product_out_of_use_resolves_its_alerts(fresh_db):
    stock_some(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        _import_products(conn, [["P0", "Product 0", "10"]])
        conn.commit()
    assert _active_alerts(fresh_db) == [("low_stock", "P0")]
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        batch = stage(conn, "products", ["sku", "name", "reorder_point", "active"],
                      [["P0", "Product 0", "10", "false"]], mode="upsert")
        got: dict = {}
        finish(conn, batch, got)
        conn.commit()
    assert got["batch"]["status"] == "applied"
    assert _active_alerts(fresh_db) == []
