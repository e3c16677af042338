"""A shipped order's calls that race.

A cancel while its carrier's event is being recorded: api.cancel_sales_order
holds the order's shipments FOR SHARE before it locks the order, the order
api.add_tracking_event takes them in (a delivery closes the order). So a
cancel behind the event that cancels the shipment waits and then goes
through, and a cancel behind a delivery waits and is refused: the delivery
closed the order.

Two returns of one line: api.return_sales_order_item holds the line FOR
UPDATE before it counts what came back, so the second waits and then sees the
first's units: together they never take back more than the line shipped.
"""

from __future__ import annotations

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, second_waits_for_first, stock_some


def _shipped(url: str) -> tuple[str, str]:
    """A shipped order of one unit of P0 and its shipment."""
    stock_some(url)
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        customer = conn.execute("SELECT api.create_customer('C1', 'Customer')").fetchone()[0]
        conn.execute("SELECT api.create_carrier('DHL', 'DHL')")
        product, warehouse = conn.execute(
            "SELECT p.id, w.id FROM catalog.product AS p, warehouse.warehouse AS w "
            "WHERE p.sku = 'P0' AND w.code = 'W'"
        ).fetchone()
        order = conn.execute(
            "SELECT api.create_sales_order('so', %s, jsonb_build_array(jsonb_build_object("
            "'product_id', %s::uuid, 'quantity', 1, 'unit_price_minor', 100)), 'EUR')",
            [customer, product],
        ).fetchone()[0]
        conn.execute("SELECT api.approve_sales_order(%s, version) FROM sales.sales_order "
                     "WHERE id = %s", [order, order])
        conn.execute("SELECT api.reserve_sales_order('r', %s, %s)", [order, warehouse])
        shipment = conn.execute(
            "SELECT api.ship_sales_order('s', %s, 'DHL', 'T1')", [order]
        ).fetchone()[0]
    return str(order), str(shipment)


def _cancel(order: str):
    def run(conn: psycopg.Connection) -> None:
        version = conn.execute(
            "SELECT version FROM sales.sales_order WHERE id = %s", [order]
        ).fetchone()[0]
        conn.execute("SELECT api.cancel_sales_order(%s, %s, 'parcel lost')", [order, version])

    return run


def _status(url: str, order: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT status::text FROM sales.sales_order WHERE id = %s", [order]
        ).fetchone()[0]


def test_a_cancel_behind_the_carriers_cancellation_goes_through(fresh_db):
    order, shipment = _shipped(fresh_db)
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.add_tracking_event(%s, 'cancelled')", [shipment]),
        _cancel(order),
    )
    assert outcome == "ok"
    assert _status(fresh_db, order) == "cancelled"


def test_a_cancel_behind_a_delivery_is_refused(fresh_db):
    order, shipment = _shipped(fresh_db)
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.add_tracking_event(%s, 'delivered')", [shipment]),
        _cancel(order),
    )
    assert outcome.startswith("SD004: "), outcome
    assert _status(fresh_db, order) == "closed"


def test_a_return_behind_another_of_the_same_line_sees_it(fresh_db):
    order, _shipment = _shipped(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        line, a1 = conn.execute(
            "SELECT i.id, l.id FROM sales.sales_order_item AS i, warehouse.location AS l "
            "WHERE i.sales_order_id = %s AND l.code = 'A1'", [order]
        ).fetchone()
        # Into two warehouses, so no stock lock is shared: the line's own
        # lock is what makes the second wait.
        east = conn.execute("SELECT api.create_warehouse('E', 'East')").fetchone()[0]
        e1 = conn.execute("SELECT api.create_location(%s, 'E1')", [east]).fetchone()[0]

    def give_back(key: str, location: str):
        return lambda c: c.execute(
            "SELECT api.return_sales_order_item(%s, %s, %s, 1)", [key, line, location]
        )

    outcome = second_waits_for_first(fresh_db, give_back("r1", a1), give_back("r2", e1))
    assert outcome == f"22023: sales order line {line} has 0 left to return, not 1"
    with psycopg.connect(fresh_db) as conn:
        returned = conn.execute(
            "SELECT sum(quantity) FROM inventory.stock_movement WHERE reference_id = %s", [line]
        ).fetchone()[0]
    assert returned == 1, "the line shipped one unit, and one came back"
