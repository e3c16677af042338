"""Every row rule of a categories, products, opening-stock and locations import, on the column
it names."""

from __future__ import annotations

import psycopg
import pytest
from helpers import DEFAULT_TENANT, main_warehouse

TENANT = DEFAULT_TENANT


def row_errors(url: str, kind: str, mode: str, columns: list[str], rows: list[list]) -> list:
    """Stage the rows as a batch of `kind` (sheet rows 2, 3, …), finish it, return its errors."""
    status, errors = finish(url, kind, mode, columns, rows)
    assert status == "rejected"
    return errors


def finish(url: str, kind: str, mode: str, columns: list[str], rows: list[list]):
    """Stage the rows as a batch of `kind` and finish it: its status and its errors."""
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        batch, table = conn.execute(
            "SELECT batch_id, row_table FROM staging.begin_batch("
            "%s, 'rules.xlsx', repeat('0', 64), 'Sheet1', %s, %s)",
            [kind, columns, mode],
        ).fetchone()
        target = f"{table} (tenant_id, batch_id, row_number, {', '.join(columns)})"
        with conn.cursor().copy(f"COPY {target} FROM STDIN") as copy:
            for number, row in enumerate(rows, start=2):
                copy.write_row([TENANT, batch, number, *row])
        status = conn.execute("SELECT staging.finish_batch(%s) ->> 'status'", [batch]).fetchone()[0]
        return status, conn.execute(
            "SELECT row_number, column_name, value, reason FROM staging.import_error "
            "WHERE batch_id = %s ORDER BY row_number, column_name",
            [batch],
        ).fetchall()


@pytest.fixture
def world(fresh_db):
    """MAIN with A1 and B1; products P-1, Q-1, R-1 (EUR) and N-1 (no currency); known batches
    LOT-P-1 and LOT-R-1, made 2026-01-01, expiring 2027-01-01."""
    with psycopg.connect(fresh_db) as conn:
        main_warehouse(conn)
        conn.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name, unit_price_minor, currency) "
            "VALUES (%(t)s, 'P-1', 'P', 100, 'EUR'), (%(t)s, 'Q-1', 'Q', 100, 'EUR'), "
            "(%(t)s, 'R-1', 'R', 100, 'EUR'), (%(t)s, 'N-1', 'No currency', NULL, NULL)",
            {"t": TENANT},
        )
        conn.execute(
            "INSERT INTO catalog.product_batch "
            "(tenant_id, product_id, batch_number, manufacture_date, expiry_date) "
            "SELECT p.tenant_id, p.id, 'LOT-' || p.sku, '2026-01-01', '2027-01-01' "
            "FROM catalog.product AS p WHERE p.sku IN ('P-1', 'R-1')"
        )
    return fresh_db


def test_every_products_row_rule(world):
    columns = [
        "sku", "name", "unit_price_minor", "currency", "min_stock_level", "reorder_point",
        "safety_stock_level", "max_stock_level", "lead_time_days", "category",
    ]
    rows = [
        ["DUP-1", "a", None, None, None, None, None, None, None, None],
        ["DUP-1", "b", None, None, None, None, None, None, None, None],
        ["CAT-1", "c", None, None, None, None, None, None, None, "Nowhere/Else"],
        ["CUR-1", "d", None, "EUR", None, None, None, None, None, None],
        ["NEG-1", "e", "-1", "EUR", None, None, None, None, None, None],
        ["LVL-1", "f", None, None, "-1", "-2", "-3", None, None, None],
        ["MAX-1", "g", None, None, None, "10", None, "5", None, None],
        ["LEAD-1", "h", None, None, None, None, None, None, "4000", None],
        ["P-1", "Renamed", "100", "EUR", None, None, None, None, None, None],
    ]
    assert row_errors(world, "products", "insert", columns, rows) == [
        (3, "sku", "DUP-1", "SKU also on row 2"),
        (4, "category", "Nowhere/Else", "no category with this path (import categories first)"),
        (5, "currency", "EUR", "unit_price_minor and currency go together: give both or neither"),
        (6, "unit_price_minor", "-1", "must be 0 or more"),
        (7, "min_stock_level", "-1", "must be 0 or more"),
        (7, "reorder_point", "-2", "must be 0 or more"),
        (7, "safety_stock_level", "-3", "must be 0 or more"),
        (8, "max_stock_level", "5", "must be at least reorder_point"),
        (9, "lead_time_days", "4000", "must be 0 to 3650"),
        (10, "sku", "P-1", "already exists with other values (use --mode upsert to change it)"),
    ]


