"""A sales order's lines or amounts changed while the order is being reserved.

A change of a line, or of shipping and tax, locks its order at the version
read, and an approved order it changes goes back to pending;
api.reserve_sales_order locks the order too. So whichever comes second
waits for the first and then refuses: a reserve behind a change finds the
order pending again (SD003), a change behind a reserve finds the order
moved on (SD004). What is reserved is always what the lines say, also
behind a split. And an order given back (unreserve) is not shipped by a
ship waiting behind it.
"""

from __future__ import annotations

import threading

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, second_waits_for_first, stock_some, wait_until_blocked


def _approved(url: str) -> tuple[str, str, str, int]:
    """An approved order of two units of P0: its id, line, warehouse and version."""
    stock_some(url)
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        customer = conn.execute("SELECT api.create_customer('C1', 'Customer')").fetchone()[0]
        product, warehouse = conn.execute(
            "SELECT p.id, w.id FROM catalog.product AS p, warehouse.warehouse AS w "
            "WHERE p.sku = 'P0' AND w.code = 'W'"
        ).fetchone()
        order = conn.execute(
            "SELECT api.create_sales_order('so', %s, jsonb_build_array(jsonb_build_object("
            "'product_id', %s::uuid, 'quantity', 2, 'unit_price_minor', 100)), 'EUR')",
            [customer, product],
        ).fetchone()[0]
        version = conn.execute("SELECT api.approve_sales_order(%s, version) FROM sales.sales_order "
                               "WHERE id = %s", [order, order]).fetchone()[0]
        line = conn.execute("SELECT id FROM sales.sales_order_item WHERE sales_order_id = %s",
                            [order]).fetchone()[0]
    return str(order), str(line), str(warehouse), version


def _state(url: str, order: str) -> tuple:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT so.status::text, soi.quantity, "
            "(SELECT coalesce(sum(r.quantity), 0) FROM inventory.reservation AS r "
            " WHERE r.tenant_id = soi.tenant_id AND r.id = soi.reservation_id "
            " AND r.status = 'active') "
            "FROM sales.sales_order AS so JOIN sales.sales_order_item AS soi "
            "ON soi.tenant_id = so.tenant_id AND soi.sales_order_id = so.id WHERE so.id = %s",
            [order],
        ).fetchone()


@pytest.mark.parametrize("change, quantity", [
    ("SELECT api.update_sales_order_item(%(line)s, %(version)s, quantity => 3)", 3),
    ("SELECT api.update_sales_order(%(order)s, %(version)s, shipping_minor => 990)", 2),
])
def test_a_reserve_behind_a_change_is_refused(fresh_db, change, quantity):
    order, line, warehouse, version = _approved(fresh_db)
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute(change, {"line": line, "order": order, "version": version}),
        lambda c: c.execute("SELECT api.reserve_sales_order('r', %s, %s)", [order, warehouse]),
    )
    assert outcome.startswith("SD003: sales_order")
    assert _state(fresh_db, order) == ("pending", quantity, 0)


def test_a_line_change_behind_a_reserve_is_refused(fresh_db):
    order, line, warehouse, version = _approved(fresh_db)
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.reserve_sales_order('r', %s, %s)", [order, warehouse]),
        lambda c: c.execute("SELECT api.update_sales_order_item(%s, %s, quantity => 3)",
                            [line, version]),
    )
    assert outcome.startswith("SD004: ")
    assert _state(fresh_db, order) == ("processing", 2, 2)


def test_a_ship_behind_an_unreserve_is_refused(fresh_db):
    """api.unreserve_sales_order takes the stock locks and then the order, as
    shipping does: a ship behind it waits, then finds the order approved, and
    nothing leaves."""
    order, line, warehouse, version = _approved(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        conn.execute("SELECT api.create_carrier('DHL', 'DHL')")
        conn.execute("SELECT api.reserve_sales_order('r', %s, %s)", [order, warehouse])
        version = conn.execute("SELECT version FROM sales.sales_order WHERE id = %s",
                               [order]).fetchone()[0]
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.unreserve_sales_order(%s, %s)", [order, version]),
        lambda c: c.execute("SELECT api.ship_sales_order('s', %s, 'DHL', 'T1')", [order]),
    )
    assert outcome.startswith("SD003: ")
    assert _state(fresh_db, order) == ("approved", 2, 0)
    with psycopg.connect(fresh_db) as conn:
        issued = conn.execute("SELECT count(*) FROM inventory.stock_movement "
                              "WHERE movement_type = 'sale_issue'").fetchone()
    assert issued == (0,)


