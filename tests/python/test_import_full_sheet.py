"""A sheet as long as Excel allows, a million rows, read both ways and rejected
whole by its last row. Its own file so that it runs beside the rest of the import
tests rather than after them: it is about a third of their time."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import psycopg
import pytest
import xlsxwriter
from helpers import snapshot
from python_calamine import CalamineWorkbook

from stockdb import xlsx_import as xi
from stockdb.bench_import import run_measured

# reader: python-calamine parses the whole sheet and holds its cells (355 MiB
# measured; 535 MiB with a Python list of the rows added); the stream holds a
# row at a time (74 MiB measured; 161 MiB when openpyxl read the rows and kept
# about 85 bytes of each until the pass ended). Each bound lies between.
EXCEL_ROWS = 1_048_576
FULL_SHEET_PEAK_RSS_MIB = {"parsed": 448, "streamed": 128}


# One data row as xlsxwriter's constant_memory mode writes it (inline strings),
# for r counted from 1 as Excel does.
FULL_SHEET_ROW = (
    '<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>M-{n:07d}</t></is></c>'
    '<c r="B{r}" t="inlineStr"><is><t>Item {n}</t></is></c>'
    '<c r="C{r}" t="inlineStr"><is><t>ea</t></is></c></row>'
)


def write_full_sheet(path: Path, rows: int = EXCEL_ROWS) -> Path:
    """Three columns down to row `rows`; only the very last row is bad (no name).
    xlsxwriter writes the header and the last row; the rows between are spliced
    into its sheet in its own markup: through xlsxwriter, a million rows took
    95 s of the run, spliced 12 s (test_the_full_sheet_is_what_xlsxwriter_writes)."""
    frame = path.with_suffix(".frame.xlsx")
    book = xlsxwriter.Workbook(str(frame), {"constant_memory": True})
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, ["sku", "name", "unit"])
    ws.write_row(rows - 1, 0, [f"M-{rows - 1:07d}", None, "ea"])
    book.close()
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(frame) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != sheet:
                dst.writestr(item, data)
                continue
            header, rest = data.split(b"</row>", 1)
            with dst.open(item.filename, "w", force_zip64=True) as out:
                out.write(header + b"</row>")
                for start in range(1, rows - 1, 10_000):
                    out.write("".join(
                        FULL_SHEET_ROW.format(r=n + 1, n=n)
                        for n in range(start, min(start + 10_000, rows - 1))
                    ).encode())
                out.write(rest)
    frame.unlink()
    return path


def test_the_full_sheet_is_what_xlsxwriter_writes(tmp_path):
    """The spliced sheet has the very bytes xlsxwriter gives when it writes every row."""
    rows = 25_003
    book = xlsxwriter.Workbook(str(tmp_path / "whole.xlsx"), {"constant_memory": True})
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, ["sku", "name", "unit"])
    for r in range(1, rows - 1):
        ws.write_row(r, 0, [f"M-{r:07d}", f"Item {r}", "ea"])
    ws.write_row(rows - 1, 0, [f"M-{rows - 1:07d}", None, "ea"])
    book.close()
    spliced = write_full_sheet(tmp_path / "spliced.xlsx", rows)
    with zipfile.ZipFile(tmp_path / "whole.xlsx") as whole, zipfile.ZipFile(spliced) as ours:
        assert ours.namelist() == whole.namelist()
        for part in whole.namelist():
            if part != "docProps/core.xml":  # it holds the time of writing
                assert ours.read(part) == whole.read(part), part


@pytest.fixture(scope="module")
def full_sheet(tmp_path_factory) -> Path:
    return write_full_sheet(tmp_path_factory.mktemp("full") / "million.xlsx")


@pytest.mark.slow
@pytest.mark.parametrize("reader", ["parsed", "streamed"])
def test_a_full_excel_sheet_is_staged_row_by_row_and_rejected_whole(
    fresh_db, tmp_path, full_sheet, reader, monkeypatch
):
    if reader == "streamed":
        monkeypatch.setenv(xi.STREAM_ABOVE_VARIABLE, "0")  # the CLI inherits it
    before = snapshot(fresh_db)
    report_path = tmp_path / "million.errors.xlsx"
    # The CLI's own peak, not this test process's: see run_measured.
    done = run_measured(
        [sys.executable, "-m", "stockdb", "import", "run", "products", str(full_sheet),
         "--report", str(report_path)],
        {**os.environ, "DATABASE_URL": fresh_db},
    )

    assert done["returncode"] == 1, done["stderr"]
    assert done["stderr"].strip().splitlines() == [
        f"stockdb: rejected: 1 error(s) in {EXCEL_ROWS - 1} rows, nothing applied; "
        f"report: {report_path}"
    ]
    peak = done["peak_rss_mib"]
    assert peak < FULL_SHEET_PEAK_RSS_MIB[reader], f"{peak:.0f} MiB"
    assert snapshot(fresh_db) == before
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute(
            "SELECT b.status::text, b.row_count, b.error_count, "
            "(SELECT count(*) FROM staging.product_row AS r WHERE r.batch_id = b.id) "
            "FROM staging.import_batch AS b"
        ).fetchall() == [("rejected", EXCEL_ROWS - 1, 1, EXCEL_ROWS - 1)]
        assert conn.execute(
            "SELECT row_number, column_name, reason FROM staging.import_error"
        ).fetchall() == [(EXCEL_ROWS, "name", "required")]
    # Every row, the rejected one with its reason: python-calamine reads it in
    # seconds where openpyxl takes minutes (an empty cell is "").
    rows = CalamineWorkbook.from_path(str(report_path)).get_sheet_by_name("products").to_python()
    assert len(rows) == EXCEL_ROWS
    assert rows[:2] == [["sku", "name", "unit", "errors"], ["M-0000001", "Item 1", "ea", ""]]
    assert rows[-1] == [f"M-{EXCEL_ROWS - 1:07d}", "", "ea", f"row {EXCEL_ROWS}: name: required"]
