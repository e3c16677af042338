"""XLSX import through the CLI: every kind applies, bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import re
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
import psycopg
import pytest
import xlsxwriter
from helpers import DEFAULT_TENANT, STOCKDB, import_cli, main_warehouse, run_cli, snapshot
from openpyxl.reader.strings import read_string_table

from stockdb import PROJECT_ROOT
from stockdb import xlsx_import as xi
from stockdb.bench_import import run_measured
from stockdb.files import write_atomically

TENANT = DEFAULT_TENANT
def write_xlsx(path: Path, rows: list[list], sheet: str = "Sheet1") -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif value is not None:
                ws.write(r, c, value)
    book.close()
    return path


def rewrite_part(source: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    """A copy of the workbook with old replaced by new in one of its parts."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                assert old in data
                data = data.replace(old, new)
            dst.writestr(item, data)
    return target


def scalar(url: str, query: str, params=()):
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchone()[0]


@pytest.fixture(params=["parsed", "streamed"])
def reader(request, monkeypatch):
    """python-calamine's parse of the whole sheet, or the row-by-row stream a big sheet gets
    (the CLI subprocesses inherit the setting)."""
    if request.param == "streamed":
        monkeypatch.setenv(xi.STREAM_ABOVE_VARIABLE, "0")
    return request.param


@pytest.fixture
def world(fresh_db):
    """A warehouse MAIN with locations A1 and B1, and one supplier."""
    with psycopg.connect(fresh_db) as conn:
        main_warehouse(conn)
    return fresh_db


def products_file(tmp_path: Path, name: str = "products.xlsx", categories: bool = False) -> Path:
    rows = [
        ["SKU", "Name", "Unit", "Unit price (minor)", "Currency", "Reorder point", "Category"],
        ["BOLT-1", "Bolt M8", "ea", 125, "eur", "1,200", "Tools/Fasteners"],
        ["NUT-1", "Nut M8 — ünïcødé 螺母", "ea", 5, "EUR", 10, "Tools / Fasteners"],
        ["OIL-1", "Oil", "l", 990, "EUR", 2.5, "Tools"],
    ]
    return write_xlsx(tmp_path / name, [r if categories else r[:-1] for r in rows], "products")


def load_categories(url: str, tmp_path: Path) -> None:
    f = write_xlsx(tmp_path / "cats.xlsx", [["path"], ["Tools/Fasteners"], [" Tools "]])
    done = import_cli(url, "run", "categories", str(f))
    assert done.returncode == 0, done.stderr


def test_a_country_of_origin_in_lower_case_is_taken_as_its_code(world, tmp_path):
    """A currency cell took any case ('eur' is EUR) while the country of origin refused 'de'."""
    f = write_xlsx(tmp_path / "products.xlsx", [
        ["sku", "name", "unit", "hs_code", "country_of_origin", "currency", "unit_price_minor"],
        ["C-1", "Cable", "ea", "854442", "de", "eur", 100],
        ["C-2", "Chip", "ea", "854231", "Cn", "EUR", 200],
    ], "products")
    done = import_cli(world, "run", "products", str(f))
    assert done.returncode == 0, done.stdout + done.stderr
    with psycopg.connect(world) as conn:
        rows = conn.execute("SELECT sku, country_of_origin, currency FROM catalog.product "
                            "ORDER BY sku").fetchall()
    assert rows == [("C-1", "DE", "EUR"), ("C-2", "CN", "EUR")]


