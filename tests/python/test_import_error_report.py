"""An error report of 200,000 rows, written and shown as the errors are read.
Its own file so that it runs beside the rest of the import tests."""

from __future__ import annotations

import json
import os
import sys

import pytest
import xlsxwriter
from helpers import import_cli
from python_calamine import CalamineWorkbook

from stockdb import xlsx_import as xi
from stockdb.bench_import import run_measured


@pytest.mark.slow
def test_a_report_of_every_row_reads_the_errors_as_it_writes(fresh_db, tmp_path):
    """200,000 rows without a name, streamed: 200,000 errors. Held as a list of dicts
    they took the CLI to 184 MiB; read from a server-side cursor, 82 MiB."""
    f = tmp_path / "bad.xlsx"
    book = xlsxwriter.Workbook(str(f), {"constant_memory": True})
    ws = book.add_worksheet("products")
    ws.write_row(0, 0, ["sku", "name"])
    for r in range(1, 200_001):
        ws.write(r, 0, f"B-{r:07d}")
    book.close()
    report = tmp_path / "r.xlsx"
    done = run_measured(
        [sys.executable, "-m", "stockdb", "import", "run", "products", str(f),
         "--report", str(report)],
        {**os.environ, "DATABASE_URL": fresh_db, xi.STREAM_ABOVE_VARIABLE: "0"},
    )
    assert done["returncode"] == 1, done["stderr"]
    assert "rejected: 200000 error(s) in 200000 rows" in done["stderr"]
    assert done["peak_rss_mib"] < 128, f"{done['peak_rss_mib']:.0f} MiB"
    # Read with python-calamine: openpyxl took 81 s over these 400,002 rows, calamine 5 s.
    # It gives an empty cell as "" and a number as a float.
    book = CalamineWorkbook.from_path(str(report))
    assert book.sheet_names == ["products", "all errors"]
    rows, listing = (book.get_sheet_by_index(i).to_python() for i in (0, 1))
    assert len(rows) == len(listing) == 200_001
    assert rows[-1] == ["B-0200000", "", "row 200001: name: required"]
    assert listing[-1] == [200_001, "name", "", "required"]

    # import show lists them as it reads them too: human and JSON.
    batch = json.loads(import_cli(fresh_db, "list", "--json").stdout)[0]["id"]
    env = {**os.environ, "DATABASE_URL": fresh_db}
    for extra in ([], ["--json"]):
        argv = [sys.executable, "-m", "stockdb", "import", "show", batch, *extra]
        shown = run_measured(argv, env)
        assert shown["returncode"] == 0, shown["stderr"]
        assert shown["peak_rss_mib"] < 96, f"show {extra}: {shown['peak_rss_mib']:.0f} MiB"
        if extra:
            errors = json.loads(shown["stdout"])["errors"]
            assert len(errors) == 200_000
            assert errors[-1] == {"row_number": 200_001, "column_name": "name", "value": None,
                                  "reason": "required"}
        else:
            lines = shown["stdout"].splitlines()
            assert sum(line.startswith("  row ") for line in lines) == 200_000
            assert lines[-1] == "  row 200001 name: required"
