"""`stockdb report`: the report views of a tenant, read as its users would, to a
terminal, JSON, or an XLSX or CSV file. The views hold every rule of what a
row means; this module only reads and writes them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import psycopg
from psycopg import sql

from . import DEFAULT_TENANT
from .db import connect
from .errors import StockdbError
from .files import write_atomically
from .xlsx_import import close_workbook, write_cell
from .xlsx_stream import MAX_SHEET_ROWS

# What a report can be: the report schema's views, and its one table
# (movement_daily, refreshed in place). Functions take arguments and are
# called from SQL.
LIST_REPORTS = """
SELECT c.relname, obj_description(c.oid, 'pg_class')
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'report' AND c.relkind IN ('v', 'm', 'r', 'p')
  AND has_table_privilege(c.oid, 'SELECT')
ORDER BY c.relname
"""

COLUMNS = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute AS a
WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    columns: list[tuple[str, str]]  # name, SQL type


def list_reports(url: str) -> list[dict]:
    with connect(url) as conn:
        return [
            {"report": name, "description": description or ""}
            for name, description in conn.execute(LIST_REPORTS)
        ]


def _report(conn: psycopg.Connection, name: str) -> Report:
    bare = name.removeprefix("report.")
    found = {r: d for r, d in conn.execute(LIST_REPORTS)}
    if bare not in found:
        raise StockdbError(f"no report {name!r}: `stockdb report list` names them")
    columns = conn.execute(COLUMNS, [f"report.{bare}"]).fetchall()
    return Report(bare, found[bare] or "", [(c, t) for c, t in columns])


# COLUMN, a comparison, VALUE: the longest operator first, so <= is not < and =.
FILTER = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|!=|=|<|>)(.*)$", re.DOTALL)


def parse_filters(given: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """--filter arguments as (column, operator, value)."""
    filters = []
    for f in given:
        found = FILTER.match(f)
        if not found:
            raise StockdbError(
                f"--filter {f!r}: give COLUMN=VALUE (or !=, <, <=, >, >= for COLUMN and VALUE)"
            )
        filters.append((found.group(1), found.group(2), found.group(3).strip()))
    return filters


def null_filters(nulls: tuple[str, ...], not_nulls: tuple[str, ...]) -> list[tuple[str, str, None]]:
    """--null and --not-null columns as filters: a value (even an empty one) cannot ask
    for a missing one."""
    return [(c, "IS NULL", None) for c in nulls] + [(c, "IS NOT NULL", None) for c in not_nulls]


def describe_filter(column: str, op: str, value: str | None) -> str:
    return f"{column} {op.lower()}" if value is None else f"{column} {op} {value}"


def _query(report: Report, filters: list[tuple[str, str, str]], order_by: tuple[str, ...],
           limit: int | None) -> tuple[sql.Composed, list]:
    types = dict(report.columns)
    names = ", ".join(types)
    # -COLUMN sorts that column descending.
    sorts = [(c[1:], True) if c.startswith("-") else (c, False) for c in order_by]
    for column in [c for c, _, _ in filters] + [c for c, _ in sorts]:
        if column not in types:
            raise StockdbError(
                f"report {report.name} has no column {column!r} (its columns: {names})"
            )
    where = [
        sql.SQL("{} {}").format(sql.Identifier(column), sql.SQL(op))
        if value is None else
        # The value is cast to the column's type: a uuid, a date or a number
        # compares as one, and a value that is none is refused by the server.
        # Text in NFC, as codes and names are stored: a SKU pasted as 'Cafe' +
        # U+0301 names the product 'Café'.
        sql.SQL("{} {} CAST(pg_catalog.normalize({}::text, 'NFC') AS {})").format(
            sql.Identifier(column), sql.SQL("<>" if op == "!=" else op), sql.Placeholder(),
            sql.SQL(types[column]),
        )
        for column, op, value in filters
    ]
    query = sql.SQL("SELECT * FROM report.{}").format(sql.Identifier(report.name))
    if where:
        query += sql.SQL(" WHERE ") + sql.SQL(" AND ").join(where)
    if sorts:
        query += sql.SQL(" ORDER BY ") + sql.SQL(", ").join(
            sql.Identifier(c) + sql.SQL(" DESC" if descending else "") for c, descending in sorts
        )
    if limit is not None:
        query += sql.SQL(" LIMIT {}").format(sql.Literal(limit))
    return query, [v for _, _, v in filters if v is not None]


@dataclass
class Reading:
    report: Report
    tenant_id: str
    filters: list[tuple[str, str, str]]
    rows: Iterator[tuple]


def read(url: str, name: str, tenant_id: str | None, filters: list[tuple[str, str, str]],
         order_by: tuple[str, ...], limit: int | None, *, then: Callable[[Reading], object]):
    """Reads report NAME as tenant_id (default: the single-company tenant) in one
    snapshot, through a server-side cursor, and hands it to then; returns what then
    returns."""
    tenant = tenant_id or str(DEFAULT_TENANT)
    with connect(url) as conn, conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        _set_tenant(conn, tenant)
        report = _report(conn, name)
        query, params = _query(report, filters, order_by, limit)
        with conn.cursor(name="report_rows") as cur:
            cur.itersize = 5_000
            cur.execute(query, params)
            return then(Reading(report, tenant, filters, iter(cur)))


# Whether this role may call api.set_context: an analyst (stockdb_analyst)
# holds SELECT on report and nothing of api.
MAY_SET_CONTEXT = """
SELECT EXISTS (
    SELECT FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
    WHERE n.nspname = 'api' AND p.proname = 'set_context'
      AND has_schema_privilege(n.oid, 'USAGE') AND has_function_privilege(p.oid, 'EXECUTE')
)
"""


def _set_tenant(conn: psycopg.Connection, tenant: str) -> None:
    """The tenant the reports show, for this transaction: through api.set_context,
    which refuses an unknown or suspended tenant, where the role may call it; else
    by the setting the reports filter on, as an analyst names its tenant in psql."""
    if conn.execute(MAY_SET_CONTEXT).fetchone()[0]:
        conn.execute("SELECT api.set_context(%s)", [tenant])
    else:
        conn.execute("SELECT set_config('stockdb.tenant_id', %s::uuid::text, true)", [tenant])


def plain(value: object) -> object:
    """A value as JSON has it: a number as a number while a double keeps every
    digit of it (15 significant), else as text; times in ISO 8601."""
    if isinstance(value, Decimal):
        if not value.is_finite() or len(value.as_tuple().digits) > 15:
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, UUID | dt.timedelta):
        return str(value)
    return value


def cell_text(value: object) -> str:
    """A value as CSV and the terminal show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