def test_the_tenant_is_named_by_code_or_id_and_the_user_by_id(world, tmp_path):
    """--tenant takes a code as the tenant and user commands do, and --user an id
    checked before anything is read: either, not a uuid, was a bare 22P02."""
    f = products_file(tmp_path)
    before = snapshot(world)
    refused = import_cli(world, "run", "products", str(f), "--user", "admin@localhost")
    assert refused.returncode == 2
    assert "Invalid value for '--user': 'admin@localhost' is not a valid UUID." in refused.stderr
    refused = import_cli(world, "run", "products", str(f), "--tenant", "acme")
    assert (refused.returncode, refused.stderr) == (
        1, "stockdb: no tenant 'acme': see stockdb tenant list\n")
    assert snapshot(world) == before
    done = import_cli(world, "run", "products", str(f), "--tenant", "default", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inserted"] == 3


def test_names_are_stored_without_the_blanks_around_them_in_their_cells(world, tmp_path):
    """The tables refuse a name with blanks around it (0061), and the import trims
    its cells, so a sheet's '  Cable  ' is stored as the api would take it."""
    files = {
        "products": [["sku", "name"], ["C-1", "  Cable  "]],
        "suppliers": [["code", "name"], ["ACME", " Acme Ltd "]],
        "customers": [["code", "name"], ["C1", "Northwind  "]],
    }
    for kind, rows in files.items():
        done = import_cli(world, "run", kind, str(write_xlsx(tmp_path / f"{kind}.xlsx", rows)))
        assert done.returncode == 0, done.stdout + done.stderr
    assert scalar(world, "SELECT name FROM catalog.product WHERE sku = 'C-1'") == "Cable"
    assert scalar(world, "SELECT name FROM procurement.supplier WHERE code = 'ACME'") == "Acme Ltd"
    assert scalar(world, "SELECT name FROM sales.customer WHERE code = 'C1'") == "Northwind"


def test_a_cell_in_another_unicode_form_names_the_same_product_and_category(world, tmp_path):
    """'Café' typed with a combining accent (NFD) reads as the 'Café' the api stored
    with the letter é (NFC), and was another SKU and another category path to the
    import: the upsert below was rejected, its category path naming no category.
    Cells are composed first (staging.validate_cells)."""
    nfd = "Cafe\u0301"
    with psycopg.connect(world) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        conn.execute("SELECT api.create_category('Cr\u00e8me')")
        cafe = conn.execute("SELECT api.create_product('Caf\u00e9', 'Coffee')").fetchone()[0]
    f = write_xlsx(tmp_path / "products.xlsx", [
        ["sku", "name", "category"],
        [nfd, nfd + " au lait", "Cre\u0300me"],
        ["The\u0301", "The\u0301 vert", None],
    ], "products")
    done = import_cli(world, "run", "products", str(f), "--mode", "upsert", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (json.loads(done.stdout)["inserted"], json.loads(done.stdout)["updated"]) == (1, 1)
    with psycopg.connect(world) as conn:
        rows = conn.execute(
            "SELECT p.id, p.sku, p.name, c.name FROM catalog.product AS p "
            "LEFT JOIN catalog.product_category AS c ON c.id = p.category_id ORDER BY p.sku"
        ).fetchall()
    assert [r[1:] for r in rows] == [
        ("Caf\u00e9", "Caf\u00e9 au lait", "Cr\u00e8me"), ("Th\u00e9", "Th\u00e9 vert", None)]
    assert rows[0][0] == cafe

    stock = write_xlsx(tmp_path / "stock.xlsx", [
        ["sku", "warehouse", "location", "quantity"], [nfd, "MAIN", "A1", 5]], "opening_stock")
    done = import_cli(world, "run", "opening_stock", str(stock))
    assert done.returncode == 0, done.stdout + done.stderr
    assert scalar(world, "SELECT sum(on_hand) FROM inventory.inventory WHERE product_id = %s",
                  [cafe]) == 5

    twice = write_xlsx(tmp_path / "twice.xlsx", [
        ["sku", "name"], ["Caf\u00e9", "One"], [nfd, "Two"]], "products")
    before = snapshot(world)
    done = import_cli(world, "run", "products", str(twice), "--mode", "upsert")
    assert done.returncode == 1
    assert snapshot(world) == before
    with psycopg.connect(world) as conn:
        assert conn.execute(
            "SELECT row_number, column_name, reason FROM staging.import_error AS e "
            "JOIN staging.import_batch AS b ON b.id = e.batch_id WHERE b.file_name = 'twice.xlsx'"
        ).fetchall() == [(3, "sku", "SKU also on row 2")]


def test_products_apply_once_then_upsert_changes_only_changed_rows(world, tmp_path):
    load_categories(world, tmp_path)
    assert scalar(world, "SELECT count(*) FROM catalog.product_category") == 2

    f = products_file(tmp_path, categories=True)
    first = import_cli(world, "run", "products", str(f), "--json")
    assert first.returncode == 0, first.stderr
    batch = json.loads(first.stdout)
    assert (batch["status"], batch["inserted"], batch["updated"], batch["unchanged"]) == (
        "applied",
        3,
        0,
        0,
    )
    with psycopg.connect(world) as conn:
        rows = conn.execute(
            "SELECT p.sku, p.name, p.unit, p.unit_price_minor, p.currency, p.reorder_point, c.name "
            "FROM catalog.product AS p "
            "LEFT JOIN catalog.product_category AS c ON c.id = p.category_id "
            "ORDER BY p.sku"
        ).fetchall()
    assert rows == [
        ("BOLT-1", "Bolt M8", "ea", 125, "EUR", 1200, "Fasteners"),
        ("NUT-1", "Nut M8 — ünïcødé 螺母", "ea", 5, "EUR", 10, "Fasteners"),
        ("OIL-1", "Oil", "l", 990, "EUR", 2.5, "Tools"),
    ]

    before = snapshot(world)
    again = import_cli(world, "run", "products", str(f))
    assert again.returncode == 0, again.stderr
    assert "already imported" in again.stdout and "nothing changed" in again.stdout
    assert snapshot(world) == before
    # A dry run of it counted 3 unchanged, not that a run is a duplicate: it says so now.
    dry = import_cli(world, "run", "products", str(f), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.endswith(
        "holds the rows of sheet 'products' of products.xlsx, imported as products in batch "
        f"{batch['id']} at {dry.stdout.split(' at ')[-1].split(',')[0]}, so a run would change "
        "nothing\n"), dry.stdout

    changed = write_xlsx(
        tmp_path / "changed.xlsx",
        [
            ["sku", "name"],
            ["BOLT-1", "Bolt M8 zinc"],
            ["NUT-1", "Nut M8 — ünïcødé 螺母"],
            ["NEW-1", "New"],
        ],
        "products",
    )
    refused = import_cli(world, "run", "products", str(changed))
    assert refused.returncode == 1
    assert "rejected: 1 error(s)" in refused.stderr
    assert snapshot(world) == before

    upsert = import_cli(world, "run", "products", str(changed), "--mode", "upsert", "--json")
    assert upsert.returncode == 0, upsert.stderr
    b = json.loads(upsert.stdout)
    assert (b["inserted"], b["updated"], b["unchanged"]) == (1, 1, 1)
    with psycopg.connect(world) as conn:
        rows = dict(
            conn.execute(
                "SELECT sku, (name, version, unit_price_minor)::text FROM catalog.product"
            ).fetchall()
        )
    # Columns the sheet lacks (price) are left alone; only the changed row got a new version.
    assert rows["BOLT-1"] == '("Bolt M8 zinc",2,125)'
    assert rows["NUT-1"] == '("Nut M8 — ünïcødé 螺母",1,5)'


def test_opening_stock_goes_through_the_ledger_with_keys_per_row(world, tmp_path):
    import_cli(world, "run", "products", str(products_file(tmp_path)))
    f = write_xlsx(
        tmp_path / "stock.xlsx",
        [
            [
                "sku",
                "warehouse",
                "location",
                "quantity",
                "batch_number",
                "manufacture_date",
                "expiry_date",
                "unit_cost_minor",
                "currency",
            ],
            [
                "BOLT-1",
                "MAIN",
                "A1",
                100,
                "L1",
                dt.date(2026, 1, 1),
                dt.date(2028, 1, 1),
                80,
                "EUR",
            ],
            ["BOLT-1", "MAIN", "B1", "1,000", "L1", "2026-01-01", "46753", 80, "EUR"],
            ["OIL-1", "MAIN", "A1", 12.5, None, None, None, None, None],
        ],
        "opening_stock",
    )
    done = import_cli(world, "run", "opening_stock", str(f), "--json")
    assert done.returncode == 0, done.stderr
    batch = json.loads(done.stdout)
    assert batch["inserted"] == 3
    with psycopg.connect(world) as conn:
        ledger = conn.execute(
            "SELECT p.sku, l.code, m.quantity, m.movement_type::text, m.idempotency_key, "
            "b.batch_number, b.expiry_date FROM inventory.stock_movement AS m "
            "JOIN catalog.product AS p ON p.id = m.product_id "
            "JOIN warehouse.location AS l ON l.id = m.location_id "
            "LEFT JOIN catalog.product_batch AS b ON b.id = m.batch_id ORDER BY 1, 2"
        ).fetchall()
        assert ledger == [
            (
                "BOLT-1",
                "A1",
                100,
                "purchase_receipt",
                f"import:{batch['id']}:2",
                "L1",
                dt.date(2028, 1, 1),
            ),
            (
                "BOLT-1",
                "B1",
                1000,
                "purchase_receipt",
                f"import:{batch['id']}:3",
                "L1",
                dt.date(2028, 1, 1),
            ),
            ("OIL-1", "A1", 12.5, "purchase_receipt", f"import:{batch['id']}:4", None, None),
        ]
        keys = conn.execute(
            "SELECT count(*) FROM inventory.movement_request WHERE idempotency_key LIKE %s",
            [f"import:{batch['id']}:%"],
        ).fetchone()[0]
        assert keys == 3
        assert conn.execute("SELECT test_support.books_agree()").fetchone()[0] is True
        assert conn.execute("SELECT sum(on_hand) FROM inventory.inventory").fetchone()[0] == 1112.5

    counts = write_xlsx(
        tmp_path / "counts.xlsx",
        [
            ["sku", "warehouse", "location", "batch_number", "counted_quantity", "reason"],
            ["BOLT-1", "MAIN", "A1", "L1", 97, "Q4"],
            ["BOLT-1", "MAIN", "B1", "L1", 1000, None],
            ["OIL-1", "MAIN", "A1", None, 13, None],
        ],
        "cycle_counts",
    )
    counted = import_cli(world, "run", "cycle_counts", str(counts), "--json")
    assert counted.returncode == 0, counted.stderr
    c = json.loads(counted.stdout)
    assert (c["inserted"], c["unchanged"]) == (2, 1)
    with psycopg.connect(world) as conn:
        adjustments = conn.execute(
            "SELECT quantity, reason FROM inventory.stock_movement "
            "WHERE movement_type = 'adjustment' "
            "ORDER BY quantity"
        ).fetchall()
        assert adjustments == [(-3, "Q4"), (0.5, "cycle count")]
        assert conn.execute("SELECT test_support.books_agree()").fetchone()[0] is True

    # A count below what is reserved at that place is refused before anything
    # is applied (were it reserved between check and apply, the balance's
    # CHECK would refuse it there).
    with psycopg.connect(world, autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        conn.execute(
            "SELECT api.reserve_stock('hold-bolts', p.id, w.id, 1090) "
            "FROM catalog.product AS p, warehouse.warehouse AS w "
            "WHERE p.sku = 'BOLT-1' AND w.code = 'MAIN'"
        )
    before = snapshot(world)
    low = write_xlsx(
        tmp_path / "low.xlsx",
        [
            ["sku", "warehouse", "location", "batch_number", "counted_quantity", "reason"],
            ["BOLT-1", "MAIN", "A1", "L1", 50, "recount"],
        ],
        "cycle_counts",
    )
    refused = import_cli(world, "run", "cycle_counts", str(low))
    assert refused.returncode == 1
    assert "rejected: 1 error(s)" in refused.stderr
    assert scalar(
        world,
        "SELECT e.column_name || ': ' || e.reason FROM staging.import_error AS e "
        "JOIN staging.import_batch AS b ON b.id = e.batch_id WHERE b.file_name = 'low.xlsx'",
    ) == "counted_quantity: less than the 97 reserved there: release those reservations first"
    assert snapshot(world) == before


def test_opening_stock_saved_again_is_not_applied_again(world, tmp_path):
    """The rows of opening stock add stock, and were applied again from the same
    sheet saved again (opened in Excel and closed, sent on by mail): its bytes
    differ, so its SHA-256, and every quantity doubled ('applied batch …: 2 rows:
    2 inserted', seen by hand). Now the rows are compared, in any row or column
    order: such an import is a duplicate and applies nothing; other rows apply."""
    import_cli(world, "run", "products", str(products_file(tmp_path)))
    header = ["sku", "warehouse", "location", "quantity", "batch_number"]
    rows = [["BOLT-1", "MAIN", "A1", 100, "L1"], ["OIL-1", "MAIN", "B1", 12.5, None]]
    first = write_xlsx(tmp_path / "stock.xlsx", [header, *rows], "opening_stock")
    done = import_cli(world, "run", "opening_stock", str(first), "--json")
    assert done.returncode == 0, done.stderr
    applied = json.loads(done.stdout)
    on_hand = "SELECT sum(on_hand) FROM inventory.inventory"
    assert scalar(world, on_hand) == 112.5

    # The same rows, as another workbook holds them: other bytes, sorted the
    # other way, the columns in another order, a cell with blanks around it.
    order = [3, 0, 2, 1, 4]
    again = write_xlsx(tmp_path / "stock (2).xlsx",
                       [[header[i] for i in order]]
                       + [[(" BOLT-1 " if v == "BOLT-1" else v) for v in (r[i] for i in order)]
                          for r in reversed(rows)], "Sheet1")
    before = snapshot(world)
    # A dry run counts as ever, and says what a run would do.
    dry = import_cli(world, "run", "opening_stock", str(again), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert re.fullmatch(
        r"dry run of batch \S+, nothing applied; sheet 'Sheet1' of stock \(2\)\.xlsx holds the "
        r"rows of sheet 'opening_stock' of stock\.xlsx, imported as opening_stock in batch "
        + applied["id"] + r" at \S+ \S+, so a run would change nothing\n", dry.stdout), dry.stdout
    done = import_cli(world, "run", "opening_stock", str(again))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "sheet 'Sheet1' of stock (2).xlsx holds the rows of sheet 'opening_stock' of stock.xlsx, "
        f"imported as opening_stock in batch {applied['id']} at ")
    assert done.stdout.rstrip().endswith(")") and "nothing changed (batch " in done.stdout
    after = snapshot(world)
    assert {t: h for t, h in after.items() if not t.startswith("staging.")} == {
        t: h for t, h in before.items() if not t.startswith("staging.")}
    assert scalar(world, on_hand) == 112.5
    done = import_cli(world, "run", "opening_stock", str(again), "--json")
    duplicate = json.loads(done.stdout)
    assert (duplicate["status"], duplicate["duplicate_of"], duplicate["inserted"]) == (
        "duplicate", applied["id"], 0)
    assert duplicate["duplicate_of_batch"]["file_name"] == "stock.xlsx"
    shown = import_cli(world, "show", duplicate["id"])
    assert f"duplicate_of:  {applied['id']} (the applied batch of the same rows)" in shown.stdout

    # One more row is other rows: applied, all three.
    more = write_xlsx(tmp_path / "more.xlsx",
                      [header, *rows, ["NUT-1", "MAIN", "A1", 1, None]], "opening_stock")
    done = import_cli(world, "run", "opening_stock", str(more))
    assert done.returncode == 0 and done.stdout.startswith("applied batch "), done.stdout
    assert scalar(world, on_hand) == 226


def test_two_imports_of_the_same_opening_stock_at_once_apply_it_once(world, tmp_path):
    """Two files of the same rows imported at the same moment: the second waits
    for the first to commit, then finds its rows applied."""
    import_cli(world, "run", "products", str(products_file(tmp_path)))
    rows = [["sku", "warehouse", "location", "quantity"], ["BOLT-1", "MAIN", "A1", 7]]
    files = [write_xlsx(tmp_path / f"stock{n}.xlsx", rows, f"sheet{n}") for n in (1, 2)]
    env = {**os.environ, "DATABASE_URL": world}
    runs = [subprocess.Popen([*STOCKDB, "import", "run", "opening_stock", str(f), "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             cwd=PROJECT_ROOT) for f in files]
    results = [json.loads(r.communicate(timeout=120)[0]) for r in runs]
    assert sorted(r["status"] for r in results) == ["applied", "duplicate"]
    applied = next(r for r in results if r["status"] == "applied")
    assert next(r for r in results if r["status"] == "duplicate")["duplicate_of"] == applied["id"]
    assert scalar(world, "SELECT sum(on_hand) FROM inventory.inventory") == 7


def count_sheet(path: Path, rows: list[list]) -> Path:
    """A cycle-count sheet whose counted_at cells are date-time cells where given
    as datetimes, as a spreadsheet holds a time typed into it."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("cycle_counts")
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    ws.write_row(0, 0, ["sku", "warehouse", "location", "counted_quantity", "counted_at"])
    for r, row in enumerate(rows, 1):
        ws.write_row(r, 0, row[:4])
        if isinstance(row[4], dt.datetime):
            ws.write_datetime(r, 4, row[4], moment)
        elif row[4] is not None:
            ws.write_string(r, 4, row[4])
    book.close()
    return path


def test_a_count_that_says_when_it_was_taken_keeps_what_moved_since(world, tmp_path, reader):
    """Posted against the stock at the import, a count taken earlier undid what
    moved there in between: counted 10, then 3 used before the sheet came in,
    and the import posted +3 that were not there. With counted_at the
    difference is taken from the stock as it stood then; a time the ledger
    cannot answer for is refused, cell by cell."""
    import_cli(world, "run", "products", str(products_file(tmp_path)))
    stock = write_xlsx(tmp_path / "stock.xlsx", [["sku", "warehouse", "location", "quantity"],
                                                  ["BOLT-1", "MAIN", "A1", 10]], "opening_stock")
    assert import_cli(world, "run", "opening_stock", str(stock)).returncode == 0

    def on_hand() -> Decimal:
        return scalar(world, "SELECT sum(i.on_hand) FROM inventory.inventory AS i "
                             "JOIN catalog.product AS p ON p.id = i.product_id "
                             "WHERE p.sku = 'BOLT-1'")

    def counted(name: str, rows: list[list]):
        return import_cli(world, "run", "cycle_counts", str(count_sheet(tmp_path / name, rows)),
                          "--json")

    # The warehouse keeps UTC; a date-time cell holds no zone. Whole seconds, as
    # a spreadsheet holds them; the sleeps keep the opening stock before the
    # second and the use after it.
    time.sleep(1.1)
    counted_at = scalar(world, "SELECT date_trunc('second', now() AT TIME ZONE 'UTC')")
    time.sleep(1.1)
    with psycopg.connect(world) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        conn.execute("SELECT api.record_movement('use-3', 'consumption', p.id, l.id, 3) "
                     "FROM catalog.product AS p, warehouse.location AS l "
                     "WHERE p.sku = 'BOLT-1' AND l.code = 'A1'")
        # A reservation's ledger rows move nothing off the shelf.
        reservation = conn.execute(
            "SELECT api.reserve_stock('hold-2', p.id, w.id, 2) FROM catalog.product AS p, "
            "warehouse.warehouse AS w WHERE p.sku = 'BOLT-1' AND w.code = 'MAIN'").fetchone()[0]
    assert on_hand() == 7

    done = counted("then.xlsx", [["BOLT-1", "MAIN", "A1", 10, counted_at]])
    assert done.returncode == 0, done.stderr
    assert (json.loads(done.stdout)["inserted"], on_hand()) == (0, 7), "the count matched then"
    with psycopg.connect(world) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        conn.execute("SELECT api.release_reservation('free-2', %s)", [reservation])
    # The same count given no time is taken as of now: +3, the old way.
    done = counted("now.xlsx", [["BOLT-1", "MAIN", "A1", 10, None]])
    assert (json.loads(done.stdout)["inserted"], on_hand()) == (1, 10)

    def refused(name: str, rows: list[list]) -> list[tuple]:
        before = snapshot(world)
        done = counted(name, rows)
        assert done.returncode == 1, done.stdout
        assert snapshot(world) == before
        with psycopg.connect(world) as conn:
            return conn.execute(
                "SELECT e.row_number, e.column_name, e.reason FROM staging.import_error AS e "
                "JOIN staging.import_batch AS b ON b.id = e.batch_id WHERE b.file_name = %s "
                "ORDER BY 1, 2", [name]).fetchall()

    # The count as of now posted an adjustment after counted_at, which the
    # difference would count a second time; on hand can go no lower than 0.
    errors = refused("late.xlsx", [
        ["BOLT-1", "MAIN", "A1", 10, counted_at],
        ["BOLT-1", "MAIN", "B1", 1, "2099-01-01 00:00"],
        ["OIL-1", "MAIN", "A1", 1, "2026-02-30 10:00"],
        ["OIL-1", "MAIN", "B1", 1, "2026-12-05"],
    ])
    assert [e[:2] for e in errors] == [(2, "counted_at"), (3, "counted_at"), (4, "counted_at"),
                                       (5, "counted_at")]
    assert errors[0][2].startswith("an adjustment was posted there at ")
    assert errors[0][2].endswith(", after it was counted: count it again")
    assert [e[2] for e in errors[1:3]] == ["in the future", "no such day or time"]
    assert errors[3][2].startswith("not in the expected form: Date and time of the count")
    # A time in months that ledger retention has detached: what moved since cannot be read.
    with psycopg.connect(world) as conn:
        conn.execute("INSERT INTO ops.detached_ledger_month (table_name, range_from, range_to, "
                     "row_count) VALUES ('inventory.stock_movement_p2000_01', now() - interval "
                     "'1 month', now() - interval '1 second', 0)")
    old = refused("old.xlsx", [["OIL-1", "MAIN", "B1", 1, counted_at]])
    assert [e[:2] for e in old] == [(2, "counted_at")]
    assert old[0][2].startswith("before ") and old[0][2].endswith(
        ", where the ledger's attached months begin: count it again")
    with psycopg.connect(world) as conn:
        conn.execute("DELETE FROM ops.detached_ledger_month")
    # The report shows the refused time with its time of day.
    report = openpyxl.load_workbook(tmp_path / "late.errors.xlsx")["cycle_counts"]
    assert (report.cell(2, 5).value, report.cell(2, 5).number_format) == (
        counted_at, "yyyy-mm-dd hh:mm:ss")

    # Text with an offset, to the microsecond: the adjustment above may be less
    # than a second before it.
    later = scalar(world, "SELECT to_char(now() AT TIME ZONE 'Asia/Kolkata', "
                          "'YYYY-MM-DD HH24:MI:SS.US') || '+05:30'")
    with psycopg.connect(world) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        conn.execute("SELECT api.record_movement('use-4', 'consumption', p.id, l.id, 4) "
                     "FROM catalog.product AS p, warehouse.location AS l "
                     "WHERE p.sku = 'BOLT-1' AND l.code = 'A1'")
    assert refused("low.xlsx", [["BOLT-1", "MAIN", "A1", 2, later]]) == [
        (2, "counted_quantity", "with what moved there since it was counted (-4), on hand would be "
                                "-2: count it again")]


def test_suppliers_customers_prices_and_purchase_orders(world, tmp_path):
    import_cli(world, "run", "products", str(products_file(tmp_path)))
    sup = write_xlsx(
        tmp_path / "s.xlsx",
        [["code", "name", "email", "lead_time_days"], ["ACME", "Acme", "o@acme.example", 10]],
    )
    cus = write_xlsx(
        tmp_path / "c.xlsx", [["code", "name", "phone"], ["C1", "Northwind", "+1 555"]]
    )
    prices = write_xlsx(
        tmp_path / "p.xlsx",
        [["sku", "unit_price_minor", "currency"], ["BOLT-1", 130, "EUR"], ["NUT-1", 5, "EUR"]],
    )
    pos = write_xlsx(
        tmp_path / "po.xlsx",
        [
            [
                "po_number",
                "supplier",
                "currency",
                "expected_date",
                "sku",
                "quantity",
                "unit_cost_minor",
            ],
            ["PO-1", "ACME", "EUR", dt.date(2026, 12, 1), "BOLT-1", 500, 80],
            ["PO-1", "ACME", "EUR", dt.date(2026, 12, 1), "NUT-1", 1000, 2],
            ["PO-2", "ACME", "USD", None, "OIL-1", 10, 700],
        ],
    )
    for kind, f in (
        ("suppliers", sup),
        ("customers", cus),
        ("prices", prices),
        ("purchase_orders", pos),
    ):
        done = import_cli(world, "run", kind, str(f), "--json")
        assert done.returncode == 0, (kind, done.stderr)
        assert json.loads(done.stdout)["status"] == "applied"
    with psycopg.connect(world) as conn:
        assert (
            conn.execute(
                "SELECT lead_time_days FROM procurement.supplier WHERE code = 'ACME'"
            ).fetchone()[0]
            == 10
        )
        assert (
            conn.execute("SELECT phone FROM sales.customer WHERE code = 'C1'").fetchone()[0]
            == "+1 555"
        )
        assert (
            conn.execute(
                "SELECT unit_price_minor FROM catalog.product WHERE sku = 'BOLT-1'"
            ).fetchone()[0]
            == 130
        )
        assert conn.execute(
            "SELECT array_agg((number, status, total_minor, currency)::text ORDER BY number) "
            "FROM procurement.purchase_order"
        ).fetchone()[0] == ["(PO-1,draft,42000,EUR)", "(PO-2,draft,7000,USD)"]
    price_batch = json.loads(import_cli(world, "list", "--json").stdout)
    by_kind = {b["kind"]: b for b in price_batch}
    assert (by_kind["prices"]["updated"], by_kind["prices"]["unchanged"]) == (1, 1)


def test_rejected_import_writes_a_report_and_changes_nothing(world, tmp_path, reader):
    import_cli(world, "run", "products", str(products_file(tmp_path)))
    before = snapshot(world)
    f = write_xlsx(
        tmp_path / "stock.xlsx",
        [
            [
                "sku",
                "warehouse",
                "location",
                "quantity",
                "batch_number",
                "expiry_date",
                "manufacture_date",
            ],
            ["BOLT-1", "MAIN", "A1", 5, None, None, None],
            ["NOPE", "MAIN", "A1", 5, None, None, None],
            ["BOLT-1", "MAIN", "Z9", "five", None, None, None],
            ["NUT-1", "MAIN", "A1", -1, None, None, None],
            ["OIL-1", "MAIN", "B1", 1, "L9", "2025-01-01", "2026-01-01"],
            ["OIL-1", "MAIN", "B1", 1, "L8", "2025-02-30", None],
            # Year 0000 failed the whole import with the cast's 22008.
            ["OIL-1", "MAIN", "B1", 1, "L7", "0000-01-01", None],
        ],
    )
    report = tmp_path / "report.xlsx"
    done = import_cli(world, "run", "opening_stock", str(f), "--report", str(report))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        done.stderr.strip().splitlines()[-1].startswith("stockdb: rejected: 6 error(s) in 7 rows")
    )
    assert snapshot(world) == before

    shown = json.loads(import_cli(world, "list", "--json").stdout)[0]
    assert shown["status"] == "rejected"
    errors = json.loads(import_cli(world, "show", shown["id"][:13], "--json").stdout)["errors"]
    assert [(e["row_number"], e["column_name"], e["reason"]) for e in errors] == [
        (3, "sku", "no live product with this SKU"),
        (4, "quantity", "not a number (at most 11 digits before the point and 3 after)"),
        (5, "quantity", "must be more than 0"),
        (6, "expiry_date", "before manufacture_date"),
        (7, "expiry_date", "not a date from 1900 to 9999 (YYYY-MM-DD or an Excel date)"),
        (8, "expiry_date", "not a date from 1900 to 9999 (YYYY-MM-DD or an Excel date)"),
    ]

    book = openpyxl.load_workbook(report)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "errors"
    # Every row of the sheet, the good one without a reason.
    assert [r[0] for r in rows[1:]] == ["BOLT-1", "NOPE", "BOLT-1", "NUT-1", "OIL-1", "OIL-1",
                                        "OIL-1"]
    assert rows[1][-1] is None
    assert (
        rows[3][-1]
        == "row 4: quantity: not a number (at most 11 digits before the point and 3 after)"
    )
    sheet = book.worksheets[0]
    assert sheet.cell(row=4, column=4).fill.fgColor.rgb.endswith("FFC7CE"), (
        "the bad cell is highlighted"
    )
    assert sheet.cell(row=4, column=1).fill.fgColor.rgb in (None, "00000000")
    assert book["all errors"].max_row == 7


def test_an_error_report_mended_in_its_red_cells_imports_back_whole(world, tmp_path):
    """The report held the rejected rows alone, and its errors column was refused
    as unknown: mended and imported back, it failed, and without that column it
    brought in the mended rows but not the good ones. It now holds every row, and
    an import leaves its errors column out."""
    f = write_xlsx(tmp_path / "p.xlsx", [
        ["sku", "name", "unit"],
        ["RR-1", "Good one", "ea"],
        ["RR-2", None, "ea"],
        ["RR-3", "Third", "zz"],
    ])
    report = tmp_path / "p.errors.xlsx"
    assert import_cli(world, "run", "products", str(f)).returncode == 1
    book = openpyxl.load_workbook(report)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["sku", "name", "unit", "errors"]
    sheet["B3"], sheet["C4"] = "Second", "kg"
    book.save(report)
    done = import_cli(world, "run", "products", str(report), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inserted"] == 3
    with psycopg.connect(world) as conn:
        assert conn.execute("SELECT sku, name, unit FROM catalog.product WHERE sku LIKE 'RR-%' "
                            "ORDER BY sku").fetchall() == [
            ("RR-1", "Good one", "ea"), ("RR-2", "Second", "ea"), ("RR-3", "Third", "kg")]


def test_a_streamed_sheet_is_read_once_for_the_copy_and_the_report(world, tmp_path, monkeypatch):
    """The report of a streamed sheet replays the rows the COPY's pass kept:
    same rows, same cell types, and the XML parsed one time only."""
    monkeypatch.setenv(xi.STREAM_ABOVE_VARIABLE, "0")
    passes = []
    sheet_rows = xi.sheet_rows

    def counted(sheet, min_row):
        passes.append(min_row)
        return sheet_rows(sheet, min_row)

    monkeypatch.setattr(xi, "sheet_rows", counted)
    # The fourth column has no header: not imported, but kept in the report.
    rows = [["sku", "name", "lead_time_days", None]] + [
        [f"S-{i}", f"n{i}", 7 if i % 400 else "soon", dt.datetime(2026, 1, 1 + i % 28)]
        for i in range(1, 12_001)
    ]
    f = write_xlsx(tmp_path / "big.xlsx", rows)
    done = xi.run_import(world, "products", f, report_path=tmp_path / "r.xlsx")
    assert (done.status, done.batch["error_count"]) == ("rejected", 30)
    # One pass to find the header, then one over the data: never a third for the report.
    assert len(passes) == 2, passes
    report = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    shown = list(report.worksheets[0].iter_rows(values_only=True))
    assert [r[:2] for r in shown[1:]] == [(f"S-{i}", f"n{i}") for i in range(1, 12_001)]
    assert [r[:3] for r in shown[1:] if r[3]] == [
        (f"S-{i}", f"n{i}", "soon") for i in range(400, 12_001, 400)
    ]
    # The unheaded cell stays in the report, right of the errors column.
    assert shown[400][3:] == ("row 401: lead_time_days: not a whole number (at most 15 digits)",
                              dt.datetime(2026, 1, 9))
    assert shown[1][3:] == (None, dt.datetime(2026, 1, 2))


def products_kind(url: str) -> xi.Kind:
    with psycopg.connect(url) as conn:
        return xi.load_kinds(conn)["products"]


def test_a_streamed_workbook_keeps_its_shared_strings_on_disk(fresh_db, tmp_path, monkeypatch):
    """Excel keeps a sheet's text in the shared strings part. The streamed reader looks
    each entry up in a temporary file, keeping only a bounded cache of them as Python
    strings, and reads every entry as openpyxl does (a rich text's runs joined)."""
    monkeypatch.setenv(xi.STREAM_ABOVE_VARIABLE, "0")
    n = xi.SharedStrings.CACHE + 1000
    path = tmp_path / "sst.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, ["sku", "name", "unit"])
    for i in range(1, n + 1):
        ws.write_row(i, 0, [f"S-{i}", f"Name {i} — ünïcødé 螺母", "ea"])
    ws.write_row(n + 1, 0, ["RICH", None, "ea"])
    ws.write_rich_string(n + 1, 1, "Bolt ", book.add_format({"bold": True}), "M8", " zinc")
    book.close()

    sheet = xi.open_sheet(path, products_kind(fresh_db), None)
    strings = sheet.strings
    try:
        assert isinstance(strings, xi.SharedStrings)
        # The worksheet reads its text through it, not through a list.
        assert sheet.stream._shared_strings is strings
        rows = [row for _, row in xi.data_rows(sheet)]
        assert len(strings._cache) <= xi.SharedStrings.CACHE < len(strings)
        reference = openpyxl.load_workbook(path, read_only=True)["products"]
        assert rows == [[c.value for c in r] for r in reference.iter_rows(min_row=2)]
        assert rows[0] == ["S-1", "Name 1 — ünïcødé 螺母", "ea"]
        assert rows[-1] == ["RICH", "Bolt M8 zinc", "ea"]
    finally:
        sheet.close()
    assert strings._file.closed


def test_a_streamed_workbook_is_never_opened_by_calamine(fresh_db, tmp_path, monkeypatch):
    """python-calamine reads all the shared strings when it opens a workbook, so a streamed
    sheet is chosen by the names in the package, as calamine would choose it: the kind's
    sheet, else the first worksheet (a chart sheet is not one, and is refused by name)."""
    monkeypatch.setenv(xi.STREAM_ABOVE_VARIABLE, "0")

    class Unopened:
        @staticmethod
        def from_path(path):
            raise AssertionError(f"calamine opened {path}")

    monkeypatch.setattr(xi, "CalamineWorkbook", Unopened)
    path = tmp_path / "three.xlsx"
    book = xlsxwriter.Workbook(str(path))
    chart = book.add_chart({"type": "line"})
    chart.add_series({"values": "=Notes!$A$1:$A$2"})
    book.add_chartsheet("Chart").set_chart(chart)
    book.add_worksheet("Notes").write_row(0, 0, ["sku", "name"])
    book.add_worksheet("products").write_row(0, 0, ["sku", "name", "unit"])
    book.get_worksheet_by_name("Notes").write_row(1, 0, ["N-1", "from notes"])
    book.get_worksheet_by_name("products").write_row(1, 0, ["P-1", "from products", "ea"])
    book.close()
    kind = products_kind(fresh_db)
    for name, first in ((None, ["P-1", "from products", "ea"]), ("Notes", ["N-1", "from notes"])):
        sheet = xi.open_sheet(path, kind, name)
        try:
            assert [row for _, row in xi.data_rows(sheet)] == [first]
        finally:
            sheet.close()
    with pytest.raises(xi.StockdbError, match="'Prices'; the workbook has: 'Notes', 'products'$"):
        xi.open_sheet(path, kind, "Prices")
    # openpyxl's chart sheet has no rows to read: it raised AttributeError, a traceback.
    with pytest.raises(xi.StockdbError, match="sheet 'Chart' is not a worksheet"):
        xi.open_sheet(path, kind, "Chart")
    # A workbook of 300 sheets named them all in the one line (9 kB here).
    many = tmp_path / "many.xlsx"
    book = xlsxwriter.Workbook(many)
    for n in range(300):
        book.add_worksheet(f"Month {n:03} of the plan, v2")
    book.close()
    with pytest.raises(xi.StockdbError) as refused:
        xi.open_sheet(many, kind, "Prices")
    assert str(refused.value).endswith(
        "the workbook has: 'Month 000 of the plan, v2', 'Month 001 of the plan, v2', "
        "'Month 002 of the plan, v2', 'Month 003 of the plan, v2', 'Month 004 of the plan, v2', "
        "'Month 005 of the plan, v2', 'Month 006 of the plan, v2', 'Month 007 of the plan, v2', "
        "'Month 008 of the plan, v2', 'Month 009 of the plan, v2' and 290 more")
    kind = xi.Kind("other", "", ["insert"], kind.columns)
    sheet = xi.open_sheet(path, kind, None)
    sheet.close()
    assert sheet.name == "Notes"


def test_shared_strings_read_as_openpyxl_reads_them():
    """Each kind of entry Excel writes: plain text (spaces kept), an empty entry, rich text
    runs, a phonetic guide (left out of the text), and openpyxl's own x005F_ unescaping."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<si><t xml:space="preserve">  Bolt M8 ü &amp; nut  </t></si>'
        "<si><t/></si>"
        "<si><r><t>Bolt </t></r><r><rPr><b/></rPr><t>M8</t></r>"
        '<r><t xml:space="preserve"> zinc</t></r></si>'
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>'
        "<si><t>_x005F_x0041_</t></si>"
        "<si><t>last</t></si>"
        "</sst>"
    ).encode()
    strings = xi.SharedStrings(BytesIO(xml))
    try:
        expected = read_string_table(BytesIO(xml))
        assert [strings[i] for i in range(len(strings))] == expected
        assert expected[:4] == ["  Bolt M8 ü & nut  ", "", "Bolt M8 zinc", "東京"]
        with pytest.raises(ValueError, match="shared string 6, and the workbook has 6"):
            strings[6]
    finally:
        strings.close()


def test_shared_strings_left_out_of_the_content_types_are_still_read(world, tmp_path, reader):
    """python-calamine reads xl/sharedStrings.xml by its name; openpyxl looked for it only in
    [Content_Types].xml and, not finding it there, had no text (an IndexError traceback)."""
    products_file(tmp_path, "good.xlsx")
    f = rewrite_part(
        tmp_path / "good.xlsx", tmp_path / "in.xlsx", "[Content_Types].xml",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>', b"",
    )
    done = import_cli(world, "run", "products", str(f))
    assert done.returncode == 0, done.stderr
    assert scalar(world, "SELECT string_agg(name, '|' ORDER BY sku) FROM catalog.product") == (
        "Bolt M8|Nut M8 — ünïcødé 螺母|Oil"
    )


def test_shared_strings_count_toward_the_streaming_threshold(fresh_db, tmp_path, monkeypatch):
    """python-calamine holds the shared strings parsed as well as the cells: a sheet whose
    worksheet part alone is under the threshold, but not with its text, is streamed."""
    rows = [["sku", "name"]] + [[f"S-{i}", f"{i} " + "x" * 200] for i in range(2000)]
    path = write_xlsx(tmp_path / "p.xlsx", rows, "products")
    with zipfile.ZipFile(path) as package:
        cells = package.getinfo("xl/worksheets/sheet1.xml").file_size
        text = package.getinfo("xl/sharedStrings.xml").file_size
    assert text > cells
    kind = products_kind(fresh_db)
    for threshold, streamed in ((cells + text // 2, True), (cells + text, False)):
        monkeypatch.setenv(xi.STREAM_ABOVE_VARIABLE, str(threshold / 2**20))
        sheet = xi.open_sheet(path, kind, None)
        sheet.close()
        assert (sheet.stream is not None) is streamed, threshold


def test_dry_run_counts_but_applies_nothing(world, tmp_path):
    before = snapshot(world)
    done = import_cli(world, "run", "products", str(products_file(tmp_path)), "--dry-run", "--json")
    assert done.returncode == 0, done.stderr
    b = json.loads(done.stdout)
    assert (b["status"], b["inserted"], b["updated"]) == ("validated", 3, 0)
    assert snapshot(world) == before


def test_import_file_takes_its_kind_from_the_file_name_or_else_its_sheet(world, tmp_path):
    """`stockdb import FILE`, as DESIGN.md's importer runs it."""
    by_sheet = import_cli(world, str(products_file(tmp_path, "catalogue.xlsx")), "--dry-run")
    assert by_sheet.returncode == 0, by_sheet.stderr
    assert "importing catalogue.xlsx as products" in by_sheet.stderr
    assert "it would give 3 rows: 3 inserted" in by_sheet.stdout

    rows = [["SKU", "Name", "Unit"], ["BOLT-1", "Bolt M8", "ea"]]
    before = snapshot(world)
    neither = import_cli(world, str(write_xlsx(tmp_path / "stuff.xlsx", rows)))
    assert neither.returncode == 1
    assert "stuff.xlsx: cannot tell which kind it holds" in neither.stderr
    assert "Traceback" not in neither.stderr
    assert snapshot(world) == before

    by_name = import_cli(world, str(write_xlsx(tmp_path / "Products 2026-12.xlsx", rows)), "--json")
    assert by_name.returncode == 0, by_name.stderr
    batch = json.loads(by_name.stdout)
    assert (batch["kind"], batch["status"], batch["inserted"]) == ("products", "applied", 1)

    # A word with no suffix that is no file is a mistyped command, not a file.
    typo = import_cli(world, "lsit")
    assert typo.returncode == 2 and "No such command 'lsit'" in typo.stderr


def test_a_batch_records_when_each_phase_ended(world, tmp_path):
    """staged_at, validated_at and checked_at, with started_at and finished_at, say where
    an import's time went; `import show` prints each phase's seconds."""
    header_only = write_xlsx(tmp_path / "h.xlsx", [["sku", "name"]], "products")
    bad = write_xlsx(tmp_path / "bad.xlsx", [["sku", "name"], ["BOLT-9", ""]], "products")
    runs = {
        "dry run": ["run", "products", str(products_file(tmp_path)), "--dry-run", "--json"],
        "applied": ["run", "products", str(products_file(tmp_path)), "--json"],
        "rejected": ["run", "products", str(bad), "--report", str(tmp_path / "r.xlsx"), "--json"],
        "header only": ["run", "products", str(header_only), "--report",
                        str(tmp_path / "h.errors.xlsx"), "--json"],
    }
    columns = ["started_at", "staged_at", "validated_at", "checked_at", "finished_at"]
    for what, argv in runs.items():
        batch = json.loads(import_cli(world, *argv).stdout)
        times = [batch[c] and dt.datetime.fromisoformat(batch[c]) for c in columns]
        phases = xi.phase_seconds(batch)
        if what == "header only":
            # No rows: nothing to validate or check.
            assert times[2:4] == [None, None], batch
            assert list(phases) == ["staging"], phases
            times = [t for t in times if t is not None]
        else:
            expected = ["staging", "validating", "checking", "applying"]
            # A rejected batch is not applied: its last moments are bookkeeping.
            assert list(phases) == expected[:3 if what == "rejected" else 4], (what, phases)
        assert times == sorted(times), (what, batch)
        assert all(v >= 0 for v in phases.values())

        shown = import_cli(world, "show", batch["id"]).stdout
        line = next(x for x in shown.splitlines() if x.startswith("phases:"))
        assert re.fullmatch(r"phases: +" + ", ".join(rf"{p} \d+\.\d s" for p in phases), line), line


def test_a_failing_apply_leaves_nothing_and_records_why(world, tmp_path):
    f = write_xlsx(
        tmp_path / "p.xlsx",
        [["sku", "name", "reorder_point", "max_stock_level"], ["X-1", "X", 10, 20]],
    )
    before = snapshot(world)
    with psycopg.connect(world, autocommit=True) as conn:
        # A rule the import does not check cell by cell: the table's CHECK still holds.
        conn.execute("ALTER TABLE catalog.product ADD CONSTRAINT test_no_x CHECK (sku <> 'X-1')")
    done = import_cli(world, "run", "products", str(f))
    assert done.returncode == 1
    assert "failed, nothing applied" in done.stderr and "test_no_x" in done.stderr
    assert snapshot(world) == before
    listed = json.loads(import_cli(world, "list", "--json").stdout)[0]
    assert listed["status"] == "failed"
    # The apply ran (and was rolled back): its time is the batch's last phase.
    assert list(xi.phase_seconds(listed)) == ["staging", "validating", "checking", "applying"]


def test_a_failing_apply_shows_the_hint_of_its_error(world, tmp_path):
    """A key the check does not know of (here an index the test adds; in use, a
    row another session added meanwhile) fails the insert with 23505; the
    command's one line ends with the hint to import again."""
    f = write_xlsx(tmp_path / "p.xlsx", [["sku", "name"], ["Y-1", "Taken"]])
    with psycopg.connect(world, autocommit=True) as conn:
        conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) "
                     "VALUES (%s, 'Y-0', 'Taken')", [TENANT])
        conn.execute("CREATE UNIQUE INDEX test_one_name ON catalog.product (name)")
    before = snapshot(world)
    done = import_cli(world, "run", "products", str(f))
    assert done.returncode == 1
    line = done.stderr.strip().splitlines()[-1]
    assert "failed, nothing applied" in line and "[23505]" in line and "test_one_name" in line
    assert line.endswith("import the file again: it will find the row there."), line
    assert snapshot(world) == before


def test_a_header_of_thousands_of_unknown_columns_is_named_in_a_short_line(world, tmp_path):
    """Every unknown header cell was quoted whole: 3,000 of them made a line of 60 kB."""
    extra = ["x" * 500] + [f"extra_column_{i}" for i in range(2999)]
    f = write_xlsx(tmp_path / "wide.xlsx", [["sku", "name", "unit", *extra], ["W-1", "Wide", "ea"]])
    before = snapshot(world)
    ran = import_cli(world, "run", "products", str(f))
    assert ran.returncode == 1
    line = ran.stderr.strip()
    assert "\n" not in line and len(line) < 1000, len(line)
    assert f"unknown column(s) '{'x' * 39}…', 'extra_column_0', " in line
    assert "'extra_column_8' and 2,990 more for products; its columns are: sku, name" in line
    assert snapshot(world) == before

    # The same long text twice was quoted whole three times over.
    f = write_xlsx(tmp_path / "twice.xlsx", [["sku", "name", "y" * 5000, "y" * 5000], ["A", "B"]])
    ran = import_cli(world, "run", "products", str(f))
    line = ran.stderr.strip()
    assert len(line) < 1000, len(line)
    assert f"column '{'y' * 39}…' appears twice in the header ('{'y' * 39}…' and " in line


@pytest.mark.parametrize(
    "case",
    [
        "empty_file",
        "csv_renamed",
        "corrupted_zip",
        "password_protected",
        "wrong_sheet",
        "unknown_column",
        "missing_column",
        "merged_cells",
        "uncomputed_formulas",
        "duplicate_header",
        "header_only",
        "unknown_shared_string",
        "row_past_excel",
        "column_past_excel",
    ],
)
def test_bad_files_get_one_clear_line_and_change_nothing(world, tmp_path, case, reader):
    f = tmp_path / "in.xlsx"
    expect = {
        "empty_file": "the file is empty",
        "csv_renamed": "not a readable XLSX workbook",
        "corrupted_zip": "not a readable XLSX workbook",
        "password_protected": "(a password-protected workbook or an Excel 97-2003 .xls file)",
        "wrong_sheet": "no sheet named 'Prices'; the workbook has: 'products'",
        "unknown_column": "unknown column(s) 'colour'",
        "missing_column": "missing required column(s) name",
        "merged_cells": "merged cell range(s), first A2:A3",
        "uncomputed_formulas": "has 2 formula cell(s) without a saved result, first C2 (=3+4); "
        "open and save the workbook in Excel or LibreOffice",
        "duplicate_header": "column 'sku' appears twice",
        "header_only": "rejected: 1 error(s) in 0 rows",
        # Each reader says it in its own words.
        "unknown_shared_string": "cannot read sheet 'products' (",
        "row_past_excel": "sheet 'products' has a cell or row numbered 2,000,000,000, past "
        "Excel's last row (1,048,576)",
        "column_past_excel": "sheet 'products' has a cell in column XFE, past Excel's last "
        "column (XFD)",
    }[case]
    args = ["run", "products", str(f)]
    if case == "empty_file":
        f.write_bytes(b"")
    elif case == "csv_renamed":
        f.write_text("sku,name\nA,B\n")
    elif case == "corrupted_zip":
        products_file(tmp_path, "good.xlsx")
        data = (tmp_path / "good.xlsx").read_bytes()
        f.write_bytes(data[: len(data) // 2])
    elif case == "password_protected":
        # Excel encrypts a protected workbook into an OLE2 compound file; so is an old .xls.
        f.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4088))
    elif case == "wrong_sheet":
        products_file(tmp_path, "in.xlsx")
        args += ["--sheet", "Prices"]
    elif case == "unknown_column":
        write_xlsx(f, [["sku", "name", "colour"], ["A", "B", "red"]])
    elif case == "missing_column":
        write_xlsx(f, [["sku"], ["A"]])
    elif case == "duplicate_header":
        write_xlsx(f, [["sku", "name", "SKU "], ["A", "B", "C"]])
    elif case == "header_only":
        write_xlsx(f, [["sku", "name"]])
    elif case == "unknown_shared_string":
        # A cell naming an entry past the end of the shared strings: the list
        # openpyxl kept raised IndexError, which escaped as a traceback.
        write_xlsx(tmp_path / "good.xlsx", [["sku", "name"], ["A", "B"]], "products")
        rewrite_part(tmp_path / "good.xlsx", f, "xl/worksheets/sheet1.xml",
                     b'<c r="B2" t="s"><v>3</v>', b'<c r="B2" t="s"><v>99999</v>')
    elif case in ("row_past_excel", "column_past_excel"):
        # python-calamine aborted the process allocating a grid out to the cell;
        # openpyxl counted up to the row, one empty row at a time.
        ref = "A2000000000" if case == "row_past_excel" else "XFE3"
        row = ref.lstrip("AEFX").encode()
        write_xlsx(tmp_path / "good.xlsx", [["sku", "name"], ["A", "B"]], "products")
        rewrite_part(tmp_path / "good.xlsx", f, "xl/worksheets/sheet1.xml", b"</sheetData>",
                     b'<row r="' + row + b'"><c r="' + ref.encode()
                     + b'" t="inlineStr"><is><t>far</t></is></c></row></sheetData>')
    elif case == "merged_cells":
        book = openpyxl.Workbook()
        ws = book.active
        ws.append(["sku", "name"])
        ws.append(["A", "x"])
        ws.append([None, "y"])
        ws.merge_cells("A2:A3")
        book.save(f)
    elif case == "uncomputed_formulas":
        # openpyxl saves formulas without results, which both readers would read as empty.
        book = openpyxl.Workbook()
        book.active.append(["sku", "name", "reorder_point"])
        book.active.append(["F-1", "Formula", "=3+4"])
        book.active.append(["F-2", '=UPPER("x")', 5])
        book.save(f)
    before = snapshot(world)
    done = import_cli(world, *args)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("stockdb: "), done.stderr
    assert expect in lines[0]
    assert snapshot(world) == before


def test_a_device_or_a_pipe_is_named_as_one_not_as_missing(world, tmp_path):
    """/dev/null was 'no such file'."""
    fifo = tmp_path / "products.xlsx"
    os.mkfifo(fifo)
    before = snapshot(world)
    for special in ("/dev/null", str(fifo)):
        ran = import_cli(world, "run", "products", special)
        assert ran.returncode == 1, ran.stderr
        assert ran.stderr == f"stockdb: {special}: not a regular file; give an .xlsx workbook\n"
    assert snapshot(world) == before


def test_an_empty_file_argument_is_a_usage_error_not_the_current_directory(world):
    """Path('') is '.': it was refused as `.: not a regular file`, a name nobody gave."""
    before = snapshot(world)
    for args in (["run", "products", ""], ["by-name", ""]):
        ran = import_cli(world, *args)
        assert ran.returncode == 2, ran.stderr
        assert ran.stderr.splitlines()[-1] == (
            "Error: Invalid value for 'FILE': is empty: give the .xlsx workbook to import")
    assert snapshot(world) == before


def _full_disk_cli(url: str, *args: str) -> subprocess.CompletedProcess:
    """The CLI in a process that can write no file past 4,000 bytes, as on a full
    disk (RLIMIT_FSIZE: the write fails with EFBIG instead of ENOSPC)."""
    import resource
    import signal

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000))

    return run_cli("import", *args, env={"DATABASE_URL": url}, preexec_fn=limit)


def test_a_file_written_whole_is_on_disk_before_its_rename_and_the_rename_before_the_return(
    tmp_path, monkeypatch
):
    """Else a crash of the machine could leave an empty file in place of a good one."""
    synced: list[str] = []
    fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    write_atomically(tmp_path / "report.xlsx", b"whole")
    assert [Path(p).name for p in synced] == [f".report.xlsx.{os.getpid()}.partial", tmp_path.name]
    assert synced[1] == str(tmp_path) and (tmp_path / "report.xlsx").read_bytes() == b"whole"


def test_a_write_stopped_by_ctrl_c_or_sigterm_leaves_no_partial_file(tmp_path, monkeypatch):
    """The clean-up caught OSError alone: stopped while it synced (cli.Terminated
    is a KeyboardInterrupt), it left its hidden .partial file beside the target."""
    (tmp_path / "report.xlsx").write_bytes(b"kept")

    def stopped(_descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", stopped)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "report.xlsx", b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
    assert (tmp_path / "report.xlsx").read_bytes() == b"kept"


def test_a_template_or_report_the_disk_cannot_hold_is_one_line_and_no_file(world, tmp_path):
    """xlsxwriter wrote the target itself: a full disk left a truncated workbook
    there, and a report failing mid-way left its errors' reading open, so the
    import ended with 'Explicit commit() forbidden' instead of the rejection."""
    out = tmp_path / "out"
    out.mkdir()
    made = _full_disk_cli(world, "template", "products", "-o", str(out / "t.xlsx"))
    assert (made.returncode, made.stderr) == (
        1, f"stockdb: cannot write {out / 't.xlsx'}: File too large\n")
    rows = [["sku", "name", "unit"]] + [[f"BAD-{i}", f"name {i}", "furlong"] for i in range(2000)]
    f = write_xlsx(tmp_path / "bad.xlsx", rows, "products")
    before = snapshot(world)
    ran = _full_disk_cli(world, "run", "products", str(f), "--report", str(out / "r.xlsx"))
    assert (ran.returncode, ran.stderr) == (1, (
        "stockdb: rejected: 2000 error(s) in 2000 rows, nothing applied; no report (cannot write "
        f"{out / 'r.xlsx'}: File too large; name another with --report)\n"))
    assert list(out.iterdir()) == []
    assert snapshot(world) == before
    # A good report written before is kept when the next one cannot be written.
    good = import_cli(world, "run", "products", str(f), "--report", str(out / "r.xlsx"))
    assert good.returncode == 1 and (out / "r.xlsx").exists(), good.stderr
    kept = (out / "r.xlsx").read_bytes()
    again = _full_disk_cli(world, "run", "products", str(f), "--report", str(out / "r.xlsx"))
    assert again.returncode == 1 and "no report (cannot write" in again.stderr, again.stderr
    assert (out / "r.xlsx").read_bytes() == kept
    assert sorted(p.name for p in out.iterdir()) == ["r.xlsx"]


def test_a_template_written_through_a_link_keeps_the_link(world, tmp_path):
    """Written under a hidden name and renamed, it would have replaced the link."""
    (tmp_path / "real.xlsx").write_bytes(b"")
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "real.xlsx")
    made = import_cli(world, "template", "products", "-o", str(tmp_path / "link.xlsx"))
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "link.xlsx").is_symlink()
    assert zipfile.is_zipfile(tmp_path / "real.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.xlsx", "real.xlsx"]


def test_a_file_name_with_a_newline_is_one_line_of_the_listing(world, tmp_path):
    """The name was printed as it was: the batch's row broke in two."""
    f = products_file(tmp_path, "products\nmarch.xlsx")
    assert import_cli(world, "run", "products", str(f)).returncode == 0
    listed = import_cli(world, "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 2, listed.stdout
    assert lines[1].endswith("  products\\nmarch.xlsx [products]"), listed.stdout
    batch = lines[1].split()[0]
    shown = import_cli(world, "show", batch)
    assert "file_name:     products\\nmarch.xlsx\n" in shown.stdout, shown.stdout


def test_a_sheet_is_named_in_any_case_and_either_unicode_form(world, tmp_path):
    """Excel names sheets case-insensitively, so a sheet 'Products' is the one an
    import of products reads, and --sheet 'garden été' (typed with E and U+0301)
    names 'Garden Été': the first read 'Sheet1', the second was 'no sheet named'."""
    f = tmp_path / "catalogue.xlsx"
    book = xlsxwriter.Workbook(str(f))
    for sheet, sku in (("Sheet1", "S-1"), ("Products", "P-1"), ("Garden \u00c9t\u00e9", "G-1")):
        ws = book.add_worksheet(sheet)
        ws.write_row(0, 0, ["sku", "name"])
        ws.write_row(1, 0, [sku, f"Product {sku}"])
    book.close()
    done = import_cli(world, "run", "products", str(f), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sheet_name"] == "Products"
    done = import_cli(world, "run", "products", str(f), "--sheet", "garden e\u0301te\u0301",
                      "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sheet_name"] == "Garden \u00c9t\u00e9"
    skus = scalar(world, "SELECT string_agg(sku, ',' ORDER BY sku) FROM catalog.product")
    assert skus == "G-1,P-1"
    refused = import_cli(world, "run", "products", str(f), "--sheet", "Garden")
    assert refused.returncode == 1
    assert "no sheet named 'Garden'" in refused.stderr


def test_each_sheet_of_a_workbook_is_an_import_of_its_own(world, tmp_path):
    """A file was applied once per kind whatever its sheet: of a workbook with a sheet of
    tools and one of garden products, the second was 'already imported' and never came in."""
    f = tmp_path / "catalogue.xlsx"
    book = xlsxwriter.Workbook(str(f))
    for sheet, skus in (("tools", ["T-1", "T-2"]), ("garden", ["G-1"])):
        ws = book.add_worksheet(sheet)
        for r, row in enumerate([["sku", "name"], *[[s, f"Product {s}"] for s in skus]]):
            ws.write_row(r, 0, row)
    book.close()

    for sheet, inserted in (("tools", 2), ("garden", 1)):
        done = import_cli(world, "run", "products", str(f), "--sheet", sheet, "--json")
        assert done.returncode == 0, done.stderr
        batch = json.loads(done.stdout)
        assert (batch["status"], batch["inserted"]) == ("applied", inserted), batch
    assert scalar(world, "SELECT string_agg(sku, ',' ORDER BY sku) FROM catalog.product") == (
        "G-1,T-1,T-2"
    )

    before = snapshot(world)
    again = import_cli(world, "run", "products", str(f), "--sheet", "garden")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("sheet 'garden' of catalogue.xlsx was already imported as "
                                   "products in batch "), again.stdout
    assert snapshot(world) == before
    listed = import_cli(world, "list").stdout.splitlines()
    assert [line.rsplit("  ", 1)[1] for line in listed[1:]] == [
        "catalogue.xlsx [garden]", "catalogue.xlsx [tools]"
    ], listed


def test_show_takes_only_the_start_of_an_id(world, tmp_path):
    """The prefix went into LIKE as it was: with one batch on record, `show %` or
    `show _` showed it, and `show ''` said every batch matched."""
    f = products_file(tmp_path, "products.xlsx")
    assert import_cli(world, "run", "products", str(f)).returncode == 0
    batch = json.loads(import_cli(world, "list", "--json").stdout)[0]["id"]
    for prefix in ("%", "_", "", batch[:8] + "%"):
        shown = import_cli(world, "show", prefix)
        assert shown.returncode == 1, (prefix, shown.stdout)
        assert shown.stderr.strip() == (
            f"stockdb: no import batch {prefix!r}: give its id or the start of it "
            "(`stockdb import list` shows them)"
        ), shown.stderr
    assert import_cli(world, "show", batch[:8].upper()).returncode == 0


def test_a_value_in_excels_last_cell_is_read_without_a_grid_out_to_it(world, tmp_path, reader):
    """A stray value in XFD1048576: python-calamine would lay out 17 billion cells
    (512 GiB) and abort the process; the sheet is streamed instead."""
    products_file(tmp_path, "good.xlsx")
    f = rewrite_part(
        tmp_path / "good.xlsx", tmp_path / "far.xlsx", "xl/worksheets/sheet1.xml",
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>note</t></is></c></row>'
        b"</sheetData>",
    )
    before = snapshot(world)
    done = import_cli(world, "run", "products", str(f), "--report", str(tmp_path / "r.xlsx"))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"stockdb: rejected: 2 error(s) in 4 rows, nothing applied; report: {tmp_path / 'r.xlsx'}"
    ]
    assert snapshot(world) == before
    with psycopg.connect(world) as conn:
        assert conn.execute(
            "SELECT row_number, column_name, reason FROM staging.import_error ORDER BY 2"
        ).fetchall() == [(1048576, "name", "required"), (1048576, "sku", "required")]


def test_rows_reaching_the_last_column_are_held_a_few_at_a_time(world, tmp_path):
    """5,000 rows, each with a value in XFD: 16,384 cells a row once read. The
    streamed reader handed over every row of a 1 MiB piece of XML at once and the
    replay kept 5,000 rows before writing them: a 694 MiB CLI peak, 117 MiB now."""
    f = tmp_path / "far.xlsx"
    book = xlsxwriter.Workbook(str(f), {"constant_memory": True})
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, ["sku", "name"])
    for r in range(1, 5001):
        ws.write_row(r, 0, [f"S-{r}", "n"])
        ws.write(r, 16383, "note")
    book.close()
    done = run_measured(
        [sys.executable, "-m", "stockdb", "import", "run", "products", str(f), "--dry-run"],
        {**os.environ, "DATABASE_URL": world},
    )
    assert done["returncode"] == 0, done["stderr"]
    assert "it would give 5000 rows: 5000 inserted" in done["stdout"]
    assert done["peak_rss_mib"] < 256, f"{done['peak_rss_mib']:.0f} MiB"


def test_numbers_past_a_doubles_range_are_reported_as_text(world, tmp_path, reader):
    """1e400 reads as inf, and a 400-digit whole number as itself: staging refuses both,
    and the report shows them as text (xlsxwriter's write_number raised a traceback)."""
    write_xlsx(tmp_path / "good.xlsx",
               [["sku", "name", "reorder_point"], ["A-1", "x", 5], ["A-2", "y", 6]], "products")
    f = rewrite_part(tmp_path / "good.xlsx", tmp_path / "big.xlsx", "xl/worksheets/sheet1.xml",
                     b'<c r="C2"><v>5</v>', b"<c r=\"C2\"><v>1e400</v>")
    f = rewrite_part(f, tmp_path / "bigger.xlsx", "xl/worksheets/sheet1.xml",
                     b'<c r="C3"><v>6</v>', b'<c r="C3"><v>' + b"1" * 400 + b"</v>")
    before = snapshot(world)
    report = tmp_path / "r.xlsx"
    done = import_cli(world, "run", "products", str(f), "--report", str(report))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"stockdb: rejected: 2 error(s) in 2 rows, nothing applied; report: {report}"
    ]
    assert snapshot(world) == before
    shown = list(openpyxl.load_workbook(report, read_only=True).worksheets[0].iter_rows(
        values_only=True))
    assert [type(r[2]) for r in shown[1:]] == [str, str]
    assert shown[1][2] == "inf"


def test_other_attributes_ending_in_r_are_not_cell_positions(world, tmp_path, reader):
    """The far-cell scan looks from the r on; header= and footer= are not r=."""
    products_file(tmp_path, "good.xlsx")
    f = rewrite_part(
        tmp_path / "good.xlsx", tmp_path / "margins.xlsx", "xl/worksheets/sheet1.xml",
        b'header="0.3" footer="0.3"', b'header="2000000000" footer="XFE1"',
    )
    done = import_cli(world, "run", "products", str(f))
    assert done.returncode == 0, done.stderr
    assert scalar(world, "SELECT count(*) FROM catalog.product") == 3


def test_a_part_in_a_compression_zipfile_does_not_know(world, tmp_path, reader):
    """Found by fuzzing: openpyxl's NotImplementedError escaped the streamed path as a
    traceback. [Content_Types].xml is a part only openpyxl reads."""
    data = bytearray(products_file(tmp_path, "good.xlsx").read_bytes())
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46:entry + 46 + 19] != b"[Content_Types].xml":
        entry = data.find(b"PK\x01\x02", entry + 4)
        assert entry >= 0
    data[entry + 10:entry + 12] = (99).to_bytes(2, "little")  # its central directory entry
    f = tmp_path / "in.xlsx"
    f.write_bytes(bytes(data))
    before = snapshot(world)
    done = import_cli(world, "run", "products", str(f))
    if reader == "parsed":
        assert done.returncode == 0, done.stderr
        return
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "(That compression method is not supported)" in lines[0], lines
    assert snapshot(world) == before


def test_cells_as_spreadsheets_hold_them(world, tmp_path, reader):
    """Dates as text or serials, numbers as text with separators, formulas, booleans."""
    book = xlsxwriter.Workbook(str(tmp_path / "cells.xlsx"))
    ws = book.add_worksheet("products")
    ws.write_row(
        0, 0, ["SKU", "Name", "Lead Time Days", "reorder_point", "max_stock_level", "Active"]
    )
    ws.write_row(1, 0, ["F-1", "Formula"])
    # A formula with the result Excel saved with it: the result is imported.
    ws.write_formula(1, 2, "=3+4", None, 7)
    ws.write_row(1, 3, ["1,234.5", "2,000", "yes"])
    ws.write_row(2, 0, ["F-2", "Plain", 7.0, " 12 ", None, False])
    # Results with binary noise past Excel's 15 digits, which Excel shows as 3 and 0.3.
    ws.write_row(3, 0, ["F-3", "Noise"])
    ws.write_formula(3, 2, "=0.1*3*10", None, 0.1 * 3 * 10)
    ws.write_formula(3, 3, "=0.1+0.2", None, 0.1 + 0.2)
    book.close()
    done = import_cli(world, "run", "products", str(tmp_path / "cells.xlsx"), "--json")
    assert done.returncode == 0, done.stderr
    with psycopg.connect(world) as conn:
        rows = conn.execute(
            "SELECT sku, lead_time_days, reorder_point, max_stock_level, active "
            "FROM catalog.product ORDER BY sku"
        ).fetchall()
    assert rows == [
        ("F-1", 7, 1234.5, 2000, True),
        ("F-2", 7, 12, None, False),
        ("F-3", 3, Decimal("0.3"), None, True),
    ]


def test_excel_error_values_are_reported_per_cell_in_any_column(world, tmp_path, reader):
    """python-calamine reads an error cell as empty: an optional column would quietly take
    its default and a row of errors would vanish. The sheet starts at column B, so the
    error cells' positions must be counted from the sheet's first column."""
    book = xlsxwriter.Workbook(str(tmp_path / "errors.xlsx"))
    ws = book.add_worksheet("products")
    ws.write_row(0, 1, ["sku", "name", "reorder_point", "description"])
    ws.write_row(1, 1, ["E-1"])
    ws.write_formula(1, 2, "=1/0", None, "#DIV/0!")
    ws.write_row(2, 1, ["E-2", "Lookup"])
    ws.write_formula(2, 3, "=NA()", None, "#N/A")
    ws.write_formula(3, 1, "=A1+", None, "#NAME?")
    ws.write_formula(3, 2, "=#REF!", None, "#REF!")
    ws.write_row(4, 1, ["E-4", "Fine", 3, "#7 hex nut"])
    book.close()
    before = snapshot(world)
    report = tmp_path / "report.xlsx"
    done = import_cli(world, "run", "products", str(tmp_path / "errors.xlsx"),
                      "--report", str(report))
    assert done.returncode == 1, done.stderr
    assert "rejected: 4 error(s) in 4 rows" in done.stderr
    assert snapshot(world) == before

    shown = json.loads(import_cli(world, "list", "--json").stdout)[0]
    errors = json.loads(import_cli(world, "show", shown["id"], "--json").stdout)["errors"]
    reason = "an Excel error value ({}), not data: correct the formula or clear the cell"
    assert [(e["row_number"], e["column_name"], e["value"], e["reason"]) for e in errors] == [
        (2, "name", "#DIV/0!", reason.format("#DIV/0!")),
        (3, "reorder_point", "#N/A", reason.format("#N/A")),
        (4, "sku", "#NAME?", reason.format("#NAME?")),
        (4, "name", "#REF!", reason.format("#REF!")),
    ]
    rows = list(openpyxl.load_workbook(report).worksheets[0].iter_rows(values_only=True))
    # A streamed sheet's rows keep its blank column A; a parsed one's start at B.
    first = next(r for r in rows[1:] if "E-1" in r)
    assert first[first.index("E-1") + 1] == "#DIV/0!", "the report shows the error where it was"


def test_a_formula_whose_saved_result_is_empty_text_is_an_empty_cell(world, tmp_path, reader):
    """Excel saves a formula that gave "" as t="str" with an empty value: a result, not a
    missing one."""
    book = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"))
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, ["sku", "name", "description"])
    ws.write_row(1, 0, ["S-1", "Blank description"])
    ws.write_formula(1, 2, '=IF(1>2,"x","")', None, "")
    book.close()
    path = rewrite_part(tmp_path / "plain.xlsx", tmp_path / "str.xlsx", "xl/worksheets/sheet1.xml",
                        b'<c r="C2"><f>', b'<c r="C2" t="str"><f>')
    done = import_cli(world, "run", "products", str(path))
    assert done.returncode == 0, done.stderr
    assert scalar(world, "SELECT description IS NULL FROM catalog.product WHERE sku = 'S-1'")


