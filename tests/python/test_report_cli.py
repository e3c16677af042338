"""`stockdb report`: a tenant's report views on the terminal, as JSON, and to
XLSX or CSV. Before it, a report reached a spreadsheet through psql and a
hand-made export, and only the demo wrote one."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os

import openpyxl
import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, run_cli, stock_some
from psycopg.conninfo import make_conninfo


def report(url: str, *args: str):
    return run_cli("report", *args, env={"DATABASE_URL": url})


@pytest.fixture
def stocked(fresh_db):
    """The default tenant's W/A1 with P0 to P2 (5 each), and another tenant's product."""
    stock_some(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT ops.create_tenant('other', 'Other Ltd')")
        other = conn.execute("SELECT id FROM auth.tenant WHERE code = 'other'").fetchone()[0]
        conn.commit()
        conn.execute("SELECT api.set_context(%s)", [other])
        conn.execute("SELECT api.create_product('THEIRS', 'Not ours')")
    return fresh_db


def view_rows(url: str, query: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        return conn.execute(query).fetchall()


def test_list_names_the_report_views(stocked):
    ran = report(stocked, "list", "--json")
    assert ran.returncode == 0, ran.stderr
    listed = {r["report"]: r["description"] for r in json.loads(ran.stdout)}
    assert {"stock_on_hand", "products", "stock_movements", "movement_daily"} <= set(listed)
    assert listed["stock_on_hand"].startswith("On hand, reserved")
    human = report(stocked, "list")
    assert any(line.startswith("stock_on_hand ") for line in human.stdout.splitlines())


def test_every_report_and_the_reading_api_answer_in_a_read_only_transaction(stocked):
    """As on a replica an application sends its reads to: nothing they run may write."""
    with psycopg.connect(stocked) as conn:
        views = [r[0] for r in conn.execute(
            "SELECT format('%I.%I', schemaname, viewname) FROM pg_views WHERE schemaname = 'report'"
            " UNION ALL SELECT format('%I.%I', schemaname, matviewname) FROM pg_matviews"
            " WHERE schemaname IN ('report', 'ops') ORDER BY 1").fetchall()]
        reading = [r[0] for r in conn.execute(
            "SELECT proname FROM pg_proc WHERE pronamespace = 'api'::regnamespace"
            " AND provolatile <> 'v' ORDER BY 1").fetchall()]
        product = conn.execute("SELECT id FROM catalog.product WHERE sku = 'P0'").fetchone()[0]
        conn.commit()
        assert len(views) > 20 and reading == ["list_users", "search_products", "stock_level"]
        conn.execute("SET TRANSACTION READ ONLY")
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        counts = {v: conn.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for v in views}
        assert counts["report.products"] == 3
        assert conn.execute("SELECT count(*) FROM api.stock_level(%s)", [product]).fetchone()[0]
        assert conn.execute("SELECT count(*) FROM api.search_products('P0')").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM api.list_users()").fetchone()[0]
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):  # as a replica would
            conn.execute("SELECT api.create_category('Written')")


def test_a_report_to_xlsx_holds_the_tenants_rows_typed(stocked, tmp_path):
    target = tmp_path / "products.xlsx"
    ran = report(stocked, "show", "products", "-o", str(target), "--order-by", "sku")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == f"wrote {target}: 3 row(s) of report.products"
    book = openpyxl.load_workbook(target)
    rows = list(book["products"].iter_rows(values_only=True))
    with psycopg.connect(stocked) as conn:
        columns = [r[0] for r in conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'report.products'::regclass "
            "AND attnum > 0 AND NOT attisdropped ORDER BY attnum")]
    assert list(rows[0]) == columns
    sku = columns.index("sku")
    assert [r[sku] for r in rows[1:]] == ["P0", "P1", "P2"], "the tenant's, not another's"
    created = rows[1][columns.index("created_at")]
    assert isinstance(created, dt.datetime), "a time is a spreadsheet date, not text"
    expected = view_rows(stocked, "SELECT created_at FROM report.products WHERE sku = 'P0'")[0][0]
    in_utc = expected.astimezone(dt.UTC).replace(tzinfo=None)
    assert abs(created - in_utc) < dt.timedelta(milliseconds=1), "written in UTC"
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["report"] == "report.products" and about["rows"] == 3
    assert about["tenant"] == str(DEFAULT_TENANT)


def test_filters_are_compared_as_the_columns_type(stocked, tmp_path):
    ran = report(stocked, "show", "stock_on_hand", "--filter", "sku=P1", "--json")
    assert ran.returncode == 0, ran.stderr
    got = json.loads(ran.stdout)
    assert got["report"] == "report.stock_on_hand"
    assert [(r["sku"], r["on_hand"]) for r in got["rows"]] == [("P1", 5)]

    (product_id,) = view_rows(stocked, "SELECT product_id FROM report.products WHERE sku = 'P2'")[0]
    target = tmp_path / "p2.csv"
    ran = report(stocked, "show", "stock_on_hand", "--filter", f"product_id={product_id}",
                 "--filter", "on_hand=5.000", "-o", str(target))
    assert ran.returncode == 0, ran.stderr
    with target.open() as f:
        rows = list(csv.DictReader(f))
    assert [(r["sku"], r["product_id"]) for r in rows] == [("P2", str(product_id))]


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_to_csv_as_text(stocked, tmp_path):
    """A product named =HYPERLINK(…) went into the CSV as it was, and a spreadsheet opening
    the file ran it (CSV injection). Text starting as a formula does gets a leading ',
    the XLSX keeps the text as text, and numbers keep their sign."""
    names = {"P0": '=HYPERLINK("http://evil.example","open")', "P1": "+cmd|' /C calc'!A0",
             "P2": "-2+3"}
    with psycopg.connect(stocked) as conn:
        for sku, name in names.items():
            conn.execute("UPDATE catalog.product SET name = %s WHERE sku = %s", [name, sku])
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        conn.execute("SELECT api.create_product('@P3', 'Plain name')")
        conn.execute(
            "SELECT api.record_movement('use-1', 'consumption', b.product_id, l.location_id, 1, "
            "b.batch_id) FROM report.batches AS b, report.locations AS l "
            "WHERE b.batch_number = 'B0'")
    target = tmp_path / "products.csv"
    ran = report(stocked, "show", "products", "--order-by", "sku", "-o", str(target))
    assert ran.returncode == 0, ran.stderr
    with target.open() as f:
        rows = [(r["sku"], r["name"]) for r in csv.DictReader(f)]
    assert rows == [("'@P3", "Plain name"), ("P0", "'" + names["P0"]),
                    ("P1", "'" + names["P1"]), ("P2", "'-2+3")]

    moved = tmp_path / "movements.csv"
    ran = report(stocked, "show", "stock_movements", "-o", str(moved))
    assert ran.returncode == 0, ran.stderr
    quantities = {r["quantity"] for r in csv.DictReader(moved.open())}
    assert quantities == {"5.000", "-1.000"}, "numbers are written as they are"

    book = tmp_path / "products.xlsx"
    assert report(stocked, "show", "products", "--order-by", "sku", "-o", str(book)).returncode == 0
    sheet = openpyxl.load_workbook(book)["products"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=3, column=header.index("name") + 1)
    assert (cell.value, cell.data_type) == (names["P0"], "s"), "text in the XLSX, not a formula"


def test_control_characters_in_a_value_reach_the_terminal_as_escapes(stocked):
    """A product name with an escape sequence (set the window title, ring the bell) went to
    the reader's terminal as it was; a newline broke its row in two."""
    name = "Bolt\x1b]0;owned\x07\nM8\x9b2J"
    with psycopg.connect(stocked) as conn:
        conn.execute("UPDATE catalog.product SET name = %s WHERE sku = 'P0'", [name])
    ran = report(stocked, "show", "products", "--filter", "sku=P0")
    assert ran.returncode == 0, ran.stderr
    assert not any(ch in ran.stdout for ch in "\x1b\x07\x9b")
    row = ran.stdout.splitlines()[2]
    assert "Bolt\\x1b]0;owned\\x07\\nM8\\x9b2J" in row
    assert ran.stdout.splitlines()[3] == "(1 row(s))", "one row, one line"
    as_json = json.loads(report(stocked, "show", "products", "--filter", "sku=P0", "--json").stdout)
    assert as_json["rows"][0]["name"] == name, "--json keeps the value as it is"


