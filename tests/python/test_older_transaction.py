"""A transaction that began before another one made a document can still move it.

Under read committed a transaction sees what others committed after it began,
but its now() stays the time it began. Approving an order, shipping it or
submitting a purchase order stamped now(), below the created_at or
approved_at another session had just written, and the call failed with a
bare 23514 from the table's timeline CHECK. Two real sessions here; the
pgTAP file test_api_older_transaction covers every such stamp.
"""

from __future__ import annotations

import time
import uuid

import psycopg
from helpers import ADMIN, DEFAULT_TENANT
from psycopg.types.json import Jsonb


def session(url: str, autocommit: bool = False) -> psycopg.Connection:
    conn = psycopg.connect(url, autocommit=autocommit)
    if not autocommit:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    return conn


def test_documents_made_after_a_transaction_began_move_in_it(fresh_db):
    with session(fresh_db, autocommit=True) as other:
        def one(sql: str, *args):
            with other.transaction():
                other.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
                return other.execute(sql, list(args)).fetchone()[0]

        w = one("SELECT api.create_warehouse('W', 'W')")
        loc = one("SELECT api.create_location(%s, 'A1')", w)
        product = one("SELECT api.create_product('K', 'K')")
        one("SELECT api.receive_stock(%s, %s, %s, 10)", uuid.uuid4().hex, product, loc)
        customer = one("SELECT api.create_customer('CUS', 'Customer')")
        supplier = one("SELECT api.create_supplier('SUP', 'Supplier')")
        one("SELECT api.create_carrier('CAR', 'Carrier')")
        line = Jsonb([{"product_id": str(product), "quantity": 1, "unit_price_minor": 100}])

        def sales_order() -> uuid.UUID:
            return one("SELECT api.create_sales_order(%s, %s, %s, 'EUR')",
                       uuid.uuid4().hex, customer, line)

        shipped = sales_order()
        with session(fresh_db) as older:
            time.sleep(0.01)  # the other session's stamps come after this transaction's now()
            approved = sales_order()
            one("SELECT api.approve_sales_order(%s, version) FROM sales.sales_order WHERE id = %s",
                shipped, shipped)
            one("SELECT api.reserve_sales_order(%s, %s, %s)", uuid.uuid4().hex, shipped, w)
            draft = one("SELECT api.create_purchase_order(%s, 'EUR')", supplier)
            one("SELECT api.add_purchase_order_item(%s, 1, %s, 5, 100)", draft, product)

            older.execute(
                "SELECT api.approve_sales_order(%s, version) FROM sales.sales_order WHERE id = %s",
                [approved, approved])
            older.execute("SELECT api.ship_sales_order(%s, %s, 'CAR', 'TRK-1')",
                          [uuid.uuid4().hex, shipped])
            older.execute(
                "SELECT api.submit_purchase_order(%s, version) FROM procurement.purchase_order "
                "WHERE id = %s", [draft, draft])
            began = older.execute("SELECT now()").fetchone()[0]
            older.commit()

        stamps = other.execute(
            "SELECT (SELECT approved_at = created_at FROM sales.sales_order WHERE id = %s), "
            "(SELECT shipped_at = approved_at FROM sales.sales_order WHERE id = %s), "
            "(SELECT ordered_at = created_at FROM procurement.purchase_order WHERE id = %s), "
            "(SELECT created_at > %s FROM sales.sales_order WHERE id = %s)",
            [approved, shipped, draft, began, approved]).fetchone()
        assert stamps == (True, True, True, True)