def test_a_sheet_part_named_in_another_case_is_still_scanned(tmp_path):
    """Package part names are case-insensitive, zip member names are not: the relationship
    may name xl/Worksheets/Sheet1.xml for the member xl/worksheets/sheet1.xml."""
    book = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"))
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, ["sku", "name"])
    ws.write_row(1, 0, ["C-1"])
    ws.write_formula(1, 1, "=1/0", None, "#DIV/0!")
    book.close()
    path = rewrite_part(tmp_path / "plain.xlsx", tmp_path / "case.xlsx",
                        "xl/_rels/workbook.xml.rels", b"worksheets/sheet1.xml",
                        b"Worksheets/Sheet1.xml")
    kind = xi.Kind("products", "", ["insert"], [
        xi.Column("sku", "text", True, "", None, None),
        xi.Column("name", "text", True, "", None, None),
    ])
    sheet = xi.open_sheet(path, kind, None)
    assert [row for _, row in xi.data_rows(sheet)] == [["C-1", "#DIV/0!"]]


def test_a_1904_workbooks_day_numbers_count_from_1904(world, tmp_path, reader):
    """Old Mac Excel counts dates from 1904: a date cell without a date format holds a day
    number that staging, counting from 1900, would read four years early."""
    import_cli(world, "run", "products", str(products_file(tmp_path)))
    book = xlsxwriter.Workbook(str(tmp_path / "mac.xlsx"), {"date_1904": True})
    ws = book.add_worksheet("opening_stock")
    ws.write_row(0, 0, ["sku", "warehouse", "location", "quantity", "batch_number",
                        "expiry_date"])
    ws.write_row(1, 0, ["OIL-1", "MAIN", "B1", 1, "FORMATTED"])
    ws.write_datetime(1, 5, dt.datetime(2027, 3, 16), book.add_format({"num_format": "d/m/yy"}))
    ws.write_row(2, 0, ["OIL-1", "MAIN", "B1", 1, "DAY-NUMBER", 45000])
    # Staging reads digits typed as text as a day number too: in this workbook, from 1904.
    ws.write_row(3, 0, ["OIL-1", "MAIN", "B1", 1, "DAY-AS-TEXT"])
    ws.write_string(3, 5, " 45000")
    book.close()
    done = import_cli(world, "run", "opening_stock", str(tmp_path / "mac.xlsx"))
    assert done.returncode == 0, done.stderr
    with psycopg.connect(world) as conn:
        expiry = dict(conn.execute(
            "SELECT batch_number, expiry_date FROM catalog.product_batch").fetchall())
    # Day 45,000 counted from 1904-01-01; from 1899-12-30 it would be 2023-03-15.
    assert expiry == {"FORMATTED": dt.date(2027, 3, 16), "DAY-NUMBER": dt.date(2027, 3, 16),
                      "DAY-AS-TEXT": dt.date(2027, 3, 16)}