def test_every_categories_row_rule(world):
    """A name past api.create_category's 200 characters and a path past the table's 65 levels
    are reported on their row; at the apply they were taken, or a bare 23514."""
    deep = "/".join(f"L{i}" for i in range(66))
    rows = [["Tools/Bolts"], ["Tools/Bolts"], ["Tools/" + "n" * 201], [deep]]
    assert row_errors(world, "categories", "insert", ["path"], rows) == [
        (3, "path", "Tools/Bolts", "path also on row 2"),
        (4, "path", "Tools/" + "n" * 201, "a category name is at most 200 characters"),
        (5, "path", deep, "a category is at most 65 levels deep"),
    ]
    widest, deepest = "Tools/" + "n" * 200, "/".join(f"L{i}" for i in range(65))
    assert finish(world, "categories", "insert", ["path"], [[widest], [deepest]]) == ("applied", [])
    with psycopg.connect(world) as conn:
        assert conn.execute(
            "SELECT max(length(name)), max(depth) FROM catalog.product_category"
        ).fetchone() == (200, 64)


def test_an_upsert_keeps_the_unit_of_a_product_counted_in_it(world):
    """P-1 has stock, R-1 is on a purchase order line, N-1 on a sales order line,
    Q-1 on nothing: only Q-1's unit may change (the product's trigger would
    refuse the others' at apply; the check names the cell instead)."""
    with psycopg.connect(world) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        ids = dict(conn.execute("SELECT sku, id FROM catalog.product").fetchall())
        conn.execute(
            "SELECT api.receive_stock('p1-in', %s, l.id, 5) FROM warehouse.location AS l "
            "WHERE l.code = 'A1'", [ids["P-1"]])
        supplier = conn.execute("SELECT api.create_supplier('SUP', 'Supplier')").fetchone()[0]
        order = conn.execute(
            "SELECT api.create_purchase_order(%s, 'EUR')", [supplier]).fetchone()[0]
        conn.execute("SELECT api.add_purchase_order_item(%s, 1, %s, 3, 100)", [order, ids["R-1"]])
        customer = conn.execute("SELECT api.create_customer('CUS', 'Customer')").fetchone()[0]
        conn.execute(
            "SELECT api.create_sales_order('so-1', %s, jsonb_build_array(jsonb_build_object("
            "'product_id', %s::uuid, 'quantity', 2, 'unit_price_minor', 100)), 'EUR')",
            [customer, ids["N-1"]])
        conn.commit()
    rows = [["P-1", "P", "kg"], ["Q-1", "Q", "kg"], ["NEW-1", "New", "kg"], ["R-1", "R", "kg"],
            ["N-1", "No currency", "kg"]]
    assert row_errors(world, "products", "upsert", ["sku", "name", "unit"], rows) == [
        (2, "unit", "kg", "cannot change from ea: this product's stock has moved"),
        (5, "unit", "kg", "cannot change from ea: this product is on purchase order lines"),
        (6, "unit", "kg", "cannot change from ea: this product is on sales order lines"),
    ]


def test_purchase_order_totals_beyond_bigint_are_cell_errors(world):
    """A line of 10,000,000,000 at 9e14, or two lines adding up past bigint, failed
    the whole batch at apply with a bare 22003; now the check names the cells.
    (A cell holds at most 15 digits: 9e18 itself is not a whole number here.)"""
    with psycopg.connect(world) as conn:
        conn.execute("INSERT INTO procurement.supplier (tenant_id, code, name) "
                     "VALUES (%s, 'SUP', 'Supplier')", [TENANT])
    columns = ["po_number", "supplier", "currency", "sku", "quantity", "unit_cost_minor"]
    rows = [
        ["PO-1", "SUP", "EUR", "P-1", "10000000000", "900000000000000"],
        ["PO-2", "SUP", "EUR", "P-1", "10000", "900000000000000"],
        ["PO-2", "SUP", "EUR", "Q-1", "10000", "900000000000000"],
        ["PO-3", "SUP", "EUR", "P-1", "2", "100"],
        ["PO-4", "SUP", "EUR", "P-1", "2", "9000000000000000000"],
    ]
    total = "the order's lines total more than 9223372036854775807"
    assert row_errors(world, "purchase_orders", "insert", columns, rows) == [
        (2, "unit_cost_minor", "900000000000000",
         "quantity * unit_cost_minor is too large for a line total"),
        (3, "unit_cost_minor", "900000000000000", total),
        (4, "unit_cost_minor", "900000000000000", total),
        (6, "unit_cost_minor", "9000000000000000000", "not a whole number (at most 15 digits)"),
    ]


