"""Sales and purchase orders changed from many sessions at once, at random.

Six workers share a few products (one in two batches), two warehouses and a
pool of orders, and for a bounded time call what a busy office would:
create, add and change lines, approve, reserve, unreserve, split, ship,
report carrier events, cancel, take goods back, hold and lift batches,
draft, submit, receive and cancel purchase orders, receive stock, turn the
customer, supplier, carrier, a warehouse, a location or a product out of
use and back, delete customers others are ordering for, and import purchase
orders, opening stock and counts, each
reading the version it passes just before, so that calls race. No call may
deadlock or fail with anything but a documented SQLSTATE, and afterwards the
books must agree (ops.check_integrity finds nothing) and every order's
reservations must be what its status says: active and equal to each line
while it is reserved (processing), none otherwise.
"""

from __future__ import annotations

import threading
import time
import uuid

import psycopg
import pytest
from chaos import Worker, admin_caller, run_workers, warehouses_and_products
from helpers import race_import
from psycopg.types.json import Jsonb

pytestmark = pytest.mark.slow

# Orders whose reservations do not match their status: a processing order's line
# without an active reservation of its quantity, or any other order's line
# naming an active one.
MISMATCHED_RESERVATIONS = """
SELECT so.number, so.status::text, i.id, i.quantity, r.status::text, r.quantity
FROM sales.sales_order AS so
JOIN sales.sales_order_item AS i ON i.tenant_id = so.tenant_id AND i.sales_order_id = so.id
LEFT JOIN inventory.reservation AS r ON r.tenant_id = i.tenant_id AND r.id = i.reservation_id
WHERE CASE WHEN so.status = 'processing'
           THEN r.status IS DISTINCT FROM 'active' OR r.quantity <> i.quantity
           ELSE r.status = 'active' END
"""


def _world(url: str) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        api = admin_caller(conn)
        warehouses, locations, products = warehouses_and_products(api, ("P0", "P1", "P2"))
        for p in products:
            for loc in locations:
                for batch, expiry in ((None, None), ("E1", "2030-01-31"), ("E2", "2031-06-30")):
                    if (batch is None) != (p == products[1]):
                        api("SELECT api.receive_stock(%s, %s, %s, 60, %s, %s)",
                            f"in-{uuid.uuid4()}", p, loc, batch, expiry)
        api("SELECT api.create_carrier('K', 'Carrier')")
        return {
            "carrier_id": str(conn.execute("SELECT id FROM logistics.carrier").fetchone()[0]),
            "customers": [], "lock": threading.Lock(),
            "warehouses": warehouses, "locations": locations, "products": products,
            "customer": api("SELECT api.create_customer('C', 'Customer')"),
            "supplier": api("SELECT api.create_supplier('S', 'Supplier')"),
            "carrier": "K",
            "batches": [str(b) for (b,) in conn.execute(
                "SELECT id FROM catalog.product_batch ORDER BY batch_number").fetchall()],
        }