def test_a_filter_in_another_unicode_form_finds_the_stored_text(stocked):
    """A SKU pasted as 'Cafe' + U+0301 (NFD) names the product stored as 'Café'
    (NFC, as 0067 stores codes): the filter compared the two forms and found
    nothing."""
    with psycopg.connect(stocked) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        conn.execute("SELECT api.create_product('Caf\u00e9', 'Coffee')")
    ran = report(stocked, "show", "products", "--filter", "sku=Cafe\u0301", "--json")
    assert ran.returncode == 0, ran.stderr
    assert [r["sku"] for r in json.loads(ran.stdout)["rows"]] == ["Caf\u00e9"]
    ran = report(stocked, "show", "products", "--filter", "sku>=P1", "--json")
    assert [r["sku"] for r in json.loads(ran.stdout)["rows"]] == ["P1", "P2"]


def test_invisible_characters_in_a_value_reach_the_terminal_as_escapes(stocked):
    """A zero-width space, word joiner, byte order mark, soft hyphen or tag character
    in a name showed nothing: 'Bolt M8' and 'Bolt' + U+200B + ' M8' read the same.
    They are written as their escapes; the joiners Persian and emoji need, and the
    variation selector of an emoji, are kept."""
    name = "\ufeffBolt\u200b M8\u2060 \u200cx\u200d"
    more = "\u00adA\U000e0041\u2764\ufe0f"  # a column is 40 characters wide: a second row
    with psycopg.connect(stocked) as conn:
        conn.execute("UPDATE catalog.product SET name = %s WHERE sku = 'P0'", [name])
        conn.execute("UPDATE catalog.product SET name = %s WHERE sku = 'P1'", [more])
    ran = report(stocked, "show", "products", "--filter", "sku=P0")
    assert ran.returncode == 0, ran.stderr
    assert "\\ufeffBolt\\u200b M8\\u2060 \u200cx\u200d" in ran.stdout.splitlines()[2]
    ran = report(stocked, "show", "products", "--filter", "sku=P1")
    assert ran.returncode == 0, ran.stderr
    assert "\\xadA\\U000e0041\u2764\ufe0f" in ran.stdout.splitlines()[2]


