"""The demo's shipping when a lot it reserved was put on hold (a recall)
between the reservation and the shipment: the order is given back
(api.unreserve_sales_order) and reserved again away from the held lot, or
cancelled when no other lot covers it. The 30 days rarely hit that moment,
so it is set up here."""

from __future__ import annotations

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, stock_some

from stockdb import demo


@pytest.mark.parametrize("other_lot, shipped", [(True, True), (False, False)])
def test_an_order_whose_lot_went_on_hold_is_reserved_again_or_cancelled(
    fresh_db, other_lot, shipped
):
    stock_some(fresh_db)  # P0: 5 units in batch B0 at A1 of W
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        product, warehouse, location = conn.execute(
            "SELECT p.id, w.id, l.id FROM catalog.product AS p, warehouse.warehouse AS w "
            "JOIN warehouse.location AS l ON l.warehouse_id = w.id WHERE p.sku = 'P0'"
        ).fetchone()
        if other_lot:
            conn.execute("SELECT api.receive_stock('in-9', %s, %s, 5, batch_number => 'B9')",
                         [product, location])
        customer = conn.execute("SELECT api.create_customer('C1', 'Customer')").fetchone()[0]
        conn.execute("SELECT api.create_carrier('DHL', 'DHL')")
        order = conn.execute(
            "SELECT api.create_sales_order('so', %s, jsonb_build_array(jsonb_build_object("
            "'product_id', %s::uuid, 'quantity', 2, 'unit_price_minor', 100)), 'EUR')",
            [customer, product],
        ).fetchone()[0]
        conn.execute("SELECT api.approve_sales_order(%s, version) FROM sales.sales_order "
                     "WHERE id = %s", [order, order])
        conn.execute("SELECT api.reserve_sales_order('r', %s, %s)", [order, warehouse])
        conn.execute("SELECT api.hold_batch(id, version, 'recall') FROM catalog.product_batch "
                     "WHERE batch_number = 'B0'")
    api = demo.Api(fresh_db, 1)
    try:
        tenant = demo.Tenant(id=DEFAULT_TENANT, code="default", user=ADMIN, carriers=["DHL"])
        sim = demo.Simulation()
        shipment = demo.Day(api, sim, tenant, 1, 7)._ship(str(order), str(warehouse))
    finally:
        api.close()
    assert (shipment is not None) == shipped
    assert sim.counts["sales orders reserved again (lot on hold)"] == 1
    with psycopg.connect(fresh_db) as conn:
        status = conn.execute("SELECT status::text FROM sales.sales_order WHERE id = %s",
                              [order]).fetchone()[0]
        lots = conn.execute(
            "SELECT array_agg(DISTINCT b.batch_number) FROM logistics.shipment_item AS si "
            "JOIN catalog.product_batch AS b ON b.id = si.batch_id"
        ).fetchone()[0]
    assert status == ("shipped" if shipped else "cancelled")
    assert lots == (["B9"] if shipped else None)