# What a spreadsheet opening a CSV takes for the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: object) -> str:
    """cell_text, with text a spreadsheet would run as a formula (a product
    named =HYPERLINK(…), imported or created by any user of the tenant) given
    a leading ' so that it shows as the text it is (OWASP: CSV injection).
    Numbers are not text and keep their sign."""
    text = cell_text(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def write_csv(reading: Reading, target: Path, progress: Callable[[int], None]) -> int:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c for c, _ in reading.report.columns])
    n = 0
    for n, row in enumerate(reading.rows, start=1):
        writer.writerow([csv_text(v) for v in row])
        if n % 50_000 == 0:
            progress(n)
    write_atomically(target, out.getvalue().encode())
    return n


def write_xlsx(reading: Reading, target: Path, progress: Callable[[int], None]) -> int:
    import xlsxwriter

    report = reading.report
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "remove_timezone": True})
    try:
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        formats = {
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "timestamp": book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        }
        sheet = book.add_worksheet(report.name[:31])
        for c, (column, sql_type) in enumerate(report.columns):
            sheet.write_string(0, c, column, bold)
            width = max(12, len(column) + 2)
            if sql_type.startswith("timestamp"):
                sheet.set_column(c, c, 20, formats["timestamp"])
            elif sql_type == "date":
                sheet.set_column(c, c, 12, formats["date"])
            elif sql_type == "uuid":
                sheet.set_column(c, c, 38)
            else:
                sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        n = 0
        for n, row in enumerate(reading.rows, start=1):
            if n >= MAX_SHEET_ROWS:
                raise StockdbError(
                    f"report {report.name} has more rows than a sheet holds "
                    f"({MAX_SHEET_ROWS - 1:,}): nothing was written; narrow it with --filter "
                    "or write CSV"
                )
            for c, value in enumerate(row):
                _cell(sheet, n, c, value)
            if n % 50_000 == 0:
                progress(n)
        about = book.add_worksheet("about")
        lines = [
            ("report", f"report.{report.name}"),
            ("what", report.description),
            ("tenant", reading.tenant_id),
            ("filters", ", ".join(describe_filter(*f) for f in reading.filters) or "none"),
            ("rows", n),
            ("written at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            ("times", "in UTC (a spreadsheet cell holds no time zone)"),
        ]
        for r, (label, value) in enumerate(lines):
            about.write_string(r, 0, label, bold)
            about.write(r, 1, value)
        about.set_column(0, 0, 12)
        about.set_column(1, 1, 100)
    except BaseException:
        book.close()
        raise
    close_workbook(book, buffer, target)
    return n


def _cell(sheet, row: int, column: int, value: object) -> None:
    """Times as spreadsheet dates (in UTC), JSON as its text; the rest as a
    template writes it (xlsx_import.write_cell)."""
    if isinstance(value, float):
        sheet.write_number(row, column, value)
    elif isinstance(value, dt.datetime):
        utc = value.astimezone(dt.UTC) if value.tzinfo else value
        sheet.write_datetime(row, column, utc)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()))
    elif isinstance(value, dict | list):
        sheet.write_string(row, column, cell_text(value))
    else:
        write_cell(sheet, row, column, value)
