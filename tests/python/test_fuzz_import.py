"""Fuzzed files into the XLSX importer: random bytes, truncated, corrupted and oversized
workbooks get a clear error (StockdbError, one line) or a report, and never change the
database unless the whole sheet was valid."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from unittest import mock

import pytest
import xlsxwriter
from helpers import fuzz_settings, snapshot
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from test_import import products_file, scalar, write_xlsx

from stockdb import xlsx_import as xi
from stockdb.errors import StockdbError

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fixed_draws")]

FUZZ = fuzz_settings(40, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                HealthCheck.too_slow])


def outcome(url: str, path: Path, tmp: Path, stream: bool = False) -> str:
    """'error: …' for a clear refusal, else the batch status; anything else fails the test.
    stream reads the sheet row by row, as a big sheet is read."""
    threshold = "0" if stream else str(xi.STREAM_ABOVE_MIB)
    try:
        with mock.patch.dict(os.environ, {xi.STREAM_ABOVE_VARIABLE: threshold}):
            result = xi.run_import(url, "products", path, report_path=tmp / "report.xlsx")
    except StockdbError as exc:
        message = str(exc)
        assert message.strip() and "\n" not in message, f"not one line: {message!r}"
        assert "Traceback" not in message
        return f"error: {message}"
    return result.status


@pytest.fixture
def valid(fresh_db, tmp_path) -> Path:
    return products_file(tmp_path, "valid.xlsx")


@FUZZ
@given(data=st.one_of(st.binary(max_size=4096),
                      st.binary(max_size=4096).map(lambda b: b"PK\x03\x04" + b)))
def test_random_bytes_are_refused_and_change_nothing(fresh_db, tmp_path, data):
    path = tmp_path / "random.xlsx"
    path.write_bytes(data)
    before = snapshot(fresh_db)
    got = outcome(fresh_db, path, tmp_path)
    assert got.startswith("error: "), got
    assert snapshot(fresh_db) == before


@FUZZ
@given(fraction=st.floats(0.0, 0.999), stream=st.booleans())
def test_truncated_workbooks_are_refused_and_change_nothing(
    fresh_db, tmp_path, valid, fraction, stream
):
    path = tmp_path / "cut.xlsx"
    data = valid.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    before = snapshot(fresh_db)
    got = outcome(fresh_db, path, tmp_path, stream)
    assert got.startswith("error: "), got
    assert snapshot(fresh_db) == before


@FUZZ
@given(flips=st.lists(st.tuples(st.floats(0.0, 0.999), st.integers(0, 255)),
                      min_size=1, max_size=8),
       stream=st.booleans())
def test_corrupted_workbooks_apply_all_or_nothing(fresh_db, tmp_path, valid, flips, stream):
    data = bytearray(valid.read_bytes())
    for where, byte in flips:
        data[int(len(data) * where)] = byte
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(bytes(data))
    before = snapshot(fresh_db)
    got = outcome(fresh_db, path, tmp_path, stream)
    if got == "applied":
        # The damage missed everything the sheet says: it is the valid file's content.
        skus = scalar(fresh_db, "SELECT string_agg(sku, ',' ORDER BY sku) FROM catalog.product")
        assert skus == "BOLT-1,NUT-1,OIL-1"
    else:
        # "duplicate": the damage missed the sheet and an earlier example applied it.
        assert got.startswith("error: ") or got in ("rejected", "duplicate"), got
        assert snapshot(fresh_db) == before


@pytest.mark.parametrize("case", ["long_cell", "wide_header", "far_cell", "many_sheets",
                                  "huge_shared_string_count"])
def test_oversized_workbooks_get_a_clear_answer(fresh_db, tmp_path, case):
    path = tmp_path / f"{case}.xlsx"
    if case == "long_cell":  # Excel's longest cell, as a product name
        write_xlsx(path, [["sku", "name", "unit"], ["LONG-1", "x" * 32767, "ea"]], "products")
    elif case == "wide_header":  # every column a sheet can have, all unknown but two
        write_xlsx(path, [["sku", "name"] + [f"c{n}" for n in range(16382)], ["W-1", "Wide"]],
                   "products")
    elif case == "far_cell":  # one stray value in the sheet's last cell
        book = xlsxwriter.Workbook(str(path))
        ws = book.add_worksheet("products")
        ws.write_row(0, 0, ["sku", "name", "unit"])
        ws.write_row(1, 0, ["FAR-1", "Far", "ea"])
        ws.write(1_048_575, 2, "ea")
        book.close()
    elif case == "many_sheets":
        book = xlsxwriter.Workbook(str(path))
        for n in range(300):
            book.add_worksheet(f"s{n}").write_row(0, 0, ["sku", "name"])
        book.close()
    elif case == "huge_shared_string_count":
        # A shared-strings part that claims far more strings than it holds.
        good = products_file(tmp_path, "good.xlsx")
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "xl/sharedStrings.xml":
                    data = data.replace(b'count="', b'count="4294967295', 1).replace(
                        b'uniqueCount="', b'uniqueCount="4294967295', 1)
                dst.writestr(item, data)
    before = snapshot(fresh_db)
    got = outcome(fresh_db, path, tmp_path)
    expected = {
        "long_cell": {"rejected"},
        "wide_header": {"error: "},
        "far_cell": {"rejected"},
        "many_sheets": {"error: ", "rejected"},
        "huge_shared_string_count": {"error: ", "applied"},
    }[case]
    assert any(got.startswith(e) for e in expected), got
    if got != "applied":
        assert snapshot(fresh_db) == before
