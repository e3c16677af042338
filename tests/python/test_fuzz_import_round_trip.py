"""Drawn products sheets through the importer: valid in every cell, each applies
whole, holds what the sheet said, and exported (`import template --with-data`)
imports back unchanged; with one cell made bad, it is rejected whole, the error
names that cell alone, and nothing changes. Drawn opening stock lands once: a ledger
row per row, balances that add up to the sheet, and the same file again changes
nothing. Read either way (parsed or streamed)."""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
from decimal import Decimal
from pathlib import Path
from unittest import mock

import psycopg
import pytest
import xlsxwriter
from helpers import DEFAULT_TENANT, fuzz_settings
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

from stockdb import xlsx_import as xi

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fixed_draws")]

HEADER = ["sku", "name", "description", "category", "unit", "barcode", "unit_price_minor",
          "currency", "min_stock_level", "reorder_point", "safety_stock_level",
          "max_stock_level", "lead_time_days", "hs_code", "country_of_origin", "active"]
WHOLE_UNITS = ["ea", "box", "pack"]
DECIMAL_UNITS = ["kg", "l", "m"]
# Printable text as a spreadsheet holds it: no control characters, no lone surrogates.
TEXT = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
SKU_CHARACTERS = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
# Excel's error values (#DIV/0!, #NAME?, #N/A, …), which the importer refuses in
# any column even typed as text (staging.cell_problem, which lists them): drawn text
# never has their shape, so no copy of that list is kept here to fall behind it.
EXCEL_ERROR = re.compile(r"#[A-Z0-9/_]+[!?]?")