def test_wrong_type_column_reports_every_bad_cell(world, tmp_path, reader):
    rows = [["sku", "name", "lead_time_days"]] + [[f"S-{i}", "n", "soon"] for i in range(50)]
    before = snapshot(world)
    done = import_cli(world, "run", "products", str(write_xlsx(tmp_path / "t.xlsx", rows)))
    assert done.returncode == 1
    assert "rejected: 50 error(s) in 50 rows" in done.stderr
    assert snapshot(world) == before


# Excel's last row. The CLI's peak memory on a sheet of that many rows, by
def test_a_report_or_template_that_cannot_be_written_is_one_clear_line(world, tmp_path):
    """xlsxwriter creates its file only when the workbook closes, and its
    FileCreateError came out as a traceback: after the batch had been rejected
    for a report, and for a template."""
    bad = write_xlsx(tmp_path / "products.xlsx", [["sku", "name", "unit"], ["X1", "x", "parsec"]])
    before = snapshot(world)
    # A --report in no directory is refused before the database is touched.
    done = import_cli(world, "run", "products", str(bad), "--report",
                      str(tmp_path / "nowhere" / "r.xlsx"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"stockdb: cannot write the error report to {tmp_path / 'nowhere' / 'r.xlsx'}: "
        f"no directory {tmp_path / 'nowhere'}"]
    assert json.loads(import_cli(world, "list", "--json").stdout) == []
    # One that cannot be created once the batch is rejected: the batch stays rejected.
    done = import_cli(world, "run", "products", str(bad), "--report", "/proc/r.xlsx")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "stockdb: rejected: 1 error(s) in 1 rows, nothing applied; no report (cannot write "
        "/proc/r.xlsx: No such file or directory; name another with --report)")
    assert [b["status"] for b in json.loads(import_cli(world, "list", "--json").stdout)] == [
        "rejected"]
    assert snapshot(world) == before
    for target in (tmp_path / "nowhere" / "t.xlsx", Path("/proc/t.xlsx")):
        done = import_cli(world, "template", "products", "-o", str(target))
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            f"stockdb: cannot write {target}: No such file or directory"]