def test_every_opening_stock_row_rule(world):
    columns = [
        "sku", "warehouse", "location", "quantity", "batch_number", "manufacture_date",
        "expiry_date", "unit_cost_minor", "currency",
    ]
    rows = [
        ["NOPE", "MAIN", "A1", "1", None, None, None, None, None],
        ["P-1", "NOWH", "A1", "1", None, None, None, None, None],
        ["P-1", "MAIN", "Z9", "1", None, None, None, None, None],
        ["Q-1", "MAIN", "A1", "0", None, None, None, None, None],
        ["R-1", "MAIN", "B1", "1.5", None, None, None, None, None],
        ["P-1", "MAIN", "B1", "2", "L1", None, None, None, None],
        ["P-1", "MAIN", "B1", "3", "L1", None, None, None, None],
        ["P-1", "MAIN", "A1", "1", None, None, "2027-01-01", None, None],
        ["Q-1", "MAIN", "A1", "1", "L2", None, "2027-01-01", None, None],
        ["Q-1", "MAIN", "B1", "1", "L2", None, "2028-01-01", None, None],
        ["P-1", "MAIN", "A1", "1", "L3", "2028-01-01", "2027-01-01", None, None],
        ["P-1", "MAIN", "A1", "1", "LOT-P-1", None, "2030-01-01", None, None],
        ["R-1", "MAIN", "A1", "1", "LOT-R-1", "2026-02-02", None, None, None],
        ["P-1", "MAIN", "A1", "1", "L4", None, None, "-3", "EUR"],
        ["N-1", "MAIN", "A1", "1", "L5", None, None, "5", None],
    ]
    assert row_errors(world, "opening_stock", "insert", columns, rows) == [
        (2, "sku", "NOPE", "no live product with this SKU"),
        (3, "warehouse", "NOWH", "no warehouse with this code"),
        (4, "location", "Z9", "no location with this code in warehouse MAIN"),
        (5, "quantity", "0", "must be more than 0"),
        (6, "quantity", "1.5", "more decimals than the product's unit allows (0)"),
        (8, "batch_number", "L1", "same product, location and batch as row 7"),
        (9, "batch_number", None,
         "expiry_date, manufacture_date and unit_cost_minor belong to a batch: give batch_number"),
        (10, "batch_number", "L2", "this batch has other dates or cost on another row of the file"),
        (11, "batch_number", "L2", "this batch has other dates or cost on another row of the file"),
        (12, "expiry_date", "2027-01-01", "before manufacture_date"),
        (13, "expiry_date", "2030-01-01", "batch LOT-P-1 is known with expiry 2027-01-01"),
        (14, "manufacture_date", "2026-02-02", "batch LOT-R-1 is known made on 2026-01-01"),
        (15, "unit_cost_minor", "-3", "must be 0 or more"),
        (16, "unit_cost_minor", "5", "needs a currency (the product has none of its own)"),
    ]


OTHER_ROW = "this batch has other dates or cost on another row of the file"