def test_bidirectional_controls_in_a_value_reach_the_terminal_as_escapes(stocked):
    """A right-to-left override in a product name turned the rest of its row
    around on the reader's terminal ('Bolt \u202eM8 txt.exe' shows as 'Bolt
    exe.txt 8M', and the columns after it too): the controls that reorder text
    are written as their escapes, as the other control characters are."""
    name = "Bolt \u202eM8\u2066 x\u2069\u200f"
    with psycopg.connect(stocked) as conn:
        conn.execute("UPDATE catalog.product SET name = %s WHERE sku = 'P0'", [name])
    ran = report(stocked, "show", "products", "--filter", "sku=P0")
    assert ran.returncode == 0, ran.stderr
    assert not any(ch in ran.stdout for ch in "\u202e\u2066\u2069\u200f")
    assert "Bolt \\u202eM8\\u2066 x\\u2069\\u200f" in ran.stdout.splitlines()[2]
    as_json = json.loads(report(stocked, "show", "products", "--filter", "sku=P0", "--json").stdout)
    assert as_json["rows"][0]["name"] == name, "--json keeps the value as it is"


def test_a_name_the_terminals_encoding_cannot_show_reaches_it_escaped(stocked):
    """Under a latin-1 locale (PYTHONIOENCODING stands in for one), a product
    name with ☕ or 日本 ended the command in a traceback."""
    with psycopg.connect(stocked) as conn:
        conn.execute("UPDATE catalog.product SET name = 'Tea ☕ 日本' WHERE sku = 'P0'")
    env = {"DATABASE_URL": stocked, "PYTHONIOENCODING": "latin-1"}
    ran = run_cli("report", "show", "products", "--filter", "sku=P0", env=env)
    assert ran.returncode == 0, ran.stderr
    assert "Tea \\u2615 \\u65e5\\u672c" in ran.stdout.splitlines()[2]
    ran = run_cli("report", "show", "products", "--filter", "sku=P0", "--json", env=env)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["rows"][0]["name"] == "Tea ☕ 日本"


