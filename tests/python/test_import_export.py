"""`stockdb import template KIND --with-data`: the tenant's rows in the import's own
columns, which import back unchanged, and edited, change only what was edited."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import psycopg
import pytest
from helpers import DEFAULT_TENANT, run_cli

KINDS = ["categories", "products", "prices", "suppliers", "customers", "locations"]
OTHER_TENANT = "00000000-0000-7000-8000-0000000000e1"


def cli(url: str, *args: str):
    return run_cli("import", *args, env={"DATABASE_URL": url})


@pytest.fixture
def catalogue(fresh_db):
    """Master data with the values a round trip can get wrong: a nested category,
    decimals, an empty optional column, a price of 12 digits, unicode, an inactive
    product, a location with a capacity; and a second tenant's rows."""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        tools = conn.execute("SELECT api.create_category('Tools')").fetchone()[0]
        bolts = conn.execute("SELECT api.create_category('Fasteners', %s)", [tools]).fetchone()[0]
        conn.execute(
            "SELECT api.create_product('BOLT-1', 'Bolt M8 — ünïcødé 螺母', %s, 'ea', "
            "unit_price_minor => 123456789012, currency => 'EUR', reorder_point => 0.125, "
            "lead_time_days => 4, country_of_origin => 'DE')", [bolts])
        oil = conn.execute(
            "SELECT api.create_product('OIL-1', 'Oil', %s, 'l', description => 'Engine oil', "
            "safety_stock_level => 2.5)", [tools]).fetchone()[0]
        conn.execute("SELECT api.update_product(%s, 1, active => false)", [oil])
        conn.execute("SELECT api.create_product('NUT-1', 'Nut')")
        conn.execute("SELECT api.create_supplier('ACME', 'Acme Ltd', email => 'buy@acme.example', "
                     "lead_time_days => 7)")
        conn.execute("SELECT api.create_customer('C1', 'First customer', phone => '+49 30 1234')")
        wh = conn.execute("SELECT api.create_warehouse('MAIN', 'Main')").fetchone()[0]
        conn.execute("SELECT api.create_location(%s, 'A1', capacity => 100.5)", [wh])
        conn.execute("SELECT api.create_location(%s, 'Q1', 'quarantine')", [wh])
        conn.execute("SELECT ops.create_tenant('other', 'Other Ltd')")
        other = conn.execute("SELECT id FROM auth.tenant WHERE code = 'other'").fetchone()[0]
        conn.commit()
        conn.execute("SELECT api.set_context(%s)", [other])
        conn.execute("SELECT api.create_product('THEIRS-1', 'Not ours')")
        conn.execute("SELECT api.create_category('Theirs')")
    return fresh_db


def exported(url: str, kind: str, path: Path) -> list[list]:
    made = cli(url, "template", kind, "-o", str(path), "--with-data")
    assert made.returncode == 0, made.stderr
    sheet = openpyxl.load_workbook(path)[kind]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_every_kind_exports_what_imports_back_unchanged(catalogue, tmp_path):
    sheets = {kind: exported(catalogue, kind, tmp_path / f"{kind}.xlsx") for kind in KINDS}
    assert sheets["categories"] == [["path"], ["Tools"], ["Tools/Fasteners"]]
    products = [dict(zip(sheets["products"][0], r, strict=True)) for r in sheets["products"][1:]]
    assert [p["sku"] for p in products] == ["BOLT-1", "NUT-1", "OIL-1"], "only this tenant's"
    bolt = products[0]
    assert (bolt["name"], bolt["category"], bolt["unit_price_minor"], bolt["reorder_point"],
            bolt["max_stock_level"], bolt["active"]) == (
        "Bolt M8 — ünïcødé 螺母", "Tools/Fasteners", 123456789012, 0.125, None, True)
    assert products[2]["active"] is False and products[2]["category"] == "Tools"
    assert sheets["prices"] == [["sku", "unit_price_minor", "currency"],
                                ["BOLT-1", 123456789012, "EUR"]], "the priced products"
    assert sheets["locations"][1:] == [["MAIN", "A1", "storage", 100.5, True],
                                       ["MAIN", "Q1", "quarantine", None, True]]
    for kind in KINDS:
        ran = cli(catalogue, "run", kind, str(tmp_path / f"{kind}.xlsx"), "--mode", "upsert",
                  "--json")
        assert ran.returncode == 0, (kind, ran.stdout, ran.stderr)
        done = json.loads(ran.stdout)
        rows = len(sheets[kind]) - 1
        assert (done["status"], done["inserted"], done["updated"], done["unchanged"]) == (
            "applied", 0, 0, rows), (kind, done)


def test_an_edited_export_changes_only_the_edited_cells(catalogue, tmp_path):
    path = tmp_path / "products.xlsx"
    header = exported(catalogue, "products", path)[0]
    book = openpyxl.load_workbook(path)
    sheet = book["products"]
    assert sheet.cell(3, 1).value == "NUT-1"
    sheet.cell(3, header.index("reorder_point") + 1).value = 40
    book.save(path)
    rest = "to_jsonb(p) - 'reorder_point' - 'version' - 'updated_at' - 'search'"
    with psycopg.connect(catalogue) as conn:
        before = conn.execute(
            f"SELECT {rest} FROM catalog.product AS p WHERE sku = 'NUT-1'").fetchone()[0]
    ran = cli(catalogue, "run", "products", str(path), "--mode", "upsert", "--json")
    assert ran.returncode == 0, ran.stderr
    done = json.loads(ran.stdout)
    assert (done["updated"], done["unchanged"]) == (1, 2)
    with psycopg.connect(catalogue) as conn:
        after, point = conn.execute(
            f"SELECT {rest}, reorder_point FROM catalog.product AS p WHERE sku = 'NUT-1'"
        ).fetchone()
    assert point == 40 and after == before, "the edited cell, and nothing else"