class DocumentWorker(Worker):
    def sales_order(self):
        """One of the newest few orders, so that workers often meet on the same one."""
        return self.one("SELECT id FROM (SELECT id FROM sales.sales_order ORDER BY id DESC "
                        "LIMIT 8) AS o ORDER BY random() LIMIT 1")

    def shipped_order(self):
        """One of the orders shipped last."""
        return self.one("SELECT sales_order_id FROM (SELECT sales_order_id FROM logistics.shipment "
                        "ORDER BY id DESC LIMIT 8) AS o ORDER BY random() LIMIT 1")

    def line(self, order, table: str = "sales.sales_order_item", column: str = "sales_order_id"):
        return self.one(f"SELECT id FROM {table} WHERE {column} = %s "  # noqa: S608
                        "ORDER BY random() LIMIT 1", order)

    def step(self) -> None:
        w, rng = self.w, self.rng
        op = rng.choice(["create", "create", "add", "change", "approve", "approve", "reserve",
                         "reserve", "unreserve", "split", "ship", "ship", "event", "cancel",
                         "return", "hold", "po", "stock", "master", "import"])
        if op == "create":
            lines = [{"product_id": p, "quantity": rng.randint(1, 5)}
                     for p in rng.sample(w["products"], rng.randint(1, 2))]
            with w["lock"]:
                customer = rng.choice([w["customer"], *w["customers"][-2:]])
            self.call(op, "SELECT api.create_sales_order(%s, %s, %s)",
                      f"so-{uuid.uuid4()}", customer, Jsonb(lines))
            return
        if op == "hold":
            batch = rng.choice(w["batches"])
            if rng.random() < 0.5:
                self.call(op, "SELECT api.hold_batch(%s, version, 'chaos') "
                          "FROM catalog.product_batch WHERE id = %s", batch, batch)
            else:
                self.call("lift", "SELECT api.lift_batch_hold(%s, version) "
                          "FROM catalog.product_batch WHERE id = %s", batch, batch)
            return
        if op == "po":
            self.purchase_order()
            return
        if op == "master":
            self.master_data()
            return
        if op == "import":
            self.import_rows()
            return
        if op == "stock":  # goods keep coming in, so reserves keep finding some
            p = rng.choice(w["products"])
            batch = ("E2", "2031-06-30") if p == w["products"][1] else (None, None)
            self.call(op, "SELECT api.receive_stock(%s, %s, %s, %s, %s, %s)", f"in-{uuid.uuid4()}",
                      p, rng.choice(w["locations"]), rng.randint(5, 10), *batch)
            return
        order = self.shipped_order() if op in ("event", "return") else self.sales_order()
        if order is None:
            return
        version = self.version("sales.sales_order", order)
        if op == "add":
            self.call(op, "SELECT api.add_sales_order_item(%s, %s, %s, %s)", order, version,
                      rng.choice(w["products"]), rng.randint(1, 3))
        elif op == "change":
            self.call(op, "SELECT api.update_sales_order_item(%s, %s, %s)",
                      self.line(order), version, rng.randint(1, 5))
        elif op == "approve":
            self.call(op, "SELECT api.approve_sales_order(%s, %s)", order, version)
        elif op == "reserve":
            self.call(op, "SELECT api.reserve_sales_order(%s, %s, %s)", f"r-{uuid.uuid4()}",
                      order, rng.choice(w["warehouses"]))
        elif op == "unreserve":
            self.call(op, "SELECT api.unreserve_sales_order(%s, %s)", order, version)
        elif op == "split":
            self.call(op, "SELECT api.split_sales_order(%s, %s, %s, %s)", f"s-{uuid.uuid4()}",
                      order, version, Jsonb([{"item_id": str(self.line(order)), "quantity": 1}]))
        elif op == "ship":
            self.call(op, "SELECT api.ship_sales_order(%s, %s, %s, %s)", f"sh-{uuid.uuid4()}",
                      order, w["carrier"], f"T{uuid.uuid4().hex}")
        elif op == "event":
            shipment = self.one("SELECT id FROM logistics.shipment WHERE sales_order_id = %s",
                                order)
            if shipment:
                self.call(op, "SELECT api.add_tracking_event(%s, %s)", shipment,
                          rng.choice(["delivered", "cancelled", "delayed", "in_transit"]))
        elif op == "cancel":
            self.call(op, "SELECT api.cancel_sales_order(%s, %s, 'chaos')", order, version)
        elif op == "return":
            item = self.line(order)
            warehouse = self.one("SELECT warehouse_id FROM logistics.shipment "
                                 "WHERE sales_order_id = %s", order)
            if item and warehouse:
                location = w["locations"][w["warehouses"].index(str(warehouse))]
                self.call(op, "SELECT api.return_sales_order_item(%s, %s, %s, 1, "
                          "(SELECT batch_id FROM sales.sales_order_item_batch "
                          " WHERE sales_order_item_id = %s LIMIT 1))",
                          f"ret-{uuid.uuid4()}", item, location, item)

    def master_data(self) -> None:
        """What the documents name, changed under them: turned out of use and back,
        and customers made, ordered for and deleted while others order for them."""
        w, rng = self.w, self.rng
        what = rng.choice(["customer", "supplier", "carrier", "warehouse", "location",
                           "product", "doomed"])
        active = rng.random() < 0.7
        if what == "doomed":
            code = f"C{uuid.uuid4().hex[:8]}"
            customer = self.call("doomed", "SELECT api.create_customer(%s, %s)", code, code)
            if customer is None:
                return
            with w["lock"]:
                w["customers"].append(str(customer))
            time.sleep(rng.uniform(0, 0.05))
            self.call("delete_customer", "SELECT api.delete_customer(%s, %s)", customer,
                      self.version("sales.customer", customer))
            return
        row, table, function = {
            "customer": (w["customer"], "sales.customer", "update_customer"),
            "supplier": (w["supplier"], "procurement.supplier", "update_supplier"),
            "carrier": (w["carrier_id"], "logistics.carrier", "update_carrier"),
            "warehouse": (w["warehouses"][1], "warehouse.warehouse", "update_warehouse"),
            "location": (w["locations"][1], "warehouse.location", "update_location"),
            "product": (rng.choice(w["products"]), "catalog.product", "update_product"),
        }[what]
        self.call(function, f"SELECT api.{function}(%s, %s, active => %s)",  # noqa: S608
                  row, self.version(table, row), active)

    def import_rows(self) -> None:
        """Purchase orders, opening stock or counts imported among the calls."""
        rng = self.rng
        kind = rng.choice(["purchase_orders", "opening_stock", "cycle_counts"])
        skus = rng.sample(["P0", "P1", "P2"], rng.randint(1, 2))
        warehouse = rng.choice(["W1", "W2"])
        batch = {"P1": ("E2", "2031-06-30")}
        if kind == "purchase_orders":
            number = f"PO-{uuid.uuid4().hex[:8]}"
            columns = ["po_number", "supplier", "currency", "sku", "quantity", "unit_cost_minor",
                       "warehouse"]
            rows = [[number, "S", "EUR", sku, str(rng.randint(1, 6)), "10", warehouse]
                    for sku in skus]
        elif kind == "opening_stock":
            columns = ["sku", "warehouse", "location", "quantity", "batch_number", "expiry_date"]
            rows = [[sku, warehouse, "A", str(rng.randint(1, 5)), *batch.get(sku, (None, None))]
                    for sku in skus]
        else:
            columns = ["sku", "warehouse", "location", "batch_number", "counted_quantity"]
            rows = [[sku, warehouse, "A", batch.get(sku, (None,))[0], str(rng.randint(20, 80))]
                    for sku in skus]
        race_import(self.conn, self.outcomes, self.unexpected, kind, columns, rows)

    def purchase_order(self) -> None:
        w, rng = self.w, self.rng
        order = self.one("SELECT id FROM (SELECT id FROM procurement.purchase_order "
                         "ORDER BY id DESC LIMIT 4) AS o ORDER BY random() LIMIT 1")
        step = rng.choice(["create", "add", "submit", "receive", "receive", "cancel"])
        if step == "create" or order is None:
            self.call("po_create",
                      "SELECT api.create_purchase_order(%s, 'EUR', warehouse_id => %s)",
                      w["supplier"], rng.choice([None, *w["warehouses"]]))
            return
        version = self.version("procurement.purchase_order", order)
        if step == "add":
            self.call("po_add", "SELECT api.add_purchase_order_item(%s, %s, %s, %s, 10)",
                      order, version, rng.choice(w["products"]), rng.randint(1, 6))
        elif step == "submit":
            self.call("po_submit", "SELECT api.submit_purchase_order(%s, %s)", order, version)
        elif step == "cancel":
            self.call("po_cancel", "SELECT api.cancel_purchase_order(%s, %s)", order, version)
        else:
            self.receive(order)

    def receive(self, order) -> None:
        """Goods in on a line of the order drawn, or mostly of one of the newest few
        that take goods, into its warehouse: the newest orders are mostly drafts,
        imported or made here, and a receipt on them only meets SD003."""
        w, rng = self.w, self.rng
        if rng.random() < 0.8:
            order = self.one("SELECT id FROM (SELECT id FROM procurement.purchase_order "
                             "WHERE status IN ('ordered', 'partial') ORDER BY id DESC LIMIT 4) "
                             "AS o ORDER BY random() LIMIT 1") or order
        item = self.line(order, "procurement.purchase_order_item", "purchase_order_id")
        if not item:
            return
        product = self.one("SELECT product_id FROM procurement.purchase_order_item "
                           "WHERE id = %s", item)
        warehouse = self.one("SELECT warehouse_id FROM procurement.purchase_order "
                             "WHERE id = %s", order)
        location = rng.choice(w["locations"])
        if warehouse is not None and rng.random() < 0.8:
            location = w["locations"][w["warehouses"].index(str(warehouse))]
        batch = ("E1", "2030-01-31") if str(product) == w["products"][1] else (None, None)
        self.call("po_receive", "SELECT api.receive_purchase_order_item(%s, %s, %s, %s, "
                  "%s, %s)", f"por-{uuid.uuid4()}", item, location, rng.randint(1, 3), *batch)


def test_orders_changed_from_many_sessions_keep_the_books_and_reservations_right(fresh_db):
    wanted = [(name, "ok") for name in (
        "reserve", "ship", "unreserve", "cancel", "split", "return", "event", "po_receive",
        "update_warehouse", "update_customer", "delete_customer")]
    wanted += [(f"import {kind}", "applied")
               for kind in ("purchase_orders", "opening_stock", "cycle_counts")]
    run_workers(fresh_db, _world(fresh_db), DocumentWorker, wanted)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(MISMATCHED_RESERVATIONS).fetchall() == []