def test_a_command_started_with_stdout_closed_runs(stocked):
    """A cron line's >&- leaves Python no stdout: click's echo skips it, and
    the command must not end in a traceback before it starts."""
    ran = run_cli("report", "show", "products", env={"DATABASE_URL": stocked},
                  preexec_fn=lambda: os.close(1))
    assert (ran.returncode, ran.stderr) == (0, "")


def test_an_analyst_reads_reports_without_the_api(stocked):
    """stockdb_analyst holds SELECT on report and nothing of api, so the
    command, which named the tenant through api.set_context, failed with
    42501 for the role reports are for."""
    analyst = make_conninfo(stocked, options="-c role=stockdb_analyst")
    ran = run_cli("report", "show", "products", "--order-by", "sku", "--json",
                  env={"DATABASE_URL": analyst})
    assert ran.returncode == 0, ran.stderr
    assert [r["sku"] for r in json.loads(ran.stdout)["rows"]] == ["P0", "P1", "P2"]
    # It may not read auth.tenant, so it names a tenant by its id.
    ran = run_cli("report", "show", "products", "--tenant", "other",
                  env={"DATABASE_URL": analyst})
    assert ran.returncode == 1
    assert ran.stderr == ("stockdb: --tenant 'other': this login may not look a tenant up by"
                          " its code; give the tenant's id (stockdb tenant list shows it)\n")


def test_tenant_is_named_by_its_code_or_its_id(stocked):
    """As the tenant and user commands take it: a code was a bare 22P02
    (invalid input syntax for type uuid) from api.set_context."""
    with psycopg.connect(stocked) as conn:
        other = str(conn.execute("SELECT id FROM auth.tenant WHERE code = 'other'").fetchone()[0])
    for tenant in ("other", other, other.upper()):
        ran = report(stocked, "show", "products", "--tenant", tenant, "--json")
        assert ran.returncode == 0, ran.stderr
        assert [r["sku"] for r in json.loads(ran.stdout)["rows"]] == ["THEIRS"]
    ran = run_cli("import", "list", "--tenant", "other", "--json",
                  env={"DATABASE_URL": stocked})
    assert (ran.returncode, json.loads(ran.stdout)) == (0, []), ran.stderr
    for tenant in ("nope", ""):
        ran = report(stocked, "show", "products", "--tenant", tenant)
        assert (ran.returncode, ran.stderr) == (
            1, f"stockdb: no tenant {tenant!r}: see stockdb tenant list\n")
    ran = run_cli("import", "list", env={"DATABASE_URL": stocked, "STOCKDB_TENANT_ID": "nope"})
    assert (ran.returncode, ran.stderr) == (
        1, "stockdb: no tenant 'nope': see stockdb tenant list\n")