def test_an_opening_stock_import_holds_a_lot_to_one_cost(world):
    """A lot is valued at one cost, as api.receive_stock holds it: a row naming a known lot
    at another cost or currency is a cell error (it went in at the known cost without a
    word), two rows of one new lot in two currencies too, and a cost for a known lot
    received without one gives the lot that cost (it was dropped)."""
    with psycopg.connect(world) as conn:
        conn.execute("UPDATE catalog.product_batch SET unit_cost_minor = 100, currency = 'EUR' "
                     "WHERE batch_number = 'LOT-P-1'")
    columns = ["sku", "warehouse", "location", "quantity", "batch_number", "unit_cost_minor",
               "currency"]
    assert row_errors(world, "opening_stock", "insert", columns, [
        ["P-1", "MAIN", "A1", "1", "LOT-P-1", "120", "EUR"],
        ["P-1", "MAIN", "B1", "1", "LOT-P-1", "100", "USD"],
        ["Q-1", "MAIN", "A1", "1", "L6", "100", "EUR"],
        ["Q-1", "MAIN", "B1", "1", "L6", "100", "USD"],
    ]) == [
        (2, "batch_number", "LOT-P-1", OTHER_ROW),
        (2, "unit_cost_minor", "120", "batch LOT-P-1 is known at 100 EUR a unit"),
        (3, "batch_number", "LOT-P-1", OTHER_ROW),
        (3, "unit_cost_minor", "100", "batch LOT-P-1 is known at 100 EUR a unit"),
        (4, "batch_number", "L6", OTHER_ROW),
        (5, "batch_number", "L6", OTHER_ROW),
    ]
    status, errors = finish(world, "opening_stock", "insert", columns, [
        ["P-1", "MAIN", "A1", "1", "LOT-P-1", "100", None],
        ["R-1", "MAIN", "A1", "1", "LOT-R-1", "70", None],
    ])
    assert (status, errors) == ("applied", [])
    with psycopg.connect(world) as conn:
        assert conn.execute(
            "SELECT batch_number, unit_cost_minor, currency FROM catalog.product_batch "
            "ORDER BY batch_number").fetchall() == [("LOT-P-1", 100, "EUR"), ("LOT-R-1", 70, "EUR")]

def test_stock_and_order_imports_refuse_what_the_api_refuses_as_inactive(world):
    """api.receive_stock, api.count_stock and api.add_purchase_order_item refuse an
    inactive product, the first two an inactive location or warehouse,
    api.create_purchase_order an inactive supplier; the imports posted them all."""
    with psycopg.connect(world) as conn:
        conn.execute("UPDATE catalog.product SET active = false WHERE sku = 'Q-1'")
        conn.execute("UPDATE warehouse.location SET active = false WHERE code = 'B1'")
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        closed = conn.execute("SELECT api.create_warehouse('OLD', 'Closed')").fetchone()[0]
        conn.execute("SELECT api.create_location(%s, 'C1')", [closed])
        conn.execute("UPDATE warehouse.warehouse SET active = false WHERE code = 'OLD'")
        conn.execute("INSERT INTO procurement.supplier (tenant_id, code, name, active) "
                     "VALUES (%s, 'SUP', 'Supplier', true), (%s, 'OLD', 'Old supplier', false)",
                     [TENANT, TENANT])
    product = "the product is inactive: reactivate it before moving its stock"
    location = "the location is inactive: reactivate it before moving stock through it"
    warehouse = "the warehouse is inactive: reactivate it before moving stock through it"
    assert row_errors(world, "opening_stock", "insert",
                      ["sku", "warehouse", "location", "quantity"], [
        ["Q-1", "MAIN", "A1", "1"],
        ["P-1", "MAIN", "B1", "1"],
        ["P-1", "MAIN", "A1", "1"],
        ["P-1", "OLD", "C1", "1"],
    ]) == [(2, "sku", "Q-1", product), (3, "location", "B1", location),
           (5, "warehouse", "OLD", warehouse)]
    assert row_errors(world, "cycle_counts", "insert",
                      ["sku", "warehouse", "location", "counted_quantity"], [
        ["Q-1", "MAIN", "A1", "0"],
        ["P-1", "MAIN", "B1", "0"],
        ["P-1", "MAIN", "A1", "0"],
        ["P-1", "OLD", "C1", "0"],
    ]) == [(2, "sku", "Q-1", product), (3, "location", "B1", location),
           (5, "warehouse", "OLD", warehouse)]
    assert row_errors(world, "purchase_orders", "insert",
                      ["po_number", "supplier", "currency", "sku", "quantity", "unit_cost_minor"], [
        ["PO-1", "SUP", "EUR", "Q-1", "1", "100"],
        ["PO-1", "SUP", "EUR", "P-1", "1", "100"],
        ["PO-2", "OLD", "EUR", "P-1", "1", "100"],
    ]) == [
        (2, "sku", "Q-1", "the product is inactive: reactivate it before ordering it"),
        (4, "supplier", "OLD", "the supplier is inactive: reactivate it before ordering from it"),
    ]
    with psycopg.connect(world) as conn:
        moved = conn.execute("SELECT count(*) FROM inventory.stock_movement").fetchone()[0]
        orders = conn.execute("SELECT count(*) FROM procurement.purchase_order").fetchone()[0]
    assert (moved, orders) == (0, 0), "nothing of the rejected batches was applied"


