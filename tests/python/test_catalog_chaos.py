"""Master data changed from many sessions at once, at random, under the orders
that name it.

Six workers share a category tree, a few products, suppliers and customers and
for a bounded time: create, move, rename and delete categories and file
products under them; import categories, products (with their category paths),
prices, suppliers and customers; make suppliers and customers, order from and
for them, make a supplier a product's preferred one and delete them; draft
purchase orders and change, remove and receive their lines, and move them to
another warehouse; create sales orders and remove their lines. No call may
deadlock or fail with anything but a SQLSTATE its COMMENT documents, and
afterwards the books must agree (ops.check_integrity finds nothing), every
category's path must be its parent's path and its own id, and every order's
total its lines' sum.
"""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest
from chaos import DOCUMENTED, Worker, admin_caller, run_workers, warehouses_and_products
from helpers import race_import
from psycopg.types.json import Jsonb

pytestmark = pytest.mark.slow

# A name taken under the same parent, a move under its own subtree.
TREE = DOCUMENTED | {"23505", "23514"}
NAMES = ["Tools", "Paint", "Garden", "Hand", "Power"]

# Categories whose stored path (their ancestors' ids and their own) or depth is
# not their parent's and one more.
BROKEN_PATHS = """
SELECT c.id, c.path, c.depth, p.path, p.depth
FROM catalog.product_category AS c
LEFT JOIN catalog.product_category AS p ON p.tenant_id = c.tenant_id AND p.id = c.parent_id
WHERE (c.path, c.depth) IS DISTINCT FROM
      (coalesce(p.path, '/') || c.id || '/', coalesce(p.depth + 1, 0))
"""

# Orders whose total is not their lines' sum.
WRONG_TOTALS = """
SELECT 'purchase', o.number, o.total_minor, sum(i.line_total_minor)
FROM procurement.purchase_order AS o
LEFT JOIN procurement.purchase_order_item AS i
    ON i.tenant_id = o.tenant_id AND i.purchase_order_id = o.id
GROUP BY o.tenant_id, o.id
HAVING o.total_minor <> coalesce(sum(i.line_total_minor), 0)
UNION ALL
SELECT 'sales', o.number, o.subtotal_minor, sum(i.line_total_minor)
FROM sales.sales_order AS o
LEFT JOIN sales.sales_order_item AS i ON i.tenant_id = o.tenant_id AND i.sales_order_id = o.id
GROUP BY o.tenant_id, o.id
HAVING o.subtotal_minor <> coalesce(sum(i.line_total_minor), 0)
"""


def _world(url: str) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        api = admin_caller(conn)
        warehouses, locations, products = warehouses_and_products(api, ("P0", "P1", "P2", "P3"))
        for p in products:
            api("SELECT api.receive_stock(%s, %s, %s, 500)", f"in-{uuid.uuid4()}", p,
                locations[0])
        top = api("SELECT api.create_category('Tools')")
        api("SELECT api.create_category('Hand', %s)", top)
        return {
            "lock": threading.Lock(), "suppliers": [], "customers": [],
            "warehouses": warehouses, "locations": locations, "products": products,
            "supplier": api("SELECT api.create_supplier('S', 'Supplier')"),
            "customer": api("SELECT api.create_customer('C', 'Customer')"),
        }