def data(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text a cell can hold as data: something besides blanks, and no error value."""
    return text.filter(lambda s: s.strip() and not EXCEL_ERROR.fullmatch(s))


@st.composite
def product(draw, sku: str) -> dict:
    unit = draw(st.sampled_from([None, *WHOLE_UNITS, *DECIMAL_UNITS]))
    places = 3 if unit in DECIMAL_UNITS else 0
    level = st.decimals(min_value=0, max_value=10**6, places=places).map(
        lambda d: d.normalize() if d != 0 else Decimal(0))
    reorder = draw(st.none() | level)
    priced = draw(st.booleans())
    row = {
        "sku": sku,
        "name": draw(data(st.text(TEXT, min_size=1, max_size=40))),
        "description": draw(st.none() | data(st.text(TEXT, min_size=1, max_size=80))),
        "category": draw(st.sampled_from([None, "Tools", "Tools/Fasteners", "Garden"])),
        "unit": unit,
        "barcode": draw(st.none() | st.from_regex(r"[0-9]{8,13}", fullmatch=True)),
        "unit_price_minor": draw(st.integers(0, 10**12)) if priced else None,
        "currency": draw(st.sampled_from(["EUR", "USD", "eur"])) if priced else None,
        "min_stock_level": draw(st.none() | level),
        "reorder_point": reorder,
        "safety_stock_level": draw(st.none() | level),
        "max_stock_level": (None if not draw(st.booleans())
                            else (reorder or 0) + draw(level)),
        "lead_time_days": draw(st.none() | st.integers(0, 3650)),
        "hs_code": draw(st.none() | st.from_regex(r"[0-9]{6,10}", fullmatch=True)),
        "country_of_origin": draw(st.sampled_from([None, "DE", "FR", "JP"])),
        "active": draw(st.sampled_from([None, True, False])),
    }
    return row


@st.composite
def sheets(draw) -> list[dict]:
    skus = draw(st.lists(data(st.text(SKU_CHARACTERS, min_size=1, max_size=20)), min_size=1,
                         max_size=25, unique_by=str.upper))
    return [draw(product(sku)) for sku in skus]


def write_sheet(path: Path, rows: list[dict], as_text: bool) -> Path:
    """The rows under the header; with as_text, the numbers as text, thousands
    separated, as a sheet exported from another tool often holds them."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(HEADER):
            value = row[name]
            if value is None:
                continue
            if isinstance(value, Decimal | int) and not isinstance(value, bool):
                if as_text:  # never with an exponent: 1E+6 is not a number to the importer
                    ws.write_string(r, c, f"{value:,f}" if isinstance(value, Decimal)
                                    else f"{value:,}")
                else:
                    ws.write_number(r, c, value)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            else:
                ws.write_string(r, c, value)
    book.close()
    return path


def stored(url: str) -> dict[str, dict]:
    with psycopg.connect(url) as conn:
        found = conn.execute(
            "SELECT p.sku, p.name, p.description, "
            "(SELECT cp.name_path FROM catalog.category_paths(p.tenant_id) AS cp "
            " WHERE cp.id = p.category_id), p.unit, p.barcode, p.unit_price_minor, p.currency, "
            "p.min_stock_level, p.reorder_point, p.safety_stock_level, p.max_stock_level, "
            "p.lead_time_days, p.hs_code, p.country_of_origin, p.active "
            "FROM catalog.product AS p WHERE p.tenant_id = %s",
            [DEFAULT_TENANT],
        ).fetchall()
    return {r[0]: dict(zip(HEADER, r, strict=True)) for r in found}


def errors(url: str, result: xi.ImportResult) -> list[tuple]:
    """A batch's cell errors (and its failure, if the apply failed), to say why it did not apply."""
    with psycopg.connect(url) as conn:
        return [result.batch.get("failure"), *conn.execute(
            "SELECT row_number, column_name, value, reason FROM staging.import_error "
            "WHERE batch_id = %s ORDER BY row_number", [result.batch["id"]]).fetchall()]


def expected(row: dict) -> dict:
    """What the sheet's row says the product is, with the documented defaults. A text
    cell loses its surrounding spaces, and only those (staging.to_text, as the api's
    btrim): a no-break space or a tab around a name stays part of it. It is read in
    NFC, the form codes and names are stored in."""
    text = {k: (unicodedata.normalize("NFC", v.strip(" ")) if isinstance(v, str) else v)
            for k, v in row.items()}
    return {
        **text,
        "unit": text["unit"] or "ea",
        "currency": text["currency"].upper() if text["currency"] else None,
        "min_stock_level": text["min_stock_level"] or 0,
        "reorder_point": text["reorder_point"] or 0,
        "safety_stock_level": text["safety_stock_level"] or 0,
        "lead_time_days": text["lead_time_days"] or 0,
        "active": True if text["active"] is None else text["active"],
    }


FUZZ = fuzz_settings(25, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture
def categories(fresh_db) -> str:
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        tools = conn.execute("SELECT api.create_category('Tools')").fetchone()[0]
        conn.execute("SELECT api.create_category('Fasteners', %s)", [tools])
        conn.execute("SELECT api.create_category('Garden')")
    return fresh_db


# Drawn in CI: the streamed reader read the SKU "x005F_" as empty, copying
# openpyxl's unescaping (see xlsx_stream.ooxml_text).
CI_DRAWN = [{**dict.fromkeys(HEADER), "sku": sku, "name": "0"} for sku in ("0", "x005F_")]


@FUZZ
@given(rows=sheets(), as_text=st.booleans(), stream=st.booleans())
@example(rows=CI_DRAWN, as_text=False, stream=True)
def test_drawn_products_apply_hold_their_values_and_export_back_unchanged(
    categories, tmp_path_factory, rows, as_text, stream
):
    url = categories
    tmp = tmp_path_factory.mktemp("round")
    with psycopg.connect(url) as conn:
        # Each example starts from no products and no past imports: a file drawn
        # twice would otherwise be the same file imported again, which changes nothing.
        conn.execute("DELETE FROM catalog.product")
        conn.execute("TRUNCATE staging.import_batch CASCADE")
        kind = xi.load_kinds(conn)["products"]
    threshold = "0" if stream else str(xi.STREAM_ABOVE_MIB)
    with mock.patch.dict(os.environ, {xi.STREAM_ABOVE_VARIABLE: threshold}):
        first = xi.run_import(url, "products", write_sheet(tmp / "in.xlsx", rows, as_text),
                              report_path=tmp / "report.xlsx")
        assert first.status == "applied", errors(url, first)
        assert first.batch["inserted"] == len(rows)
        assert stored(url) == {r["sku"].strip(): expected(r) for r in rows}

        exported = list(xi.export_rows(url, kind, None))
        xi.write_template(kind, tmp / "out.xlsx", exported)
        again = xi.run_import(url, "products", tmp / "out.xlsx", mode="upsert")
        assert again.status == "applied", errors(url, again)
        assert (again.batch["inserted"], again.batch["updated"], again.batch["unchanged"]) == (
            0, 0, len(rows))
        assert list(xi.export_rows(url, kind, None)) == exported


# One cell made bad in a way each column's rule refuses, and the column its error names.
BREAKS = {
    "unit": ("bogus", "unit"),
    "lead_time_days": (4000, "lead_time_days"),
    "reorder_point": (-1, "reorder_point"),
    "currency": ("EURO", "currency"),
    "hs_code": ("12ab", "hs_code"),
    "country_of_origin": ("Germany", "country_of_origin"),
    "category": ("Nowhere/Else", "category"),
    "active": ("maybe", "active"),
    "unit_price_minor": ("12.5", "unit_price_minor"),
}


@FUZZ
@given(rows=sheets(), at=st.integers(0, 24), broken=st.sampled_from(sorted(BREAKS)),
       stream=st.booleans())
def test_one_drawn_bad_cell_rejects_the_sheet_names_the_cell_and_changes_nothing(
    categories, tmp_path_factory, rows, at, broken, stream
):
    url = categories
    tmp = tmp_path_factory.mktemp("bad")
    with psycopg.connect(url) as conn:
        conn.execute("DELETE FROM catalog.product")
        conn.execute("TRUNCATE staging.import_batch CASCADE")
    rows, at = list(rows), at % len(rows)
    value, column = BREAKS[broken]
    rows[at] = {**rows[at], broken: value}
    if broken == "unit_price_minor" and rows[at]["currency"] is None:
        rows[at]["currency"] = "EUR"  # a price alone would be a second error
    threshold = "0" if stream else str(xi.STREAM_ABOVE_MIB)
    with mock.patch.dict(os.environ, {xi.STREAM_ABOVE_VARIABLE: threshold}):
        result = xi.run_import(url, "products", write_sheet(tmp / "in.xlsx", rows, False),
                               report_path=tmp / "report.xlsx")
    found = errors(url, result)
    assert result.status == "rejected", found
    assert found[0] is None, "refused cell by cell, not failed in the apply"
    assert {(e[0], e[1]) for e in found[1:]} == {(at + 2, column)}, found
    assert stored(url) == {}


# Opening stock: products in a whole unit and in decimal ones (unit, its decimal
# places), two locations.
STOCK_PRODUCTS = {"P-EA": ("ea", 0), "P-KG": ("kg", 3), "P-L": ("l", 3)}
STOCK_LOCATIONS = ["A1", "B1"]
# A batch's dates, the same on every row naming it (the file may not disagree).
LOTS = {"L1": ("2026-01-01", "2027-01-01"), "L2": (None, "2026-12-31"), "L3": (None, None)}
# A batch's cost, given or not: a lot has one cost, and the examples share a
# database, so a cost drawn anew for a lot an earlier example costed is refused.
LOT_COSTS = {"L1": 0, "L2": 987_654_321, "L3": 10**9}
STOCK_HEADER = ["sku", "warehouse", "location", "quantity", "batch_number",
                "manufacture_date", "expiry_date", "unit_cost_minor", "currency"]


@st.composite
def stock_sheets(draw) -> list[dict]:
    places = draw(st.lists(
        st.tuples(st.sampled_from(sorted(STOCK_PRODUCTS)), st.sampled_from(STOCK_LOCATIONS),
                  st.sampled_from([None, *sorted(LOTS)])),
        min_size=1, max_size=15, unique=True))
    costs = {lot: draw(st.sampled_from([None, LOT_COSTS[lot]])) for lot in LOTS}
    rows = []
    for sku, location, lot in places:
        made, expires = LOTS.get(lot, (None, None))
        places = STOCK_PRODUCTS[sku][1]
        quantity = draw(st.decimals(min_value=Decimal(1).scaleb(-places), max_value=10**6,
                                    places=places))
        cost = costs[lot] if lot else None
        rows.append({
            "sku": sku, "warehouse": "MAIN", "location": location, "quantity": quantity,
            "batch_number": lot, "manufacture_date": made, "expiry_date": expires,
            "unit_cost_minor": cost, "currency": "EUR" if cost is not None else None,
        })
    return rows


@pytest.fixture
def stock_world(fresh_db) -> str:
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        wh = conn.execute("SELECT api.create_warehouse('MAIN', 'Main')").fetchone()[0]
        for code in STOCK_LOCATIONS:
            conn.execute("SELECT api.create_location(%s, %s)", [wh, code])
        for sku, (unit, _places) in STOCK_PRODUCTS.items():
            conn.execute("SELECT api.create_product(%s, %s, unit => %s)", [sku, sku, unit])
    return fresh_db


def balances(url: str) -> dict[tuple, Decimal]:
    with psycopg.connect(url) as conn:
        return dict(((sku, loc, lot), on_hand) for sku, loc, lot, on_hand in conn.execute(
            "SELECT p.sku, l.code, b.batch_number, i.on_hand FROM inventory.inventory AS i "
            "JOIN catalog.product AS p ON p.id = i.product_id "
            "JOIN warehouse.location AS l ON l.id = i.location_id "
            "LEFT JOIN catalog.product_batch AS b ON b.id = i.batch_id WHERE i.on_hand <> 0"))


@FUZZ
@given(rows=stock_sheets(), stream=st.booleans())
def test_drawn_opening_stock_lands_once_in_the_ledger_and_the_balances(
    stock_world, tmp_path_factory, rows, stream
):
    url = stock_world
    tmp = tmp_path_factory.mktemp("stock")
    path = tmp / "stock.xlsx"
    book = xlsxwriter.Workbook(str(path))
    # The examples share a database: a sheet drawn twice is a new file (other
    # bytes) holding rows applied before, which must not land again.
    book.set_properties({"comments": uuid.uuid4().hex})
    ws = book.add_worksheet("opening_stock")
    ws.write_row(0, 0, STOCK_HEADER)
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, [row[name] for name in STOCK_HEADER])
    book.close()
    before = balances(url)
    with psycopg.connect(url) as conn:
        movements = conn.execute("SELECT count(*) FROM inventory.stock_movement").fetchone()[0]
    threshold = "0" if stream else str(xi.STREAM_ABOVE_MIB)
    with mock.patch.dict(os.environ, {xi.STREAM_ABOVE_VARIABLE: threshold}):
        first = xi.run_import(url, "opening_stock", path, report_path=tmp / "report.xlsx")
        assert first.status in ("applied", "duplicate"), errors(url, first)
        again = xi.run_import(url, "opening_stock", path)
    assert again.status == "duplicate"
    added = dict(before)
    if first.status == "applied":
        assert first.batch["inserted"] == len(rows)
        for row in rows:
            key = (row["sku"], row["location"], row["batch_number"])
            added[key] = added.get(key, 0) + row["quantity"]
    else:
        # Drawn before: the batch that applied these rows is named, and nothing moves.
        with psycopg.connect(url) as conn:
            assert conn.execute(
                "SELECT b.status::text, b.row_count FROM staging.import_batch AS b WHERE b.id = %s",
                [first.batch["duplicate_of"]]).fetchone() == ("applied", len(rows))
    assert balances(url) == added
    landed = len(rows) if first.status == "applied" else 0
    with psycopg.connect(url) as conn:
        assert conn.execute(
            "SELECT count(*) FROM inventory.stock_movement").fetchone()[0] == movements + landed
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0