def test_a_report_over_the_file_imported_or_not_named_xlsx_is_refused(world, tmp_path):
    """`--report` naming the file being imported replaced the user's workbook, its
    other sheets with it, by the error report; a report or template named .csv
    was an XLSX file a spreadsheet program opened as text."""
    bad = tmp_path / "products.xlsx"
    workbook = xlsxwriter.Workbook(bad)
    workbook.add_worksheet("products").write_row(0, 0, ["sku", "name", "unit"])
    workbook.worksheets()[0].write_row(1, 0, ["X1", "x", "parsec"])
    workbook.add_worksheet("my notes").write(0, 0, "keep me")
    workbook.close()
    original = bad.read_bytes()
    (tmp_path / "link.xlsx").symlink_to(bad)
    before = snapshot(world)
    for given, report, why in (
        (bad, bad, "it is the file being imported; name another with --report"),
        (tmp_path / "link.xlsx", bad, "it is the file being imported; name another with --report"),
        (bad, tmp_path / "r.csv", "it is an XLSX file, so its name must end in .xlsx"),
    ):
        done = import_cli(world, "run", "products", str(given), "--report", str(report))
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            f"stockdb: cannot write the error report to {report}: {why}"]
    assert bad.read_bytes() == original
    assert not (tmp_path / "r.csv").exists()
    assert json.loads(import_cli(world, "list", "--json").stdout) == []
    assert snapshot(world) == before
    done = import_cli(world, "template", "products", "-o", str(tmp_path / "t.csv"))
    assert done.returncode == 2
    assert "-o takes a file ending in .xlsx: the template is an XLSX workbook" in done.stderr
    assert not (tmp_path / "t.csv").exists()