def test_every_locations_row_rule(world):
    """The rules api.create_location holds a location to, on the cell that breaks them."""
    with psycopg.connect(world) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        old = conn.execute("SELECT api.create_warehouse('OLD', 'Closed')").fetchone()[0]
        conn.execute("SELECT api.update_warehouse(%s, 1, active => false)", [old])
    columns = ["warehouse", "code", "kind", "capacity"]
    rows = [
        ["NOPE", "X-1", None, None],
        ["OLD", "X-2", None, None],
        ["MAIN", "C-1", None, "0"],
        ["MAIN", "C-2", None, None],
        ["MAIN", "C-2", None, None],
        ["MAIN", "A1", "quarantine", None],
        ["MAIN", "C 3", "bin", "-1"],
    ]
    assert row_errors(world, "locations", "insert", columns, rows) == [
        (2, "warehouse", "NOPE", "no warehouse with this code"),
        (3, "warehouse", "OLD",
         "the warehouse is inactive: reactivate it before adding locations to it"),
        (4, "capacity", "0", "must be more than 0"),
        (6, "code", "C-2", "same warehouse and code as row 5"),
        (7, "code", "A1", "already exists with other values (use --mode upsert to change it)"),
        (8, "code", "C 3", "not in the expected form: Your code for the location, no spaces; "
                           "unique in its warehouse."),
        (8, "kind", "bin", "not one of: receiving, storage, picking, shipping, quarantine"),
    ]
    with psycopg.connect(world) as conn:
        codes = conn.execute("SELECT code FROM warehouse.location ORDER BY code").fetchall()
    assert codes == [("A1",), ("B1",)], "a rejected batch adds nothing"


def test_a_locations_upsert_changes_what_differs_and_keeps_what_the_sheet_lacks(world):
    with psycopg.connect(world) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        conn.execute("UPDATE warehouse.location SET kind = 'picking' WHERE code = 'A1'")
    columns = ["warehouse", "code", "capacity", "active"]
    rows = [
        ["MAIN", "A1", "50", None],
        ["MAIN", "B1", None, "true"],
        ["MAIN", "N-1", "5.5", "no"],
    ]
    assert finish(world, "locations", "upsert", columns, rows) == ("applied", [])
    with psycopg.connect(world) as conn:
        got = conn.execute(
            "SELECT code, kind::text, capacity, active, version FROM warehouse.location "
            "ORDER BY code"
        ).fetchall()
    assert got == [
        ("A1", "picking", 50, True, 3),  # kind kept (no kind column); capacity set
        ("B1", "storage", None, True, 1),  # nothing differs: untouched
        ("N-1", "storage", 5.5, False, 1),  # new: storage when no kind is given
    ]