def test_null_and_not_null_ask_for_a_missing_value(stocked, tmp_path):
    """A filter's value cannot ask for a missing one: max_stock_level= compared the
    column with '' cast to a number (22P02), and a text column with ''."""
    with psycopg.connect(stocked) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        conn.execute("UPDATE catalog.product SET max_stock_level = 50 WHERE sku = 'P1'")
    ran = report(stocked, "show", "stock_on_hand", "--null", "max_stock_level",
                 "--order-by", "sku", "--json")
    assert ran.returncode == 0, ran.stderr
    assert [r["sku"] for r in json.loads(ran.stdout)["rows"]] == ["P0", "P2"]
    ran = report(stocked, "show", "stock_on_hand", "--not-null", "max_stock_level",
                 "--filter", "on_hand=5", "--json")
    assert ran.returncode == 0, ran.stderr
    assert [(r["sku"], r["max_stock_level"]) for r in json.loads(ran.stdout)["rows"]] == [
        ("P1", 50)]
    target = tmp_path / "n.xlsx"
    ran = report(stocked, "show", "stock_on_hand", "--null", "max_stock_level",
                 "--filter", "sku=P2", "-o", str(target))
    assert ran.returncode == 0, ran.stderr
    about = dict(openpyxl.load_workbook(target)["about"].iter_rows(values_only=True))
    assert about["filters"] == "sku = P2, max_stock_level is null"
    ran = report(stocked, "show", "stock_on_hand", "--null", "nope")
    assert ran.returncode != 0
    assert ran.stderr.strip().splitlines()[-1].startswith(
        "stockdb: report stock_on_hand has no column 'nope'")


def test_filters_compare_and_sorts_descend(stocked):
    with psycopg.connect(stocked) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        p1, loc, batch = conn.execute(
            "SELECT i.product_id, i.location_id, i.batch_id FROM inventory.inventory AS i "
            "JOIN catalog.product AS p ON p.id = i.product_id WHERE p.sku = 'P1'").fetchone()
        conn.execute("SELECT api.record_movement('use', 'consumption', %s, %s, 4, %s)",
                     [p1, loc, batch])
    ran = report(stocked, "show", "stock_on_hand", "--filter", "available < 5", "--json")
    assert ran.returncode == 0, ran.stderr
    assert [(r["sku"], r["available"]) for r in json.loads(ran.stdout)["rows"]] == [("P1", 1)]
    ran = report(stocked, "show", "stock_on_hand", "--filter", "available>=5", "--filter",
                 "sku != P2", "--order-by", "-sku", "--json")
    assert ran.returncode == 0, ran.stderr
    assert [r["sku"] for r in json.loads(ran.stdout)["rows"]] == ["P0"]
    ran = report(stocked, "show", "products", "--order-by", "-sku", "--json")
    assert [r["sku"] for r in json.loads(ran.stdout)["rows"]] == ["P2", "P1", "P0"]


def test_the_terminal_shows_a_table_and_says_when_there_is_more(stocked):
    ran = report(stocked, "show", "products", "--order-by", "sku", "--limit", "2")
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    # The tenant's id, the same on every row, is left out of the terminal's table.
    assert lines[0].split()[:2] == ["product_id", "sku"]
    assert len(lines) == 5 and lines[-1] == (
        "(2 row(s); more with --limit N, or all of them with -o FILE)")
    assert " P0 " in lines[2] and " P1 " in lines[3]


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["show", "pallets"], "stockdb: no report 'pallets': `stockdb report list` names them"),
        (["show", ""], "stockdb: no report '': `stockdb report list` names them"),
        (["show", "products", "--order-by", ""],
         "stockdb: report products has no column '' (its columns: "),
        (["show", "products", "--filter", "colour=red"],
         "stockdb: report products has no column 'colour' (its columns: "),
        (["show", "products", "--filter", "sku"], "stockdb: --filter 'sku': give COLUMN=VALUE"),
        (["show", "stock_on_hand", "--filter", "on_hand=lots"],
         'stockdb: invalid input syntax for type numeric: "lots" [22P02]'),
    ],
)
def test_bad_requests_fail_with_one_line_and_write_nothing(stocked, tmp_path, args, first_line):
    target = tmp_path / "out.xlsx"
    ran = report(stocked, *args, "-o", str(target))
    assert ran.returncode == 1 and "Traceback" not in ran.stderr
    assert ran.stderr.splitlines()[0].startswith(first_line), ran.stderr
    assert not list(tmp_path.iterdir()), "nothing is written"