def test_a_reserve_behind_a_split_reserves_what_is_left(fresh_db):
    """api.split_sales_order holds the order while it moves lines: a reserve
    behind it waits, then reserves the lines the order kept, not the ones
    that went to the backorder."""
    order, line, warehouse, version = _approved(fresh_db)
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute(
            "SELECT api.split_sales_order('sp', %s, %s, jsonb_build_array(jsonb_build_object("
            "'item_id', %s::uuid, 'quantity', 1)))", [order, version, line]),
        lambda c: c.execute("SELECT api.reserve_sales_order('r', %s, %s)", [order, warehouse]),
    )
    assert outcome == "ok"
    assert _state(fresh_db, order) == ("processing", 1, 1)


@pytest.mark.parametrize("call, status", [
    ("SELECT api.ship_sales_order('s', %(order)s, 'DHL', 'T1')", "shipped"),
    ("SELECT api.unreserve_sales_order(%(order)s, %(version)s + 1)", "approved"),
    ("SELECT api.cancel_sales_order(%(order)s, %(version)s + 1, 'changed mind')", "cancelled"),
])
def test_a_call_behind_a_reserve_takes_the_stock_it_reserved(fresh_db, call, status):
    """A ship, unreserve or cancel takes the order's stock locks before the
    order, from its reservations as they were; behind a reserve there were
    none. The ship then failed on a shipment without a warehouse (23502), and
    an unreserve or cancel released stock without its lock. Each now takes the
    stock the reserve holds once it has the order, and goes through (the
    version it passes is the one the reserve leaves)."""
    order, line, warehouse, version = _approved(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        conn.execute("SELECT api.create_carrier('DHL', 'DHL')")
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.reserve_sales_order('r', %s, %s)", [order, warehouse]),
        lambda c: c.execute(call, {"order": order, "version": version}),
    )
    assert outcome == "ok"
    assert _state(fresh_db, order)[0] == status
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone() == (0,)
        issued = conn.execute("SELECT coalesce(sum(-quantity), 0) FROM inventory.stock_movement "
                              "WHERE movement_type = 'sale_issue'").fetchone()[0]
    assert issued == (2 if status == "shipped" else 0)


@pytest.mark.parametrize("call", [
    "SELECT api.ship_sales_order('s', %(order)s, 'DHL', 'T1')",
    "SELECT api.unreserve_sales_order(%(order)s, %(version)s + 1)",
    "SELECT api.cancel_sales_order(%(order)s, %(version)s + 1, 'changed mind')",
])
def test_a_call_behind_a_reserve_whose_stock_is_busy_is_a_serialization_failure(fresh_db, call):
    """Taking the reserved stock's lock once the order is held must not wait
    (a call holding that stock and waiting for the order would deadlock with
    it): held by another call, the ship, unreserve or cancel fails with 40001
    and nothing is kept."""
    order, line, warehouse, version = _approved(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        conn.execute("SELECT api.create_carrier('DHL', 'DHL')")
        product = conn.execute("SELECT product_id FROM sales.sales_order_item WHERE id = %s",
                               [line]).fetchone()[0]
    with psycopg.connect(fresh_db) as holder:
        # Another call's hold on the order's stock, taken once the reserve is done.
        def reserve_then_hold(c):
            c.execute("SELECT api.reserve_sales_order('r', %s, %s)", [order, warehouse])
            threading.Thread(target=lambda: holder.execute(
                "SELECT pg_advisory_xact_lock(inventory.stock_lock_key(%s, %s, %s))",
                [DEFAULT_TENANT, product, warehouse])).start()
            wait_until_blocked(fresh_db, holder.info.backend_pid)

        outcome = second_waits_for_first(
            fresh_db, reserve_then_hold,
            lambda c: c.execute(call, {"order": order, "version": version}),
        )
        holder.rollback()
    assert outcome.startswith("40001: sales order ")
    assert outcome.endswith(" was reserved while this call waited for it")
    assert _state(fresh_db, order) == ("processing", 2, 2)
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM logistics.shipment").fetchone() == (0,)