def test_template_has_header_lists_and_notes(fresh_db, tmp_path):
    for kind in (
        "products",
        "categories",
        "opening_stock",
        "suppliers",
        "customers",
        "purchase_orders",
        "cycle_counts",
        "prices",
        "locations",
    ):
        out = tmp_path / f"{kind}.xlsx"
        done = import_cli(fresh_db, "template", kind, "-o", str(out))
        assert done.returncode == 0, done.stderr
        book = openpyxl.load_workbook(out)
        assert book.sheetnames == [kind, "notes"]
        header = [c.value for c in book[kind][1]]
        expected = [
            r[0]
            for r in psycopg.connect(fresh_db).execute(
                "SELECT column_name FROM staging.import_column WHERE kind = %s ORDER BY position",
                [kind],
            )
        ]
        assert header == expected
        if kind == "products":
            lists = {
                str(dv.sqref).split(":")[0]: dv.formula1
                for dv in book[kind].data_validations.dataValidation
            }
            assert "ea" in lists["E2"] and "kg" in lists["E2"], lists
            assert lists["P2"] == '"true,false"'
        if kind == "locations":
            lists = {
                str(dv.sqref).split(":")[0]: dv.formula1
                for dv in book[kind].data_validations.dataValidation
            }
            assert lists["C2"] == '"receiving,storage,picking,shipping,quarantine"', lists
        notes = [r[0] for r in book["notes"].iter_rows(min_row=5, values_only=True)]
        assert notes == expected
    # An empty template imports as "header only": rejected, nothing applied.
    empty = import_cli(fresh_db, "run", "products", str(tmp_path / "products.xlsx"))
    assert empty.returncode == 1 and "0 rows" in empty.stderr
    unknown = import_cli(fresh_db, "template", "widgets", "-o", str(tmp_path / "w.xlsx"))
    assert unknown.returncode == 1 and unknown.stderr.startswith(
        "stockdb: no import kind 'widgets'"
    )