def test_under_json_an_error_is_one_json_object_on_stderr(stocked):
    """A script that asked for --json reads the failure as JSON too: the message,
    and what PostgreSQL said (SQLSTATE, DETAIL, HINT) as fields; stdout stays empty.
    Before, it was the human line."""
    ran = report(stocked, "show", "stock_on_hand", "--filter", "on_hand=lots", "--json")
    assert (ran.returncode, ran.stdout) == (1, "")
    assert [json.loads(line) for line in ran.stderr.splitlines()] == [
        {"error": 'invalid input syntax for type numeric: "lots"', "sqlstate": "22P02"}]
    ran = report(stocked, "show", "pallets", "--json")
    assert (ran.returncode, ran.stdout) == (1, "")
    assert json.loads(ran.stderr) == {
        "error": "no report 'pallets': `stockdb report list` names them"}
    # A usage error keeps click's exit code.
    ran = run_cli("maintenance", "retention", "--keep-months", "6", "--keep-all", "--json",
                  env={"DATABASE_URL": stocked})
    assert (ran.returncode, ran.stdout) == (2, "")
    assert json.loads(ran.stderr) == {"error": "give --keep-months N or --keep-all, not both"}
    # Without --json, the one line as before.
    ran = report(stocked, "show", "pallets")
    assert ran.stderr == "stockdb: no report 'pallets': `stockdb report list` names them\n"


def test_an_output_that_is_neither_xlsx_nor_csv_is_refused(stocked, tmp_path):
    ran = report(stocked, "show", "products", "-o", str(tmp_path / "out.pdf"))
    assert ran.returncode == 2 and "-o takes a file ending in .xlsx or .csv" in ran.stderr


def test_a_report_larger_than_a_sheet_is_refused_whole(tmp_path, monkeypatch):
    from stockdb import reports
    from stockdb.errors import StockdbError

    monkeypatch.setattr(reports, "MAX_SHEET_ROWS", 3)
    reading = reports.Reading(
        reports.Report("big", "", [("n", "integer")]), str(DEFAULT_TENANT), [],
        iter([(1,), (2,), (3,)]),
    )
    target = tmp_path / "big.xlsx"
    with pytest.raises(StockdbError, match="more rows than a sheet holds"):
        reports.write_xlsx(reading, target, lambda n: None)
    assert not list(tmp_path.iterdir()), "nothing is written"
    reading.rows = iter([(1,), (2,)])
    assert reports.write_xlsx(reading, target, lambda n: None) == 2


def test_a_date_python_cannot_hold_is_shown_as_stored(stocked, tmp_path):
    """PostgreSQL keeps dates to year 5,874,897 and infinity; Python's stop at 9999.
    One such date in a batch (stored before the api refused it, or by hand) made
    every report of batches, as a table, JSON or a workbook, fail with 'date too
    large (after year 10K)'. It is shown as PostgreSQL writes it."""
    with psycopg.connect(stocked) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        product = conn.execute("SELECT id FROM catalog.product WHERE sku = 'P0'").fetchone()[0]
        # As a database from before the range was kept could hold it.
        conn.execute("ALTER TABLE catalog.product_batch "
                     "DROP CONSTRAINT product_batch_dates_in_calendar_check")
        conn.execute("INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number, "
                     "manufacture_date, expiry_date) VALUES (%s, %s, 'FAR', '0044-03-15 BC', "
                     "'20000-12-31')", [DEFAULT_TENANT, product])
    shown = report(stocked, "show", "batches", "--filter", "batch_number=FAR")
    assert shown.returncode == 0, shown.stderr
    assert "0044-03-15 BC" in shown.stdout and "20000-12-31" in shown.stdout
    as_json = report(stocked, "show", "batches", "--filter", "batch_number=FAR", "--json")
    assert as_json.returncode == 0, as_json.stderr
    row = json.loads(as_json.stdout)["rows"][0]
    assert (row["manufacture_date"], row["expiry_date"]) == ("0044-03-15 BC", "20000-12-31")
    written = report(stocked, "show", "batches", "--filter", "batch_number=FAR",
                     "-o", str(tmp_path / "far.xlsx"))
    assert written.returncode == 0, written.stderr
    sheet = openpyxl.load_workbook(tmp_path / "far.xlsx").worksheets[0]
    values = [c.value for c in sheet[2]]
    assert "0044-03-15 BC" in values and "20000-12-31" in values