class CatalogWorker(Worker):
    def category(self):
        return self.one("SELECT id FROM catalog.product_category ORDER BY random() LIMIT 1")

    def pick(self, kind: str):
        with self.w["lock"]:
            return self.rng.choice([self.w[kind[:-1]], *self.w[kind][-3:]])

    def step(self) -> None:
        op = self.rng.choice(["tree", "tree", "file", "import", "import", "supplier", "customer",
                              "po", "po", "po", "sale"])
        {"tree": self.tree, "file": self.file, "import": self.import_rows,
         "supplier": self.supplier, "customer": self.customer, "po": self.purchase_order,
         "sale": self.sale}[op]()

    def tree(self) -> None:
        rng = self.rng
        step = rng.choice(["create", "create", "move", "root", "rename", "delete"])
        if step == "create":
            self.call("category_create", "SELECT api.create_category(%s, %s)",
                      rng.choice(NAMES), rng.choice([None, self.category()]), allowed=TREE)
            return
        category = self.category()
        if category is None:
            return
        version = self.version("catalog.product_category", category)
        if step == "move":
            self.call("category_move", "SELECT api.update_category(%s, %s, parent_id => %s)",
                      category, version, self.category(), allowed=TREE)
        elif step == "root":
            self.call("category_root", "SELECT api.update_category(%s, %s, make_root => true)",
                      category, version, allowed=TREE)
        elif step == "rename":
            self.call("category_rename", "SELECT api.update_category(%s, %s, name => %s)",
                      category, version, rng.choice(NAMES), allowed=TREE)
        else:
            self.call("category_delete", "SELECT api.delete_category(%s, %s)", category, version)

    def file(self) -> None:
        """A product filed under a category, given a price, or a preferred supplier."""
        rng = self.rng
        product = rng.choice(self.w["products"])
        version = self.version("catalog.product", product)
        what = rng.choice(["category", "price", "supplier"])
        if what == "category":
            self.call("file_product", "SELECT api.update_product(%s, %s, category_id => %s)",
                      product, version, self.category())
        elif what == "price":
            self.call("price_product", "SELECT api.update_product(%s, %s, "
                      "unit_price_minor => %s, currency => 'EUR')", product, version,
                      rng.randint(50, 150))
        else:
            self.call("prefer_supplier", "SELECT api.update_product(%s, %s, "
                      "preferred_supplier_id => %s)", product, version, self.pick("suppliers"))

    def import_rows(self) -> None:
        rng = self.rng
        kind = rng.choice(["categories", "products", "prices", "suppliers", "customers",
                           "purchase_orders"])
        skus = rng.sample(["P0", "P1", "P2", "P3"], rng.randint(1, 3))
        path = "/".join(rng.sample(NAMES, rng.randint(1, 3)))
        if kind == "categories":
            columns, rows = ["path"], [[path]]
        elif kind == "products":
            columns = ["sku", "name", "category", "unit_price_minor", "currency"]
            rows = [[sku, sku, path, str(rng.randint(50, 150)), "EUR"] for sku in skus]
        elif kind == "prices":
            columns = ["sku", "unit_price_minor", "currency"]
            rows = [[sku, str(rng.randint(50, 150)), "EUR"] for sku in skus]
        elif kind in ("suppliers", "customers"):
            code = rng.choice(["S", "C"]) + rng.choice(["", "1", "2"])
            columns = ["code", "name"] + (["lead_time_days"] if kind == "suppliers" else [])
            rows = [[code, f"Name {rng.randint(1, 9)}"]
                    + ([str(rng.randint(1, 30))] if kind == "suppliers" else [])]
        else:
            number = f"PO-{uuid.uuid4().hex[:8]}"
            supplier = rng.choice(["S", "S1", "S2"])
            columns = ["po_number", "supplier", "currency", "sku", "quantity", "unit_cost_minor",
                       "warehouse"]
            rows = [[number, supplier, "EUR", sku, str(rng.randint(1, 6)), "10",
                     rng.choice(["W1", "W2"])] for sku in skus]
        mode = {"purchase_orders": "insert", "prices": "upsert"}.get(
            kind, rng.choice(["insert", "upsert"]))
        race_import(self.conn, self.outcomes, self.unexpected, kind, columns, rows, mode)

    def supplier(self) -> None:
        """A supplier made, ordered from, preferred and deleted while others use it."""
        rng = self.rng
        code = f"S{uuid.uuid4().hex[:8]}"
        supplier = self.call("supplier_create", "SELECT api.create_supplier(%s, %s)", code, code)
        if supplier is None:
            return
        with self.w["lock"]:
            self.w["suppliers"].append(str(supplier))
        if rng.random() < 0.5:
            product = rng.choice(self.w["products"])
            self.call("prefer_supplier", "SELECT api.update_product(%s, %s, "
                      "preferred_supplier_id => %s)", product,
                      self.version("catalog.product", product), supplier)
        for _ in range(rng.randint(0, 2)):
            self.supplier_update(self.pick("suppliers"))
        target = self.pick("suppliers")
        self.call("supplier_delete", "SELECT api.delete_supplier(%s, %s)", target,
                  self.version("procurement.supplier", target))

    def supplier_update(self, supplier) -> None:
        self.call("supplier_update", "SELECT api.update_supplier(%s, %s, lead_time_days => %s, "
                  "active => %s)", supplier, self.version("procurement.supplier", supplier),
                  self.rng.randint(1, 30), self.rng.random() < 0.8)

    def customer(self) -> None:
        code = f"C{uuid.uuid4().hex[:8]}"
        customer = self.call("customer_create", "SELECT api.create_customer(%s, %s)", code, code)
        if customer is not None:
            with self.w["lock"]:
                self.w["customers"].append(str(customer))
        target = self.pick("customers")
        self.call("customer_delete", "SELECT api.delete_customer(%s, %s)", target,
                  self.version("sales.customer", target))

    def purchase_order(self) -> None:
        w, rng = self.w, self.rng
        order = self.one("SELECT id FROM (SELECT id FROM procurement.purchase_order "
                         "ORDER BY id DESC LIMIT 4) AS o ORDER BY random() LIMIT 1")
        step = rng.choice(["create", "add", "add", "change", "remove", "move", "submit",
                           "receive", "cancel"])
        if step == "create" or order is None:
            self.call("po_create", "SELECT api.create_purchase_order(%s, 'EUR', "
                      "warehouse_id => %s)", self.pick("suppliers"),
                      rng.choice([None, *w["warehouses"]]))
            return
        version = self.version("procurement.purchase_order", order)
        item = self.one("SELECT id FROM procurement.purchase_order_item "
                        "WHERE purchase_order_id = %s ORDER BY random() LIMIT 1", order)
        if step == "add":
            self.call("po_add", "SELECT api.add_purchase_order_item(%s, %s, %s, %s, %s)",
                      order, version, rng.choice(w["products"]), rng.randint(1, 6),
                      rng.randint(5, 15))
        elif step == "change" and item:
            self.call("po_change", "SELECT api.update_purchase_order_item(%s, %s, %s, %s)",
                      item, version, rng.randint(1, 6), rng.randint(5, 15))
        elif step == "remove" and item:
            self.call("po_remove", "SELECT api.remove_purchase_order_item(%s, %s)", item, version)
        elif step == "move":
            self.call("po_move", "SELECT api.update_purchase_order(%s, %s, warehouse_id => %s)",
                      order, version, rng.choice(w["warehouses"]))
        elif step == "submit":
            self.call("po_submit", "SELECT api.submit_purchase_order(%s, %s)", order, version)
        elif step == "cancel":
            self.call("po_cancel", "SELECT api.cancel_purchase_order(%s, %s)", order, version)
        elif step == "receive":
            # A line of an order that takes receipts, into a location of its
            # warehouse: drawn from any order and location, 5% of receipts went
            # through, and a run on a busy machine once saw none.
            item, location = self.conn.execute(
                "SELECT i.id, (SELECT l.id FROM warehouse.location AS l WHERE l.id = ANY(%s) "
                "              AND l.warehouse_id = coalesce(o.warehouse_id, l.warehouse_id) "
                "              ORDER BY random() LIMIT 1) "
                "FROM procurement.purchase_order AS o "
                "JOIN procurement.purchase_order_item AS i ON i.purchase_order_id = o.id "
                "WHERE o.status IN ('ordered', 'partial') ORDER BY random() LIMIT 1",
                [w["locations"]]).fetchone() or (None, None)
            if item and location:
                self.call("po_receive", "SELECT api.receive_purchase_order_item(%s, %s, %s, %s)",
                          f"por-{uuid.uuid4()}", item, location, rng.randint(1, 3))

    def sale(self) -> None:
        rng = self.rng
        order = self.one("SELECT id FROM (SELECT id FROM sales.sales_order ORDER BY id DESC "
                         "LIMIT 4) AS o ORDER BY random() LIMIT 1")
        if order is None or rng.random() < 0.5:
            lines = [{"product_id": p, "quantity": rng.randint(1, 5)}
                     for p in rng.sample(self.w["products"], rng.randint(1, 3))]
            self.call("so_create", "SELECT api.create_sales_order(%s, %s, %s)",
                      f"so-{uuid.uuid4()}", self.pick("customers"), Jsonb(lines))
            return
        version = self.version("sales.sales_order", order)
        item = self.one("SELECT id FROM sales.sales_order_item WHERE sales_order_id = %s "
                        "ORDER BY random() LIMIT 1", order)
        if rng.random() < 0.5:
            self.call("so_approve", "SELECT api.approve_sales_order(%s, %s)", order, version)
        elif item:
            self.call("so_remove", "SELECT api.remove_sales_order_item(%s, %s)", item, version)


def test_master_data_changed_from_many_sessions_keeps_paths_totals_and_books(fresh_db):
    wanted = [(name, "ok") for name in (
        "category_create", "category_move", "category_delete", "file_product", "supplier_delete",
        "customer_delete", "po_change", "po_remove", "po_receive", "so_remove", "prefer_supplier")]
    wanted += [(f"import {kind}", "applied") for kind in (
        "categories", "products", "prices", "suppliers", "customers", "purchase_orders")]
    run_workers(fresh_db, _world(fresh_db), CatalogWorker, wanted)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(BROKEN_PATHS).fetchall() == []
        assert conn.execute(WRONG_TOTALS).fetchall() == []