def test_purge_import_rows_keeps_batches_and_errors(world, tmp_path):
    import_cli(world, "run", "products", str(products_file(tmp_path)))
    bad = write_xlsx(tmp_path / "bad.xlsx", [["sku", "name"], ["A B", "x"]])
    import_cli(world, "run", "products", str(bad))
    with psycopg.connect(world, autocommit=True) as conn:
        conn.execute(
            "UPDATE staging.import_batch SET started_at = started_at - interval '40 days', "
            "finished_at = finished_at - interval '40 days'"
        )
        conn.execute("CALL ops.purge_import_rows()")
        assert conn.execute("SELECT count(*) FROM staging.product_row").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM staging.import_batch").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM staging.import_error").fetchone()[0] == 1
        assert conn.execute(
            "SELECT detail FROM ops.maintenance_run WHERE job_name = 'purge-import-rows'"
        ).fetchone()[0] == {"batches": 2, "rows": 4}


def test_staging_functions_refuse_bad_calls_with_their_sqlstates(fresh_db):
    checksum = "0" * 64
    begin = "SELECT batch_id FROM staging.begin_batch(%s, 'f.xlsx', %s, 'S', %s, %s)"
    cases = [
        ("42501", None, begin, ("products", checksum, ["sku"], "insert")),
        ("22023", TENANT, begin, ("widgets", checksum, ["sku"], "insert")),
        ("22023", TENANT, begin, ("prices", checksum, ["sku"], "insert")),
        ("22023", TENANT, begin, ("products", "abc", ["sku"], "insert")),
        ("22023", TENANT, begin, ("products", checksum, ["sku", "colour"], "insert")),
        ("SD404", TENANT, "SELECT staging.finish_batch(%s)", (DEFAULT_TENANT,)),
        ("22023", None, "SELECT staging.refresh_statistics(%s)", ("widgets",)),
    ]
    for sqlstate, tenant, query, params in cases:
        with psycopg.connect(fresh_db) as conn:
            if tenant:
                conn.execute("SELECT api.set_context(%s)", [tenant])
            with pytest.raises(psycopg.Error) as caught:
                conn.execute(query, params)
            assert caught.value.sqlstate == sqlstate, (query, params)
            assert caught.value.diag.message_hint, "every refusal says what to do"

    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [TENANT])
        batch = conn.execute(begin, ("products", checksum, ["sku", "name"], "insert")).fetchone()[0]
        assert conn.execute("SELECT staging.finish_batch(%s)", [batch]).fetchone()[0]["status"] == (
            "rejected"
        )
        with pytest.raises(psycopg.Error) as caught:
            conn.execute("SELECT staging.finish_batch(%s)", [batch])
        assert caught.value.sqlstate == "SD003"