def test_a_purchase_orders_import_names_the_warehouse_an_order_is_for(world):
    """The optional warehouse column: a code the tenant has, active, the same on
    every row of an order; the order is then for that warehouse (empty: any)."""
    with psycopg.connect(world) as conn:
        conn.execute("INSERT INTO procurement.supplier (tenant_id, code, name) "
                     "VALUES (%s, 'SUP', 'Supplier')", [TENANT])
        conn.execute("INSERT INTO warehouse.warehouse (tenant_id, code, name, active) "
                     "VALUES (%s, 'OLD', 'Closed', false)", [TENANT])
    columns = ["po_number", "supplier", "currency", "sku", "quantity", "unit_cost_minor",
               "warehouse"]
    assert row_errors(world, "purchase_orders", "insert", columns, [
        ["PO-1", "SUP", "EUR", "P-1", "1", "100", "NOWH"],
        ["PO-2", "SUP", "EUR", "P-1", "1", "100", "OLD"],
        ["PO-3", "SUP", "EUR", "P-1", "1", "100", "MAIN"],
        ["PO-3", "SUP", "EUR", "Q-1", "1", "100", None],
    ]) == [
        (2, "warehouse", "NOWH", "no warehouse with this code"),
        (3, "warehouse", "OLD", "the warehouse is inactive: it takes no stock"),
        (5, "warehouse", None, "differs from row 4 of the same order"),
    ]
    with psycopg.connect(world) as conn:
        conn.execute("UPDATE warehouse.warehouse SET timezone = 'Asia/Tokyo' WHERE code = 'MAIN'")
    status, errors = finish(world, "purchase_orders", "insert", columns + ["expected_date"], [
        ["PO-4", "SUP", "EUR", "P-1", "1", "100", "MAIN", "2030-01-15"],
        ["PO-4", "SUP", "EUR", "Q-1", "1", "100", "MAIN", "2030-01-15"],
        ["PO-5", "SUP", "EUR", "P-1", "1", "100", None, "2030-01-15"],
    ])
    assert (status, errors) == ("applied", [])
    with psycopg.connect(world) as conn:
        orders = conn.execute(
            "SELECT po.number, w.code, "
            "to_char(po.expected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
            "FROM procurement.purchase_order AS po "
            "LEFT JOIN warehouse.warehouse AS w ON w.id = po.warehouse_id ORDER BY 1").fetchall()
        # In this session's zone, the server's default, as the import's session.
        session_zone_midnight = conn.execute(
            "SELECT to_char('2030-01-15'::date::timestamptz AT TIME ZONE 'UTC', "
            "'YYYY-MM-DD HH24:MI')").fetchone()[0]
    # The day starts at midnight in Tokyo for MAIN's order (15:00 UTC the day
    # before); the order for any warehouse has the importing session's zone.
    assert orders == [("PO-4", "MAIN", "2030-01-14 15:00"), ("PO-5", None, session_zone_midnight)]


def test_a_purchase_orders_import_keeps_the_notes_of_an_order_or_refuses_two(world):
    """The first row's notes won: another row's other notes, or notes on a later
    row only, were dropped without a word. Now the notes given on an order's rows
    must agree (empty cells take them), and the order keeps them."""
    with psycopg.connect(world) as conn:
        conn.execute("INSERT INTO procurement.supplier (tenant_id, code, name) "
                     "VALUES (%s, 'SUP', 'Supplier')", [TENANT])
    columns = ["po_number", "supplier", "currency", "sku", "quantity", "unit_cost_minor", "notes"]
    assert row_errors(world, "purchase_orders", "insert", columns, [
        ["PO-1", "SUP", "EUR", "P-1", "1", "100", "call before delivery"],
        ["PO-1", "SUP", "EUR", "Q-1", "1", "100", "dock 4 only"],
        ["PO-1", "SUP", "EUR", "R-1", "1", "100", None],
    ]) == [(3, "notes", "dock 4 only", "differs from row 2 of the same order")]
    status, errors = finish(world, "purchase_orders", "insert", columns, [
        ["PO-2", "SUP", "EUR", "P-1", "1", "100", None],
        ["PO-2", "SUP", "EUR", "Q-1", "1", "100", "dock 4 only"],
        ["PO-3", "SUP", "EUR", "P-1", "1", "100", "fragile"],
        ["PO-3", "SUP", "EUR", "Q-1", "1", "100", None],
        ["PO-3", "SUP", "EUR", "R-1", "1", "100", "fragile"],
        ["PO-4", "SUP", "EUR", "P-1", "1", "100", None],
    ])
    assert (status, errors) == ("applied", [])
    with psycopg.connect(world) as conn:
        assert conn.execute("SELECT number, notes FROM procurement.purchase_order ORDER BY 1"
                            ).fetchall() == [("PO-2", "dock 4 only"), ("PO-3", "fragile"),
                                             ("PO-4", None)]


@pytest.mark.parametrize("kind", ["suppliers", "customers"])
def test_an_email_with_a_control_character_is_a_cell_error(world, kind):
    """As the api and the tables' CHECKs refuse it (0056): a bell or an escape in an
    address was imported as one."""
    errors = row_errors(world, kind, "insert", ["code", "name", "email"],
                        [["A", "A", "ring\x07@x.example"], ["B", "B", "esc\x1b[2J@x.example"],
                         ["C", "C", "ok@x.example"]])
    assert [(row, column, reason.split(":")[0]) for row, column, _, reason in errors] == [
        (2, "email", "not in the expected form"), (3, "email", "not in the expected form")]