def test_kinds_that_add_stock_or_documents_have_no_rows_to_export(catalogue, tmp_path):
    target = tmp_path / "opening.xlsx"
    ran = cli(catalogue, "template", "opening_stock", "-o", str(target), "--with-data")
    assert ran.returncode == 1 and "Traceback" not in ran.stderr
    assert ran.stderr.splitlines()[0] == (
        "stockdb: an import of opening_stock has no rows to export [22023]")
    assert not target.exists(), "nothing is written"


def test_a_count_sheet_lists_every_place_holding_stock_and_imports_back_counted(catalogue,
                                                                               tmp_path):
    """A cycle count began with a sheet typed from report.stock_by_location; a row
    missed was a place never counted."""
    with psycopg.connect(catalogue) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        ids = dict(conn.execute(
            "SELECT code, id FROM warehouse.location WHERE tenant_id = %s", [DEFAULT_TENANT]))
        skus = dict(conn.execute(
            "SELECT sku, id FROM catalog.product WHERE tenant_id = %s", [DEFAULT_TENANT]))
        bolt, nut = skus["BOLT-1"], skus["NUT-1"]
        conn.execute("SELECT api.receive_stock('b1', %s, %s, 10, batch_number => 'L7')",
                     [bolt, ids["A1"]])
        conn.execute("SELECT api.receive_stock('b2', %s, %s, 3, batch_number => 'L8')",
                     [bolt, ids["A1"]])
        conn.execute("SELECT api.receive_stock('n1', %s, %s, 4)", [nut, ids["Q1"]])
    path = tmp_path / "cycle_counts.xlsx"
    rows = exported(catalogue, "cycle_counts", path)
    assert rows == [
        ["sku", "warehouse", "location", "batch_number", "counted_quantity", "reason",
         "counted_at"],
        ["BOLT-1", "MAIN", "A1", "L7", None, None, None],
        ["BOLT-1", "MAIN", "A1", "L8", None, None, None],
        ["NUT-1", "MAIN", "Q1", None, None, None, None],
    ], "each place and batch holding stock, without the book quantity"

    left_empty = cli(catalogue, "run", "cycle_counts", str(path), "--json")
    assert left_empty.returncode == 1
    assert json.loads(left_empty.stdout)["error_count"] == 3, "an uncounted row is refused"

    book = openpyxl.load_workbook(path)
    sheet = book["cycle_counts"]
    for row, counted in ((2, 10), (3, 5), (4, 4)):
        sheet.cell(row, 5).value = counted
    sheet.cell(3, 6).value = "found two more"
    book.save(path)
    ran = cli(catalogue, "run", "cycle_counts", str(path), "--json")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    with psycopg.connect(catalogue) as conn:
        moved = conn.execute(
            "SELECT quantity, reason FROM inventory.stock_movement "
            "WHERE tenant_id = %s AND movement_type = 'adjustment'", [DEFAULT_TENANT]).fetchall()
    assert moved == [(2, "found two more")], "only the difference is posted"


def test_a_count_sheet_for_one_warehouse(catalogue, tmp_path):
    """A counter walks one warehouse: a sheet of every warehouse was filtered by
    hand, and a row deleted by mistake was a place never counted."""
    with psycopg.connect(catalogue) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        nut = conn.execute("SELECT id FROM catalog.product WHERE sku = 'NUT-1'").fetchone()[0]
        a1 = conn.execute("SELECT id FROM warehouse.location WHERE code = 'A1'").fetchone()[0]
        east = conn.execute("SELECT api.create_warehouse('EAST', 'East')").fetchone()[0]
        e1 = conn.execute("SELECT api.create_location(%s, 'E1')", [east]).fetchone()[0]
        conn.execute("SELECT api.receive_stock('m', %s, %s, 1)", [nut, a1])
        conn.execute("SELECT api.receive_stock('e', %s, %s, 2)", [nut, e1])
    path = tmp_path / "east.xlsx"
    made = cli(catalogue, "template", "cycle_counts", "-o", str(path), "--with-data",
               "--warehouse", "EAST")
    assert made.returncode == 0, made.stderr
    assert "1 row(s) of the tenant's data in warehouse EAST" in made.stdout
    rows = [list(r) for r in openpyxl.load_workbook(path)["cycle_counts"].iter_rows(
        values_only=True)]
    assert rows[1:] == [["NUT-1", "EAST", "E1", None, None, None, None]]

    locations = tmp_path / "locations.xlsx"
    made = cli(catalogue, "template", "locations", "-o", str(locations), "--with-data",
               "--warehouse", "MAIN")
    assert made.returncode == 0, made.stderr
    codes = [r[1] for r in openpyxl.load_workbook(locations)["locations"].iter_rows(
        min_row=2, values_only=True)]
    assert codes == ["A1", "Q1"]

    for args, first_line in (
        (["cycle_counts", "--warehouse", "WEST"],
         "stockdb: warehouse WEST not found [SD404]"),
        (["products", "--warehouse", "EAST"],
         "stockdb: an export of products takes no warehouse [22023]"),
    ):
        target = tmp_path / "refused.xlsx"
        ran = cli(catalogue, "template", args[0], "-o", str(target), "--with-data", *args[1:])
        assert ran.returncode == 1 and "Traceback" not in ran.stderr
        assert ran.stderr.splitlines()[0] == first_line
        assert not target.exists(), "nothing is written"
    ran = cli(catalogue, "template", "cycle_counts", "-o", str(path), "--warehouse", "EAST")
    assert ran.returncode == 2 and "--warehouse narrows --with-data" in ran.stderr