def test_two_tenants_import_the_same_codes_each_into_its_own_rows(world, tmp_path):
    # The import's checks and apply run past row security (for speed) and
    # must name the tenant in every query themselves: same SKUs, warehouse
    # and location codes in two tenants resolve to each tenant's own rows.
    with psycopg.connect(world) as conn:
        other = str(
            conn.execute(
                "INSERT INTO auth.tenant (code, name) VALUES ('beta', 'Beta') RETURNING id"
            ).fetchone()[0]
        )
        conn.execute("SELECT api.set_context(%s)", [other])
        wh = conn.execute("SELECT api.create_warehouse('MAIN', 'Beta main')").fetchone()[0]
        conn.execute("SELECT api.create_location(%s, 'A1')", [wh])
        conn.commit()
    products = products_file(tmp_path)
    stock = write_xlsx(
        tmp_path / "stock.xlsx",
        [["sku", "warehouse", "location", "quantity"], ["BOLT-1", "MAIN", "A1", 7]],
        "opening_stock",
    )
    for tenant in (TENANT, other):
        for kind, path in (("products", products), ("opening_stock", stock)):
            done = import_cli(world, "run", kind, str(path), "--tenant", tenant)
            assert done.returncode == 0, done.stderr
    # Only tenant B's price changes.
    changed = write_xlsx(
        tmp_path / "products2.xlsx",
        [
            ["SKU", "Name", "Unit", "Unit price (minor)", "Currency"],
            ["BOLT-1", "Bolt", "ea", 999, "EUR"],
        ],
        "products",
    )
    done = import_cli(
        world, "run", "products", str(changed), "--mode", "upsert", "--tenant", other
    )
    assert done.returncode == 0, done.stderr
    with psycopg.connect(world) as conn:
        rows = conn.execute(
            "SELECT m.tenant_id::text, p.tenant_id::text, l.tenant_id::text, p.sku, l.code, "
            "m.quantity, p.unit_price_minor "
            "FROM inventory.stock_movement AS m "
            "JOIN catalog.product AS p ON p.tenant_id = m.tenant_id AND p.id = m.product_id "
            "JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id "
            "ORDER BY m.tenant_id = %s",
            [other],
        ).fetchall()
        products_per_tenant = conn.execute(
            "SELECT tenant_id::text, count(*) FROM catalog.product GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert rows == [
        (TENANT, TENANT, TENANT, "BOLT-1", "A1", 7, 125),
        (other, other, other, "BOLT-1", "A1", 7, 999),
    ]
    assert sorted(products_per_tenant) == sorted([(TENANT, 3), (other, 3)])


def test_cells_without_a_position_are_streamed_not_laid_out(world, tmp_path):
    """16,000 cells without an r attribute in one row and a value in row 1,048,576:
    python-calamine placed each cell after the last and laid out 16,000 columns for
    every row, and the failed allocation aborted the process (exit 134, a Rust
    backtrace). A sheet with a cell or row that names no position is streamed."""
    products_file(tmp_path, "good.xlsx")
    wide = (
        b'<row r="5"><c t="inlineStr"><is><t>WIDE-1</t></is></c>'
        b'<c t="inlineStr"><is><t>Wide</t></is></c>' + b"<c/>" * 4 + b"<c><v>1</v></c>" * 15_994
        + b"</row>"
    )
    f = rewrite_part(
        tmp_path / "good.xlsx", tmp_path / "unplaced.xlsx", "xl/worksheets/sheet1.xml",
        b"</sheetData>",
        wide + b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>note</t></is></c></row>'
        b"</sheetData>",
    )
    before = snapshot(world)
    done = import_cli(world, "run", "products", str(f), "--report", str(tmp_path / "r.xlsx"))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"stockdb: rejected: 1 error(s) in 5 rows, nothing applied; report: {tmp_path / 'r.xlsx'}"
    ]
    assert snapshot(world) == before
    with psycopg.connect(world) as conn:
        assert conn.execute(
            "SELECT row_number, column_name, reason FROM staging.import_error"
        ).fetchall() == [(1048576, "name", "required")]


@pytest.mark.parametrize(
    ("sheet_data", "unplaced"),
    [
        (b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c s="1" r="B1"/></row></sheetData>', False),
        (b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c></row></sheetData>', True),
        (b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c t="n"/></row></sheetData>', True),
        (b'<sheetData><row><c r="A1"><v>1</v></c></row></sheetData>', True),
        (b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData>', False),
        (b'<x:sheetData><x:row r="1"><x:c t="s"><x:v>0</x:v></x:c></x:row></x:sheetData>', True),
    ],
    ids=["every-r", "cell-without-r", "empty-cell-without-r", "row-without-r", "prefixed",
         "prefixed-cell-without-r"],
)
def test_a_cell_or_row_without_r_is_found(tmp_path, sheet_data, unplaced):
    f = tmp_path / "part.zip"
    with zipfile.ZipFile(f, "w") as package:
        package.writestr("sheet.xml", b'<worksheet xmlns:x="x"><cols><col min="1"/></cols>'
                         + sheet_data + b"</worksheet>")
    assert xi._far_cells(f, "sheet.xml", alone=False)[2] is unplaced


def test_a_row_past_excel_is_refused_alike_with_cells_without_a_position(world, tmp_path):
    """A sheet that is streamed for its cells without r still gets the one line that
    names a row past Excel's last, before any reading."""
    products_file(tmp_path, "good.xlsx")
    f = rewrite_part(
        tmp_path / "good.xlsx", tmp_path / "far.xlsx", "xl/worksheets/sheet1.xml",
        b"</sheetData>",
        b'<row><c><v>1</v></c></row><row r="2000000000"><c r="A2000000000" t="inlineStr">'
        b"<is><t>far</t></is></c></row></sheetData>",
    )
    before = snapshot(world)
    done = import_cli(world, "run", "products", str(f))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"stockdb: {f}: sheet 'products' has a cell or row numbered 2,000,000,000, past "
        "Excel's last row (1,048,576); a sheet Excel saved cannot have one"
    ]
    assert snapshot(world) == before


def test_the_servers_phases_are_reported_and_no_other_notice(world, tmp_path):
    """finish_batch says which phase runs; run_import passes those on, and only those,
    even from a database set to send its clients no notices."""
    with psycopg.connect(world, autocommit=True) as conn:
        name = conn.info.dbname
        conn.execute(f'ALTER DATABASE "{name}" SET client_min_messages = warning')
    seen: list[str] = []
    done = xi.run_import(world, "products", products_file(tmp_path), phase=seen.append)
    assert done.status == "applied"
    assert seen == [
        "validating the cells of 3 rows",
        "checking 3 rows against the products rules",
        "applying 3 rows",
    ]
    # A notice of anything else in the same connection is not a phase.
    with psycopg.connect(world) as conn:
        conn.add_notice_handler(xi._phase_notices(seen.append))
        conn.execute("DO $$ BEGIN RAISE NOTICE 'not a phase'; END $$")
    assert len(seen) == 3

    seen.clear()
    bad = write_xlsx(tmp_path / "bad.xlsx", [["sku", "name"], ["BOLT-9", ""]], "products")
    done = xi.run_import(world, "products", bad, report_path=tmp_path / "r.xlsx",
                         phase=seen.append)
    assert done.status == "rejected"
    assert seen == [
        "validating the cells of 1 row",
        "checking 1 row against the products rules",
        f"writing the error report to {tmp_path / 'r.xlsx'}",
    ]


def test_a_terminal_sees_each_phase_with_its_seconds(world, tmp_path):
    """On a terminal the staging bar is followed by a line per phase, timed."""
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "stockdb", "import", "run", "products",
             str(products_file(tmp_path))],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=secondary,
            env={**os.environ, "DATABASE_URL": world}, timeout=120, check=False,
        )
        os.close(secondary)
        secondary = -1
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if secondary >= 0:
            os.close(secondary)
        os.close(primary)
    assert done.returncode == 0, shown
    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", shown).decode()
    lines = [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]
    assert all(re.fullmatch(r".+ … \d+\.\d s", line) for line in lines[-3:]), lines
    assert [re.sub(r" … \d+\.\d s$", "", line) for line in lines[-3:]] == [
        "validating the cells of 3 rows",
        "checking 3 rows against the products rules",
        "applying 3 rows",
    ], lines
    assert lines[0].startswith("staging products.xlsx"), lines


@pytest.mark.parametrize("where", ["environment", "database"])
def test_a_client_encoding_other_than_utf8_does_not_stop_the_cli(world, tmp_path, where):
    """PGCLIENTENCODING=LATIN1 (a legacy shell's) or a database's client_encoding
    setting: the import of a name LATIN1 cannot hold ended in a Python
    traceback (UnicodeEncodeError) and pg_dump refused to back the database up.
    The CLI talks UTF8 to the server whatever the environment says."""
    env = {"DATABASE_URL": world}
    if where == "environment":
        env["PGCLIENTENCODING"] = "LATIN1"
    else:
        with psycopg.connect(world, autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("ALTER DATABASE {} SET client_encoding = 'LATIN1'").format(
                psycopg.sql.Identifier(conn.info.dbname)))
    name = "Crème brûlée ☕ 日本"
    sheet = write_xlsx(tmp_path / "p.xlsx", [["sku", "name"], ["ENC-1", name]], "products")
    done = run_cli("import", "run", "products", str(sheet), env=env)
    assert done.returncode == 0, done.stderr
    with psycopg.connect(world, client_encoding="UTF8") as conn:
        assert conn.execute("SELECT name FROM catalog.product WHERE sku = 'ENC-1'").fetchone() == (
            name,)
    done = run_cli("report", "show", "products", "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert name in {row["name"] for row in json.loads(done.stdout)["rows"]}
    done = run_cli("backup", "create", "--dir", str(tmp_path / "backups"), env=env)
    assert done.returncode == 0, done.stderr


def test_a_file_whose_name_is_not_utf8_is_imported(world, tmp_path, reader):
    """A workbook named in latin-1 (from an old share or zip) was refused as
    'No such file or directory' though it was there: calamine takes its path as
    UTF-8. Its batch keeps the name with � for the bytes that are not UTF-8,
    and a rejected one's report goes beside it."""
    good = write_xlsx(tmp_path / "good.xlsx", [["sku", "name"], ["ENC-1", "Café"]], "products")
    name = os.fsdecode(b"caf\xe9-products.xlsx")
    good.rename(tmp_path / name)
    done = import_cli(world, "run", "products", str(tmp_path / name))
    assert done.returncode == 0, done.stderr
    assert scalar(world, "SELECT file_name FROM staging.import_batch") == "caf\ufffd-products.xlsx"
    assert scalar(world, "SELECT name FROM catalog.product WHERE sku = 'ENC-1'") == "Café"
    bad = write_xlsx(tmp_path / "bad.xlsx", [["sku", "name"], ["ENC-2", None]], "products")
    name = os.fsdecode(b"caf\xe9-bad.xlsx")
    bad.rename(tmp_path / name)
    done = import_cli(world, "run", "products", str(tmp_path / name))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / os.fsdecode(b"caf\xe9-bad.errors.xlsx")).exists()
