"""XLSX import: read a sheet, COPY its cells as text into staging, let SQL decide.

What a kind's columns are, what a cell may hold and every business rule live
in the database (staging.import_kind, staging.import_column,
staging.begin_batch, staging.finish_batch). This module only reads the
workbook, maps its header, streams the rows into the staging table, and
writes the templates and the error reports.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import html
import io
import json
import math
import os
import pickle
import posixpath
import re
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import NoReturn

import psycopg
from psycopg import sql
from psycopg.types.json import set_json_loads
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum

from . import DEFAULT_TENANT
from .db import connect
from .errors import StockdbError
from .files import path_text, write_atomically
from .xlsx_stream import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, ooxml_text, sheet_rows

# Rows per progress tick while copying.
PROGRESS_EVERY = 5000
# Tries at an import that fails with a serialization failure (40001) before giving up.
IMPORT_ATTEMPTS = 3
# A 1,048,576-row sheet of ten columns unpacks to well under this.
MAX_UNPACKED_BYTES = 2 * 2**30

# An OLE2 compound file: what Excel writes for a password-protected workbook
# (the encrypted package inside) and for the old .xls format.
_OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")

# The workbook part and the relationship parts are this small by far.
_PACKAGE_PART_LIMIT = 16 << 20

# Day 0 of the 1904 date system.
CALENDAR_1904 = dt.date(1904, 1, 1)

# Where Excel puts the workbook's shared strings (the text of its text cells).
SHARED_STRINGS_PART = "xl/sharedStrings.xml"

# A worksheet whose XML unpacks to more than this many MiB, with the shared
# strings that hold its text when Excel saved it, is streamed row by row
# (xlsx_stream.sheet_rows, in the workbook as openpyxl's read-only reader opens
# it). python-calamine cannot hand rows over while it parses
# (dimastbk/python-calamine#42): it holds every cell, about twice the XML
# (1.5 GiB for Excel's full 1,048,576 rows of 17 columns), but a parsed import
# takes about half as long (13.6 s against 26.0 s for those rows of 3
# columns), so it keeps every sheet below this.
STREAM_ABOVE_MIB = 256
STREAM_ABOVE_VARIABLE = "STOCKDB_IMPORT_STREAM_ABOVE_MIB"
# python-calamine lays a sheet's cells out in a grid from its first filled row
# and column to its last, 32 bytes a cell, filled or not: one value in
# XFD1048576 asks for 512 GiB, and the failed allocation aborts the process
# (no exception to catch). A sheet whose grid could pass this many cells
# (2 GiB) is streamed, which holds one row at a time however far it reaches.
GRID_CELLS_MAX = 1 << 26
# An r attribute (of a <c> or a <row>) that a plain sheet's cells do not
# have: a column of two letters or more (past Z), or a row of 1,000,000 or
# more. Looked for from the r on, which finds nothing in most sheets at 2-3 ns
# a byte. That also finds longer names ending in r (header=, xmlns:r=), which
# at worst stream a sheet that did not need it; before a sheet is refused for
# one, it is read again for r attributes only (the look-behind makes that
# 5 times slower). Up to 16 bytes of whitespace are allowed around the =,
# which no writer comes near.
_R = rb"r\s{0,16}=\s{0,16}[\"']\s{0,16}"
_R_ALONE = rb"(?<![\w:.-])" + _R
_FAR_CANDIDATE = re.compile(_R + rb"(?:[A-Za-z]{2}|[A-Za-z]?[0-9]{7})")
# Each as (any name ending in r, r alone), to be indexed by alone.
_FAR_COLUMN = tuple(re.compile(r + rb"([A-Za-z]{2,})[0-9]") for r in (_R, _R_ALONE))
_FAR_ROW = tuple(re.compile(r + rb"[A-Za-z]{0,3}([0-9]{7,})[\"'\s]") for r in (_R, _R_ALONE))
# Any r attribute's row number, for a sheet with far columns.
_ROW_OF_REF = re.compile(_R + rb"[A-Za-z]{0,3}([0-9]+)[\"'\s]")
# A <c> or <row> start tag without an r attribute. python-calamine puts such
# a cell after the one before it and such a row after the last, so the r
# attributes no longer bound the grid: a row of 16,000 cells without r and
# one cell in row 1,048,576 aborted the process. Every writer we know of
# writes r, and a sheet with one such tag is streamed. Without a namespace
# prefix (sheets written with one are rare) it takes 0.09 s for 100,000 rows
# of 9 columns, 2.4 times less than with.
_NO_R = re.compile(rb"<(?:c|row)(?=[\s>/])(?![^>]*?\sr\s*=)")
_NO_R_PREFIXED = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)(?=[\s>/])(?![^>]*?\sr\s*=)")
_REF_OVERLAP = 256
_MERGE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([^"]+)"')
# Worksheet cells that hold a formula (<f> first in the cell) or an error
# value (t="e"), by their start tag's attributes; then a cell's content up to
# </c>. A chunk without "<f" or "e" quoted is not searched. A cell or a
# mergeCell tag is far shorter than the overlap between chunks (a formula is
# at most 8,192 characters).
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_FORMULA_CELL = re.compile(rb"<" + _NS + rb"c\s([^>]*)>(?=\s*<" + _NS + rb"f[\s>/])")
_ERROR_CELL = re.compile(rb"<" + _NS + rb"c\s([^>]*?\bt\s*=\s*[\"']e[\"'][^>]*)>")
_CELL_CONTENT = re.compile(rb"(.*?)</" + _NS + rb"c>", re.S)
_CELL_OVERLAP = 1 << 16
# How far past a chunk's cut a start tag that begins before it may run.
_TAG_REACH = 1024
_CELL_REF = re.compile(rb'\br\s*=\s*["\']([A-Za-z]{1,3})([0-9]{1,7})["\']')
_CELL_TYPE = re.compile(rb'\bt\s*=\s*["\'](\w+)["\']')
_CELL_FORMULA = re.compile(rb"<" + _NS + rb"f\b[^>]*?(?:/>|>([^<]*)<)")
_CELL_VALUE = re.compile(rb"<" + _NS + rb"v\s*(?:/>|>([^<]*)<)")


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    required: bool
    description: str
    example: str | None
    allowed: list[str] | None


@dataclass(frozen=True)
class Kind:
    kind: str
    description: str
    modes: list[str]
    columns: list[Column] = field(default_factory=list)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass
class Sheet:
    """A worksheet opened for import: its header mapped to the kind's columns."""

    path: Path
    name: str
    header_row: int  # 1-based row number of the header, as Excel shows it
    headers: list[str]  # as written in the sheet
    mapping: list[str | None]  # column name per sheet column, None for an ignored blank header
    # The cells as calamine parsed them. Kept, because every get_sheet_by_name
    # parses the sheet's XML again: a second parse cost 0.8-1.1 s of a
    # 100,000-row import, and the error report would have paid a third.
    cells: CalamineSheet | None = field(default=None, repr=False, compare=False)
    # The parsed sheet's error cells, which calamine gives as empty: sheet row
    # → {index in the row's cells: the error as Excel shows it, "#DIV/0!"}.
    errors: dict[int, dict[int, str]] = field(default_factory=dict, repr=False, compare=False)
    # The workbook counts dates from 1904 (old Mac Excel): a date cell without
    # a date format holds a day number in that system, not Excel's usual 1900.
    date1904: bool = False
    # A streamed sheet's openpyxl read-only worksheet instead, whose rows
    # xlsx_stream.sheet_rows reads; each pass parses the XML again.
    stream: object | None = field(default=None, repr=False, compare=False)
    # The streamed rows the first pass kept for the next one (the error
    # report), pickled in chunks to a file: a second pass over a full sheet
    # costs as long as the first (150 s of 1,048,575 rows with openpyxl's
    # reader, 10.9 s with sheet_rows, against 1.4 s for the replay).
    replay: RowSpill | None = field(default=None, repr=False, compare=False)
    # The streamed workbook's shared strings, on disk.
    strings: SharedStrings | None = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        if self.replay is not None:
            self.replay.close()
        if self.strings is not None:
            self.strings.close()


class RowSpill:
    """Rows written once in order, then read back in order any number of times.

    The file has no name (tempfile.TemporaryFile), so it goes when closed or
    when the process ends, however it ends.
    """

    # Items kept before a chunk is written, counted by their size (a row by
    # its cells): 20,000 is 1,000 rows of 20 cells. Counted in rows, 5,000
    # rows reaching column XFD (a stray value far out on each) held 625 MiB.
    CHUNK = 20_000

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._chunk: list = []
        self._size = 0
        self.complete = False

    def add(self, item, size: int = 1) -> None:
        self._chunk.append(item)
        self._size += size
        if self._size >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        # One dump per chunk: a long-lived Pickler's memo would keep every row.
        pickle.dump(self._chunk, self._file, pickle.HIGHEST_PROTOCOL)
        self._chunk = []
        self._size = 0

    def finish(self) -> None:
        self._flush()
        self.complete = True

    def __iter__(self) -> Iterator:
        self._file.seek(0)
        while True:
            try:
                # Only this process wrote the file, and it has no name to swap.
                chunk = pickle.load(self._file)  # noqa: S301
            except EOFError:
                return
            yield from chunk

    def close(self) -> None:
        self._file.close()


class SharedStrings:
    """A workbook's shared strings for the streamed reader, looked up by index.

    Excel writes the text of every text cell to xl/sharedStrings.xml and puts
    only its index in the sheet. openpyxl's read-only reader keeps that whole
    table as a list of Python strings (320 MiB for 2,097,153 short entries);
    this keeps the text in an unnamed temporary file and 4 bytes an entry in
    memory. The package is at most MAX_UNPACKED_BYTES, so every offset fits
    in 4 bytes.
    """

    # Entries kept decoded: the few values a column repeats (units,
    # currencies) are read from the file once per CACHE lookups.
    CACHE = 4096
    _WRITE = 1 << 20

    def __init__(self, source=None) -> None:
        """The entries of the sharedStrings XML in source; none without one."""
        self._file = tempfile.TemporaryFile()
        self._ends = array("I")
        self._cache: dict[int, str] = {}
        if source is not None:
            self._read(source)

    def _read(self, source) -> None:
        from defusedxml.ElementTree import iterparse
        from openpyxl.xml.constants import SHEET_MAIN_NS

        entry, text, run = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))
        buffer = bytearray()
        end = 0
        root = None
        for event, node in iterparse(source, events=("start", "end")):
            if root is None:
                root = node
            elif event == "end" and node.tag == entry:
                # What openpyxl's read_string_table makes of an entry (with
                # Text.from_tree, which made reading 2,097,153 entries take
                # 48 s instead of 20): its text, then its rich text runs'
                # texts; phonetic guides left out. Its _xHHHH_ escapes are
                # read as python-calamine reads them (see ooxml_text).
                plain, runs = None, []
                for child in node:
                    if child.tag == text:
                        plain = child.text
                    elif child.tag == run:
                        runs.append("".join(t.text or "" for t in child if t.tag == text))
                value = (plain or "") + "".join(runs)
                data = ooxml_text(value).encode()
                end += len(data)
                self._ends.append(end)
                buffer += data
                if len(buffer) >= self._WRITE:
                    self._file.write(buffer)
                    buffer.clear()
                # Emptying the entry alone would still leave one element per
                # string under the root.
                root.clear()
        self._file.write(buffer)
        self._file.flush()

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        text = self._cache.get(index)
        if text is not None:
            return text
        if not 0 <= index < len(self._ends):
            # ValueError: what reading a damaged package raises (streaming()).
            raise ValueError(
                f"a cell refers to shared string {index}, and the workbook has {len(self._ends)}"
            )
        start = self._ends[index - 1] if index else 0
        text = os.pread(self._file.fileno(), self._ends[index] - start, start).decode()
        if len(self._cache) >= self.CACHE:
            self._cache.clear()
        self._cache[index] = text
        return text

    def close(self) -> None:
        self._file.close()


def load_kinds(conn: psycopg.Connection) -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for kind, description, modes in conn.execute(
        "SELECT k.kind, k.description, k.modes FROM staging.import_kind AS k ORDER BY k.kind"
    ):
        kinds[kind] = Kind(kind, description, list(modes))
    rows = conn.execute(
        "SELECT c.kind, c.column_name, c.data_type, c.required, c.description, c.example, "
        "staging.allowed_values(c.value_list) FROM staging.import_column AS c "
        "ORDER BY c.kind, c.position"
    )
    for kind, name, data_type, required, description, example, allowed in rows:
        kinds[kind].columns.append(Column(name, data_type, required, description, example, allowed))
    return kinds


def require_kind(kinds: dict[str, Kind], kind: str) -> Kind:
    if kind not in kinds:
        raise StockdbError(f"no import kind {kind!r}; kinds: {', '.join(sorted(kinds))}")
    return kinds[kind]


def infer_kind(kinds: dict[str, Kind], path: Path) -> str:
    """The kind `stockdb import FILE` imports FILE as: the one its name starts with
    (products.xlsx, Opening stock 2026.xlsx), else the one its worksheets name."""
    stem = normalise_header(path.stem)
    named = [k for k in kinds if stem == k or stem.startswith(k + "_")]
    if len(named) == 1:
        return named[0]
    check_file(path)
    worksheets, _ = _sheet_names(path)
    sheets = sorted({normalise_header(name) for name in worksheets} & kinds.keys())
    if len(sheets) == 1:
        return sheets[0]
    raise StockdbError(
        f"{path}: cannot tell which kind it holds: name the file or one sheet after a kind "
        f"({', '.join(sorted(kinds))}), or run: stockdb import run KIND {path}")


def normalise_header(text: object) -> str:
    """'Unit Price (minor)' → 'unit_price_minor': case, blanks and punctuation do not matter."""
    words = re.findall(r"[0-9a-z]+", str(text).strip().lower())
    return "_".join(words)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cell_text(value: object) -> str | None:
    """A cell as the text staging receives; None for an empty cell.

    Numbers keep Excel's 15 significant digits and never use an exponent; a date-time at
    midnight is a date; dates are ISO, which staging.to_date reads.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Excel keeps 15 significant digits and shows no more: a formula's
        # 0.1+0.2 is saved as 0.30000000000000004 and shown as 0.3, which is
        # what the user typed the sheet to mean.
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def check_file(path: Path) -> None:
    """Refuse a missing, special or empty file, and a package check_package refuses."""
    if not path.exists():
        raise StockdbError(f"{path}: no such file")
    if not path.is_file():
        raise StockdbError(f"{path}: not a regular file; give an .xlsx workbook")
    if path.stat().st_size == 0:
        raise StockdbError(f"{path}: the file is empty")
    check_package(path)


@contextmanager
def reading(path: Path, what: str) -> Iterator[None]:
    """A file python-calamine cannot read is one clear line, never a traceback.

    Besides CalamineError, a malformed file can make calamine's Rust code
    panic, which pyo3 raises as PanicException, a BaseException.
    """
    try:
        yield
    except (CalamineError, OSError, ValueError) as exc:
        raise StockdbError(f"{path}: {what} ({_reason(exc)})") from None
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise StockdbError(f"{path}: {what} (the reader failed: {_reason(exc)})") from None


def check_package(path: Path) -> None:
    """Refuse what would make the reader exhaust memory, before it opens the file.

    calamine reserves room for as many shared strings as the workbook claims,
    and a claim of billions aborts the whole process (no exception to catch),
    so the claim is held to what the part could hold; a workbook that unpacks
    to more than MAX_UNPACKED_BYTES (a zip bomb) is refused too.
    """
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(item.file_size for item in package.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise StockdbError(
                    f"{path}: unpacks to {unpacked / 2**20:,.0f} MiB, more than the "
                    f"{MAX_UNPACKED_BYTES / 2**20:,.0f} MiB an import reads"
                )
            try:
                part = package.getinfo(SHARED_STRINGS_PART)
            except KeyError:
                return
            with package.open(part) as stream:
                head = stream.read(65536)
    # RuntimeError and NotImplementedError: encrypted, or an unknown compression.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError,
            ValueError, RuntimeError, NotImplementedError) as exc:
        if _is_ole2(path):
            raise StockdbError(
                f"{path}: not a readable XLSX workbook (a password-protected workbook or an "
                "Excel 97-2003 .xls file); save it in Excel as an .xlsx without a password"
            ) from None
        raise StockdbError(f"{path}: not a readable XLSX workbook ({_reason(exc)})") from None
    claim = re.search(rb"<sst\b[^>]*?\buniqueCount=\"(\d+)\"", head)
    # The shortest string entry, <si/>, takes 5 bytes.
    if claim and int(claim.group(1)) > part.file_size // 5:
        raise StockdbError(
            f"{path}: not a readable XLSX workbook (xl/sharedStrings.xml claims "
            f"{int(claim.group(1)):,} strings in {part.file_size:,} bytes)"
        )


def _is_ole2(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(8) == _OLE2_MAGIC
    except OSError:
        return False


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _calamine_workbook(path: Path) -> CalamineWorkbook:
    """calamine takes its path as UTF-8 text: a file whose name is not UTF-8
    (café in latin-1, from an old share or zip) was "No such file or
    directory" though it is there. Such a file is read through Python."""
    try:
        str(path).encode()
    except UnicodeEncodeError:
        with open(path, "rb") as file:
            return CalamineWorkbook.from_filelike(file)
    return CalamineWorkbook.from_path(str(path))


def _same_sheet(typed: str, names: list[str]) -> list[str]:
    """The workbook's sheets that typed names as Excel does: whatever the case
    (Excel refuses a second sheet differing only in it), and whichever Unicode
    form an accent was typed in ('Été' with U+00C9 or with E and U+0301)."""
    def key(name: str) -> str:
        return unicodedata.normalize("NFC", name).casefold()

    return [n for n in names if key(n) == key(typed)]


def open_sheet(path: Path, kind: Kind, sheet_name: str | None) -> Sheet:
    """Open the sheet and map its header, refusing before any database work
    when the file, the sheet or the header is not what the kind needs."""
    check_file(path)
    # A streamed sheet's names come from the package: calamine reads all the
    # shared strings when it opens a workbook (113 MiB for 2,097,153 entries).
    streamed = _cells_xml(path) > stream_above_bytes()
    if streamed:
        names, all_names = _sheet_names(path)
    else:
        with reading(path, "not a readable XLSX workbook"):
            workbook = _calamine_workbook(path)
        names = [m.name for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        all_names = workbook.sheet_names
    if sheet_name is None:
        if not names:
            raise StockdbError(f"{path}: the workbook has no worksheet")
        named = [kind.kind] if kind.kind in names else _same_sheet(kind.kind, names)
        sheet_name = named[0] if len(named) == 1 else names[0]
    elif sheet_name not in all_names and len(same := _same_sheet(sheet_name, all_names)) == 1:
        sheet_name = same[0]
    if sheet_name not in all_names:
        raise StockdbError(
            f"{path}: no sheet named {sheet_name!r}; the workbook has: {_some(names) or 'none'}"
        )
    elif sheet_name not in names:
        raise StockdbError(
            f"{path}: sheet {sheet_name!r} is not a worksheet (a chart sheet holds no rows); "
            f"the workbook's worksheets: {_some(names) or 'none'}"
        )
    part, date1904 = _sheet_part(path, sheet_name)
    if _grid_cells(path, sheet_name, part) > GRID_CELLS_MAX:
        streamed = True
    if streamed:
        return _open_streamed(path, kind, sheet_name, part)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The XML is scanned while calamine parses it: both run outside the
        # GIL, so the scan (0.3 s for 100,000 rows) adds no time.
        scanning = pool.submit(_scan_sheet, path, sheet_name, part)
        with reading(path, f"cannot read sheet {sheet_name!r}"):
            data = workbook.get_sheet_by_name(sheet_name)

        start = data.start
        if start is None or data.height == 0:
            raise StockdbError(f"{path}: sheet {sheet_name!r} is empty (it needs a header row)")
        merged = data.merged_cell_ranges or []
        if merged:
            (r0, c0), (r1, c1) = merged[0]
            first = f"{_cell_name(r0, c0)}:{_cell_name(r1, c1)}"
            _refuse_merged(path, sheet_name, len(merged), first)
        scan = scanning.result()
    _refuse_uncomputed(path, sheet_name, scan)

    header = next(iter(data.iter_rows()), [])
    headers = [cell_text(h) or "" for h in header]
    mapping = _map_header(path, kind, headers)
    # The parsed rows start at the sheet's first used column.
    errors = {
        row: {col - start[1]: text for col, text in cells.items()}
        for row, cells in scan.errors.items()
    }
    return Sheet(path, sheet_name, start[0] + 1, headers, mapping, cells=data, errors=errors,
                 date1904=date1904)


def _refuse_merged(path: Path, sheet_name: str, count: int, first: str) -> NoReturn:
    raise StockdbError(
        f"{path}: sheet {sheet_name!r} has {count} merged cell range(s), first {first}; "
        "unmerge them so every row holds its own values"
    )


# The error report's column of reasons, which an import of the report leaves out.
REPORT_COLUMN = "errors"


def _map_header(path: Path, kind: Kind, headers: list[str]) -> list[str | None]:
    """The kind's column for each header cell (None for a blank one and for an error
    report's errors column), or one clear refusal."""
    mapping: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for text in headers:
        name = normalise_header(text) if text.strip() else None
        if name == REPORT_COLUMN and kind.column(name) is None:
            # An error report mended and imported back: its reasons are not data.
            name = None
        if name is not None and kind.column(name) is None:
            unknown.append(text)
        if name is not None and name in seen:
            raise StockdbError(
                f"{path}: column {_some([name])} appears twice in the header "
                f"({_some([seen[name]])} and {_some([text])})"
            )
        if name is not None:
            seen[name] = text
        mapping.append(name)
    known = ", ".join(c.name for c in kind.columns)
    if unknown:
        raise StockdbError(
            f"{path}: unknown column(s) {_some(unknown)} for {kind.kind}; its columns are: {known}"
        )
    missing = [c.name for c in kind.columns if c.required and c.name not in seen]
    if missing:
        raise StockdbError(
            f"{path}: missing required column(s) {', '.join(missing)} "
            f"for {kind.kind}; its columns are: {known}"
        )
    return mapping


def _some(names: list[str], most: int = 10, width: int = 40) -> str:
    """Names for one line of an error: a header of 3,000 unknown columns, or one
    cell of a page of text, made a line of 60 kB."""
    shown = [repr(n if len(n) <= width else n[: width - 1] + "…") for n in names[:most]]
    more = len(names) - most
    return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")


def stream_above_bytes() -> int:
    text = os.environ.get(STREAM_ABOVE_VARIABLE, str(STREAM_ABOVE_MIB))
    try:
        mib = float(text)
    except ValueError:
        mib = -1.0
    if not mib >= 0:
        raise StockdbError(f"{STREAM_ABOVE_VARIABLE}={text!r}: give a number of MiB, 0 or more")
    return int(mib * 2**20)


def _cells_xml(path: Path) -> int:
    """Unpacked bytes of the workbook's largest worksheet part and of its shared strings,
    which hold the text of a sheet Excel saved: what calamine would hold parsed
    (check_package read the zip)."""
    with zipfile.ZipFile(path) as package:
        sizes = {item.filename: item.file_size for item in package.infolist()}
    largest = max(
        (size for name, size in sizes.items()
         if name.startswith("xl/worksheets/") and name.endswith(".xml")),
        default=0,
    )
    return largest + sizes.get(SHARED_STRINGS_PART, 0)


# What reading a damaged package's parts raises. SyntaxError: ElementTree's
# ParseError on broken XML. RuntimeError and NotImplementedError: a member
# encrypted or in an unknown compression, which check_package meets only in
# the parts it reads.
_PACKAGE_ERRORS = (KeyError, ValueError, TypeError, OSError, EOFError, zipfile.BadZipFile,
                   zlib.error, SyntaxError, RuntimeError, NotImplementedError)


@contextmanager
def package_reading(path: Path, what: str) -> Iterator[None]:
    """What reading the package's parts directly raises on a damaged workbook, as one line."""
    try:
        yield
    except _PACKAGE_ERRORS as exc:
        raise StockdbError(f"{path}: {what} ({_reason(exc)})") from None


@contextmanager
def streaming(path: Path, what: str) -> Iterator[None]:
    """What openpyxl raises on a malformed workbook, as one clear line."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        yield
    except (InvalidFileException, *_PACKAGE_ERRORS) as exc:
        raise StockdbError(f"{path}: {what} ({_reason(exc)})") from None


def _open_streamed(path: Path, kind: Kind, sheet_name: str, part: str) -> Sheet:
    """open_sheet for a sheet too big to parse whole: the same checks, in the same order."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    with streaming(path, f"cannot read sheet {sheet_name!r}"):
        book, strings = _read_only_workbook(path)
    try:
        with streaming(path, f"cannot read sheet {sheet_name!r}"):
            # sheet_rows reads every row, whatever the sheet's <dimension> says.
            sheet = book[sheet_name]
            filled = (
                (r, row) for r, row in sheet_rows(sheet, 1)
                if any(cell_text(v) is not None for v in row)
            )
            header_row, header = next(filled, (0, []))
            if header_row == 0:
                raise StockdbError(f"{path}: sheet {sheet_name!r} is empty (it needs a header row)")
            # openpyxl gives error values as they are; merged ranges and formulas need the scan.
            scan = _scan_cells(path, part)
        if scan.merged:
            _refuse_merged(path, sheet_name, scan.merged, scan.first_merged)
        _refuse_uncomputed(path, sheet_name, scan)
        headers = [cell_text(h) or "" for h in header]
        mapping = _map_header(path, kind, headers)
        date1904 = book.epoch == CALENDAR_MAC_1904
        return Sheet(path, sheet_name, header_row, headers, mapping, stream=sheet,
                     date1904=date1904, strings=strings)
    except BaseException:
        strings.close()
        raise


def _read_only_workbook(path: Path) -> tuple[object, SharedStrings]:
    """openpyxl.load_workbook(path, read_only=True, data_only=True), with the shared
    strings on disk (SharedStrings) instead of in a list."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    class Reader(ExcelReader):
        strings: SharedStrings | None = None

        # ExcelReader.read_strings, reading into SharedStrings.
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            name = part.PartName[1:] if part is not None else SHARED_STRINGS_PART
            # calamine reads the part by its usual name when the content types
            # leave it out, and both readers must give the same text; without
            # the part, a cell naming an entry is refused by SharedStrings
            # (openpyxl's empty list raised IndexError, a traceback).
            if part is None and name not in self.archive.namelist():
                self.strings = SharedStrings()
            else:
                with self.archive.open(name) as source:
                    self.strings = SharedStrings(source)
            self.shared_strings = self.strings

    reader = Reader(path, read_only=True, data_only=True)
    try:
        reader.read()
    except BaseException:
        if reader.strings is not None:
            reader.strings.close()
        raise
    return reader.wb, reader.strings


def _sheet_part(path: Path, sheet_name: str) -> tuple[str, bool]:
    """The zip member holding the named worksheet, as the package's relationships say,
    and whether the workbook counts dates from 1904.

    Read with ElementTree rather than openpyxl, whose import alone costs the
    parsed path 21 MiB.
    """
    what = f"cannot read sheet {sheet_name!r}"
    with package_reading(path, what), zipfile.ZipFile(path) as package:
        workbook, targets = _workbook(package)
        if workbook is not None:
            date1904 = any(
                _local(e.tag) == "workbookPr" and e.get("date1904", "").lower() in ("1", "true")
                for e in workbook.iter()
            )
            for name, rid in _sheets(workbook):
                if name == sheet_name and rid in targets:
                    # Part names are case-insensitive; zip member names are not.
                    members = {n.lower(): n for n in package.namelist()}
                    return members.get(targets[rid][1].lower(), targets[rid][1]), date1904
    raise StockdbError(f"{path}: cannot read sheet {sheet_name!r} (no worksheet part for it)")


def _sheet_names(path: Path) -> tuple[list[str], list[str]]:
    """The workbook's worksheets and all its sheets (chart sheets too), by name, in order."""
    with package_reading(path, "not a readable XLSX workbook"), zipfile.ZipFile(path) as package:
        workbook, targets = _workbook(package)
    sheets = [] if workbook is None else list(_sheets(workbook))
    worksheets = [n for n, rid in sheets if targets.get(rid, ("", ""))[0].endswith("/worksheet")]
    return worksheets, [n for n, _ in sheets]


def _workbook(package: zipfile.ZipFile):
    """The package's workbook part, parsed, and its relationships; (None, {}) without one."""
    document = next(
        (target for kind, target in _relationships(package, "_rels/.rels").values()
         if kind.endswith("/officeDocument")),
        None,
    )
    if document is None:
        return None, {}
    folder, name = posixpath.split(document)
    return _xml(package, document), _relationships(
        package, posixpath.join(folder, "_rels", name + ".rels"))


def _sheets(workbook) -> Iterator[tuple[str, str | None]]:
    """(name, relationship id) of each <sheet> of a parsed workbook part."""
    for sheet in workbook.iter():
        if _local(sheet.tag) == "sheet":
            yield sheet.get("name"), next(
                (v for k, v in sheet.attrib.items() if _local(k) == "id"), None)


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A .rels part: Id → (Type, target member resolved against the part's folder)."""
    folder = posixpath.dirname(posixpath.dirname(part))
    found = {}
    for rel in _xml(package, part).iter():
        target = rel.get("Target")
        if _local(rel.tag) == "Relationship" and rel.get("Id") and target:
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            found[rel.get("Id")] = (rel.get("Type", ""), member)
    return found


def _xml(package: zipfile.ZipFile, part: str):
    """A small package part, parsed; one that is not small is not a workbook's."""
    from defusedxml.ElementTree import fromstring

    with package.open(part) as stream:
        data = stream.read(_PACKAGE_PART_LIMIT + 1)
    if len(data) > _PACKAGE_PART_LIMIT:
        raise ValueError(f"{part} is larger than {_PACKAGE_PART_LIMIT >> 20} MiB")
    return fromstring(data)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _grid_cells(path: Path, sheet_name: str, part: str) -> int:
    """At most how many cells python-calamine would lay the sheet out in; a cell or row
    past Excel's last is refused in one line (calamine aborts on them, openpyxl would
    count up to them row by row)."""
    with package_reading(path, f"cannot read sheet {sheet_name!r}"):
        last_row, last_column, unplaced = _far_cells(path, part, alone=False)
        if last_row > MAX_SHEET_ROWS or last_column > MAX_SHEET_COLUMNS:
            last_row, last_column, _ = _far_cells(path, part, alone=True)
        if last_row > MAX_SHEET_ROWS:
            raise StockdbError(
                f"{path}: sheet {sheet_name!r} has a cell or row numbered {last_row:,}, past "
                f"Excel's last row ({MAX_SHEET_ROWS:,}); a sheet Excel saved cannot have one"
            )
        if last_column > MAX_SHEET_COLUMNS:
            raise StockdbError(
                f"{path}: sheet {sheet_name!r} has a cell in column "
                f"{_cell_name(0, last_column - 1)[:-1]}, past Excel's last column (XFD); a "
                "sheet Excel saved cannot have one"
            )
        if unplaced:
            return GRID_CELLS_MAX + 1
        if last_column <= 26:
            # Up to Z: every row Excel has still fits the budget.
            return MAX_SHEET_ROWS * last_column
        for window, _ in _part_windows(path, part, _REF_OVERLAP):
            last_row = max(last_row, max(map(int, _ROW_OF_REF.findall(window)), default=0))
    return last_row * last_column


def _far_cells(path: Path, part: str, alone: bool) -> tuple[int, int, bool]:
    """The last row of 1,000,000 or more (else 0) and the last column (at least Z, 26) that
    the part's r attributes name (alone, only attributes named r itself), and whether a
    cell or row has no r attribute (not looked for when alone)."""
    columns: set[bytes] = set()
    last_row = 0
    unplaced = False
    no_r = _NO_R
    # Where two windows overlap, their values count twice: a set and a
    # maximum do not mind.
    for window, cut in _part_windows(path, part, _REF_OVERLAP):
        if not alone and not unplaced:
            if no_r is _NO_R and b"<sheetData" not in window and b":sheetData" in window:
                no_r = _NO_R_PREFIXED
            # A tag found from the cut on is looked at again, whole, in the
            # next window; one cut short before it may look like one without r.
            found = no_r.search(window)
            unplaced = found is not None and found.start() < cut
        if _FAR_CANDIDATE.search(window) is None:
            continue
        columns.update(_FAR_COLUMN[alone].findall(window))
        last_row = max(last_row, max(map(int, _FAR_ROW[alone].findall(window)), default=0))
    # Past ZZZ is past XFD; four letters or more are counted as one past it.
    last_column = max(
        (_column_index(c.decode()) + 1 if len(c) <= 3 else MAX_SHEET_COLUMNS + 1 for c in columns),
        default=0,
    )
    return last_row, max(last_column, 26), unplaced


def _part_windows(path: Path, part: str, overlap: int) -> Iterator[tuple[bytes, int]]:
    """A package part's bytes read 1 MiB at a time, as (window, cut): a match that starts
    before the cut is searched for in this window, which holds up to `overlap` bytes past
    the cut, and anything from the cut on in the next window, which starts there."""
    tail = b""
    with zipfile.ZipFile(path) as package, package.open(part) as stream:
        while True:
            chunk = stream.read(1 << 20)
            buffer = tail + chunk
            cut = len(buffer) if not chunk else max(len(buffer) - overlap, 0)
            yield buffer, cut
            if not chunk:
                return
            tail = buffer[cut:]


@dataclass
class CellScan:
    """What the sheet's XML holds that the readers do not say: cells both read as empty, and
    (for the streamed path, which openpyxl cannot tell) merged ranges."""

    # Sheet row → {sheet column, 0 for A: "#DIV/0!"}.
    errors: dict[int, dict[int, str]] = field(default_factory=dict)
    # Formula cells without a saved result (a workbook written by a library
    # that does not calculate): how many, and the first.
    uncomputed: int = 0
    first_uncomputed: str = ""
    # mergeCell ranges: how many, and the first ("A2:A3").
    merged: int = 0
    first_merged: str = ""


def _scan_sheet(path: Path, sheet_name: str, part: str) -> CellScan:
    """The parsed path's scan, a damaged part in one line."""
    with package_reading(path, f"cannot read sheet {sheet_name!r}"):
        return _scan_cells(path, part)


def _scan_cells(path: Path, part: str) -> CellScan:
    """Error values, formulas without a saved result and merged ranges in the worksheet part,
    read as a stream. Most sheets hold none, and a chunk without them is not searched.
    """
    scan = CellScan()
    for buffer, cut in _part_windows(path, part, _CELL_OVERLAP):
        reach = cut + _TAG_REACH
        cells: dict[int, re.Match] = {}
        if b"<f" in buffer or b":f" in buffer:
            cells.update((m.start(), m) for m in _FORMULA_CELL.finditer(buffer, 0, reach))
        if b'="e"' in buffer or b"='e'" in buffer:
            cells.update((m.start(), m) for m in _ERROR_CELL.finditer(buffer, 0, reach))
        for begin in sorted(cells):
            if begin >= cut:
                break
            attributes = cells[begin].group(1)
            if attributes.endswith(b"/"):
                content = b""
            else:
                rest = _CELL_CONTENT.match(buffer, cells[begin].end())
                content = rest.group(1) if rest else b""
            _scan_cell(path, scan, attributes, content)
        if b"mergeCell" in buffer:
            for match in _MERGE_CELL.finditer(buffer, 0, reach):
                if match.start() < cut:
                    scan.merged += 1
                    ref = match.group(1).decode("ascii", "replace")
                    scan.first_merged = scan.first_merged or ref
    return scan


def _scan_cell(path: Path, scan: CellScan, attributes: bytes, content: bytes) -> None:
    typed = _CELL_TYPE.search(attributes)
    kind = typed.group(1) if typed else b"n"
    formula = _CELL_FORMULA.search(content)
    value = _CELL_VALUE.search(content)
    text = value.group(1) if value and value.group(1) is not None else None
    # Excel saves a formula whose result is "" as t="str" with an empty value.
    uncomputed = formula is not None and (text is None or (text == b"" and kind != b"str"))
    if kind != b"e" and not uncomputed:
        return
    ref = _CELL_REF.search(attributes)
    if ref is None:
        raise StockdbError(
            f"{path}: a cell holding an Excel error value or a formula names no position "
            "(r attribute); save the workbook again in Excel or LibreOffice"
        )
    if uncomputed:
        scan.uncomputed += 1
        if not scan.first_uncomputed:
            written = html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            name = (ref.group(1) + ref.group(2)).decode("ascii").upper()
            scan.first_uncomputed = f"{name} (={written})" if written else name
        return
    column = _column_index(ref.group(1).decode("ascii"))
    error = text.decode("utf-8", "replace") if text else "#N/A"
    scan.errors.setdefault(int(ref.group(2)), {})[column] = error


def _refuse_uncomputed(path: Path, sheet_name: str, scan: CellScan) -> None:
    if scan.uncomputed:
        raise StockdbError(
            f"{path}: sheet {sheet_name!r} has {scan.uncomputed} formula cell(s) without a saved "
            f"result, first {scan.first_uncomputed}; open and save the workbook in Excel or "
            "LibreOffice so the results are stored"
        )


def _column_index(letters: str) -> int:
    """'A' → 0, 'AA' → 26."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _cell_name(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def data_rows(sheet: Sheet) -> Iterator[tuple[int, list]]:
    """(sheet row number, raw cells) for each row below the header that has any value."""
    if sheet.cells is None:
        if sheet.replay is not None and sheet.replay.complete:
            yield from sheet.replay
            return
        # Only a whole pass is kept: one left half-way starts again.
        if sheet.replay is not None:
            sheet.replay.close()
        sheet.replay = spill = RowSpill()
        with streaming(sheet.path, f"cannot read sheet {sheet.name!r}"):
            for number, row in sheet_rows(sheet.stream, sheet.header_row + 1):
                if any(cell_text(v) is not None for v in row):
                    spill.add((number, row), len(row))
                    yield number, row
        spill.finish()
        return
    with reading(sheet.path, f"cannot read sheet {sheet.name!r}"):
        rows = sheet.cells.iter_rows()
        next(rows, None)
        for offset, row in enumerate(rows, start=1):
            number = sheet.header_row + offset
            errors = sheet.errors.get(number)
            if errors:
                row = list(row)
                for col, text in errors.items():
                    if 0 <= col < len(row):
                        row[col] = text
            if any(cell_text(v) is not None for v in row):
                yield number, row


def _staged_cells(row: list, positions: list[int], dates1904: frozenset[int]) -> list[str | None]:
    if dates1904:
        return [
            None if i >= len(row)
            else _date1904_text(row[i]) if i in dates1904
            else cell_text(row[i])
            for i in positions
        ]
    return [cell_text(row[i]) if i < len(row) else None for i in positions]


def _date1904_text(value: object) -> str | None:
    """A 1904 workbook's day number, which staging would read as a 1900 one, as an ISO date.

    Only a whole number is a day; anything else goes as it is, and a day past
    9999 as text staging refuses. Staging reads digits typed as text as a day
    number too, so in this workbook they count from 1904 as well.
    """
    if isinstance(value, str) and re.fullmatch(r" *[0-9]{1,7} *", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        return cell_text(value)
    try:
        return (CALENDAR_1904 + dt.timedelta(days=int(value))).isoformat()
    except OverflowError:
        return f"{cell_text(value)} (a day in the 1904 date system)"


@dataclass
class ImportResult:
    status: str
    batch: dict
    report: Path | None = None
    # Why a rejected batch's error report was not written, if it was not.
    report_error: str | None = None


def _check_report_path(path: Path, report_path: Path) -> None:
    """Refused before the database is touched: a report named as the file being
    imported replaced the user's workbook (its other sheets, formulas and
    formatting) with the error report, and one not ending in .xlsx was an XLSX
    file that its name told spreadsheet programs to open as something else."""
    if report_path.suffix.lower() != ".xlsx":
        raise StockdbError(f"cannot write the error report to {report_path}: "
                           "it is an XLSX file, so its name must end in .xlsx")
    if not report_path.parent.is_dir():
        raise StockdbError(f"cannot write the error report to {report_path}: "
                           f"no directory {report_path.parent}")
    try:
        same = report_path.exists() and report_path.samefile(path)
    except OSError:
        same = False  # the import itself says what is wrong with FILE
    if same:
        raise StockdbError(f"cannot write the error report to {report_path}: it is the file "
                           "being imported; name another with --report")


def run_import(
    url: str,
    kind_name: str,
    path: Path,
    *,
    sheet_name: str | None = None,
    mode: str | None = None,
    dry_run: bool = False,
    tenant_id: str | None = None,
    user_id: str | None = None,
    report_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
    phase: Callable[[str], None] | None = None,
) -> ImportResult:
    """Stage, validate and (unless rejected or a dry run) apply one sheet, in one transaction.

    progress(n) is called as rows are staged; phase(text) with each phase the
    server reports once they are (validating, checking, applying).
    """
    if report_path is not None:
        _check_report_path(path, report_path)
    with connect(url) as conn:
        if phase:
            conn.add_notice_handler(_phase_notices(phase))
        kind = require_kind(load_kinds(conn), kind_name)
        conn.rollback()
        # staging.begin_batch refuses a mode the kind does not support.
        mode = mode or kind.modes[0]
        sheet = open_sheet(path, kind, sheet_name)
        try:
            checksum = file_checksum(path)
            columns = [m for m in sheet.mapping if m is not None]
            positions = [i for i, m in enumerate(sheet.mapping) if m is not None]
            dates1904 = frozenset(
                i for i, m in enumerate(sheet.mapping)
                if sheet.date1904 and m is not None and kind.column(m).data_type == "date"
            )

            tenant = tenant_id or DEFAULT_TENANT
            for attempt in range(1, IMPORT_ATTEMPTS + 1):
                try:
                    batch = _stage_and_finish(
                        conn, kind, path, sheet, checksum, columns, positions, dates1904,
                        tenant, user_id, mode, dry_run, progress, phase,
                    )
                    break
                except psycopg.errors.SerializationFailure as exc:
                    # Nothing of the try was kept (a product the sheet names was
                    # added while it ran, say): the next one starts afresh and
                    # takes what the last could not, as its hint tells a caller.
                    if attempt == IMPORT_ATTEMPTS:
                        raise
                    if phase:
                        phase(f"{exc.diag.message_primary}; importing again "
                              f"(try {attempt + 1} of {IMPORT_ATTEMPTS})")
            if isinstance(batch, ImportResult):
                return batch
            first = batch.get("duplicate_of_batch")
            if first:
                # As the duplicate of the same file shows it, read from the database.
                first["applied_at"] = dt.datetime.fromisoformat(first["applied_at"])

            result = ImportResult(batch["status"], batch)
            if batch["status"] == "rejected":
                target = report_path or path.with_name(f"{path.stem}.errors.xlsx")
                if phase:
                    phase(f"writing the error report to {target}")
                try:
                    write_error_report(
                        sheet, lambda: batch_errors(conn, batch["id"], tenant_id), target
                    )
                    result.report = target
                except StockdbError as exc:
                    # The batch is rejected and recorded whatever becomes of its report.
                    result.report_error = str(exc)
            return result
        finally:
            sheet.close()


def _stage_and_finish(conn: psycopg.Connection, kind: Kind, path: Path, sheet: Sheet,
                      checksum: str, columns: list[str], positions: list[int],
                      dates1904: frozenset[int], tenant: str, user_id: str | None, mode: str,
                      dry_run: bool, progress: Callable[[int], None] | None,
                      phase: Callable[[str], None] | None) -> dict | ImportResult:
    """One try at an import, in a transaction of its own: the finished batch, or the
    duplicate result when the sheet was applied before."""
    with conn.transaction():
        conn.execute("SELECT api.set_context(%s, %s)", (tenant, user_id))
        # A sheet of 100k rows validates in seconds; a default statement
        # timeout of the server must not cut the import in half.
        conn.execute("SET LOCAL statement_timeout = 0")
        if phase:
            # The phases are notices: a server set to send fewer would hide them.
            conn.execute("SET LOCAL client_min_messages = notice")
        opened = conn.execute(
            "SELECT batch_id, row_table, applied_batch_id, applied_at "
            "FROM staging.begin_batch(%s, %s, %s, %s, %s, %s, %s)",
            (kind.kind, path_text(path.name), checksum, sheet.name, columns, mode, dry_run),
        ).fetchone()
        batch_id, row_table, applied_batch_id, applied_at = opened
        if batch_id is None:
            return ImportResult(
                "duplicate",
                {
                    "id": str(applied_batch_id),
                    "duplicate_of": str(applied_batch_id),
                    "kind": kind.kind,
                    "file_name": path_text(path.name),
                    "file_checksum": checksum,
                    "sheet_name": sheet.name,
                    "applied_at": applied_at,
                },
            )
        schema, table = row_table.split(".")
        copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(schema, table),
            sql.SQL(", ").join(
                sql.Identifier(c) for c in ["tenant_id", "batch_id", "row_number", *columns]
            ),
        )
        with conn.cursor() as cur, cur.copy(copy) as writer:
            done = 0
            for row_number, row in data_rows(sheet):
                cells = _staged_cells(row, positions, dates1904)
                writer.write_row([tenant, batch_id, row_number, *cells])
                done += 1
                if progress and done % PROGRESS_EVERY == 0:
                    progress(PROGRESS_EVERY)
            if progress:
                progress(done % PROGRESS_EVERY)
        batch = conn.execute("SELECT staging.finish_batch(%s)", (batch_id,)).fetchone()[0]
        if applied_batch_id is not None:
            # A dry run of a file applied before (maybe under another name):
            # a run of it would be a duplicate of that batch.
            batch["duplicate_of_batch"] = conn.execute(
                "SELECT jsonb_build_object('id', b.id, 'file_name', b.file_name, "
                "'sheet_name', b.sheet_name, 'applied_at', b.finished_at) "
                "FROM staging.import_batch AS b WHERE b.tenant_id = %s AND b.id = %s",
                (tenant, applied_batch_id),
            ).fetchone()[0]
    return batch


def _phase_notices(phase: Callable[[str], None]) -> Callable[[psycopg.errors.Diagnostic], None]:
    """A notice handler passing on staging.finish_batch's own notices (its phases), no other."""

    def handle(diag: psycopg.errors.Diagnostic) -> None:
        if (diag.context or "").startswith("PL/pgSQL function staging.finish_batch(") and \
                diag.message_primary:
            phase(diag.message_primary)

    return handle


def batch_errors(conn: psycopg.Connection, batch_id, tenant_id: str | None) -> Iterator[dict]:
    """A batch's errors in row order, read through a server-side cursor: a sheet whose
    every row is bad has a million of them (627 MiB of dicts in the CLI as a list)."""
    with conn.transaction():
        conn.execute("SELECT api.set_context(%s)", (tenant_id or DEFAULT_TENANT,))
        with conn.cursor(name="import_errors") as cur:
            cur.itersize = 10_000
            cur.execute(
                "SELECT e.row_number, e.column_name, e.value, e.reason "
                "FROM staging.import_error AS e "
                "WHERE e.tenant_id = current_setting('stockdb.tenant_id')::uuid "
                "AND e.batch_id = %s ORDER BY e.row_number NULLS FIRST, e.id",
                (batch_id,),
            )
            names = [c.name for c in cur.description]
            for r in cur:
                yield dict(zip(names, r, strict=True))


def write_error_report(
    sheet: Sheet, errors: Callable[[], Iterator[dict]], target: Path
) -> None:
    """The original rows, each rejected one with its errors in an errors column and its bad
    cells filled red, then every error.

    errors() gives the batch's errors in row order (batch-level ones, without a row,
    first) and is read twice, once per sheet of the report, beside the rows.
    """
    import xlsxwriter

    column_of = {name: i for i, name in enumerate(sheet.mapping) if name is not None}

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    # Both readings of errors() are closed on the way out, failed or not: one
    # left suspended inside its transaction made the connection's commit at
    # the end fail ('Explicit commit() forbidden') when the report could not
    # be written.
    pending = every_error = None
    try:
        bold = book.add_format({"bold": True})
        bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        bad_date = book.add_format(
            {"bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": "yyyy-mm-dd"}
        )
        # A date-time with a time of day (a count's counted_at) shows it: as a
        # date alone, the report hid the very thing a refused time is about.
        moment_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        bad_moment = book.add_format(
            {"bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": "yyyy-mm-dd hh:mm:ss"}
        )
        rows_sheet = book.add_worksheet(sheet.name[:31])
        error_col = len(sheet.headers)
        for c, h in enumerate(sheet.headers):
            rows_sheet.write_string(0, c, h, bold)
        rows_sheet.write_string(0, error_col, REPORT_COLUMN, bold)
        out = 1
        pending = errors()
        error = next(pending, None)
        for row_number, row in data_rows(sheet):
            # Both go in row order; an error of no row, or of a row that is
            # not a data row, has no row to mark.
            while error is not None and (
                error["row_number"] is None or error["row_number"] < row_number
            ):
                error = next(pending, None)
            row_errors = []
            while error is not None and error["row_number"] == row_number:
                row_errors.append(error)
                error = next(pending, None)
            # Every row, the good ones too: the report is the sheet to mend and
            # import again. With the rejected rows alone, the good ones were
            # not in it, and imported back it brought in only the mended rows.
            bad_cols = {
                column_of[e["column_name"]] for e in row_errors if e["column_name"] in column_of
            }
            for c, value in enumerate(row):
                # A cell right of the header (not imported) goes right of the
                # errors column, which would otherwise cover it.
                at = c if c < error_col else c + 1
                is_date = isinstance(value, dt.date | dt.datetime)
                timed = isinstance(value, dt.datetime) and value.time() != dt.time(0)
                if c in bad_cols:
                    fmt = (bad_moment if timed else bad_date) if is_date else bad
                else:
                    fmt = (moment_format if timed else date_format) if is_date else None
                if value is None or value == "":
                    if fmt is not None:
                        rows_sheet.write_blank(out, at, None, fmt)
                elif is_date:
                    rows_sheet.write_datetime(out, at, value, fmt)
                elif isinstance(value, bool):
                    rows_sheet.write_boolean(out, at, value, fmt)
                elif isinstance(value, int | float) and _finite(value):
                    rows_sheet.write_number(out, at, value, fmt)
                else:
                    # A number past a double's range (1e400 read as inf, or a
                    # 400-digit integer) is written as the text staging got.
                    rows_sheet.write_string(out, at, str(value), fmt)
            for c in bad_cols:
                if c >= len(row):
                    rows_sheet.write_blank(out, c, None, bad)
            if row_errors:
                text = "; ".join(f"{e['column_name'] or 'row'}: {e['reason']}" for e in row_errors)
                rows_sheet.write_string(out, error_col, f"row {row_number}: {text}")
            out += 1

        pending.close()  # before the second reading opens its cursor of the same name

        listing = book.add_worksheet("all errors")
        for c, h in enumerate(("row", "column", "value", "reason")):
            listing.write_string(0, c, h, bold)
        every_error = errors()
        for i, e in enumerate(every_error, start=1):
            if e["row_number"] is not None:
                listing.write_number(i, 0, e["row_number"])
            listing.write_string(i, 1, e["column_name"] or "")
            listing.write_string(i, 2, e["value"] or "")
            listing.write_string(i, 3, e["reason"])
    finally:
        for reading in (pending, every_error):
            if reading is not None:
                reading.close()
        close_workbook(book, buffer, target)


@contextmanager
def _unraisable_ignored() -> Iterator[None]:
    """When assembling fails (its temporary files hit a full disk), xlsxwriter
    leaves its zip file open, and the zip file's __del__ printed a traceback
    after the one clear line. It goes with the failure, here, quietly."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = previous


def close_workbook(book, buffer: io.BytesIO, target: Path) -> None:
    """Finishes an xlsxwriter workbook made in buffer and writes it to target.

    The workbook is assembled in memory and written by write_atomically:
    xlsxwriter writing to the target itself left a truncated workbook there
    when the disk filled (and, at exit, a traceback from its unclosed zip
    file), or in place of a good one written before.
    """
    from xlsxwriter.exceptions import FileCreateError

    failure = None
    with _unraisable_ignored():
        try:
            # constant_memory keeps rows in temporary files until now.
            book.close()
        except (FileCreateError, OSError) as exc:
            cause = exc.args[0] if isinstance(exc, FileCreateError) and exc.args else exc
            failure = getattr(cause, "strerror", None) or str(cause)
            del cause  # its traceback holds the zip file
    if failure is not None:
        raise StockdbError(f"cannot write {target}: {failure}")
    write_atomically(target, buffer.getvalue())


def _finite(number: int | float) -> bool:
    """Whether an Excel cell can hold the number: a finite double."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False


def export_rows(
    url: str, kind: Kind, tenant_id: str | None, warehouse: str | None = None
) -> Iterator[list]:
    """The tenant's current rows of kind (staging.export_rows), each a list in the
    template's column order, read through a server-side cursor; with warehouse
    (a code), only that warehouse's locations or count sheet."""
    names = [c.name for c in kind.columns]
    with connect(url) as conn, conn.transaction():
        # Decimals stay exact: 0.1 read as a float was written as 0.1000000000000000055….
        set_json_loads(partial(json.loads, parse_float=Decimal), conn)
        conn.execute("SELECT api.set_context(%s)", (tenant_id or DEFAULT_TENANT,))
        with conn.cursor(name="export_rows") as cur:
            cur.itersize = 10_000
            cur.execute("SELECT r FROM staging.export_rows(%s, %s) AS r", (kind.kind, warehouse))
            for (row,) in cur:
                yield [row.get(name) for name in names]


def write_template(kind: Kind, target: Path, rows: Iterable[list] | None = None) -> int:
    """A workbook to fill in: the header, drop-downs where a column has a list, and notes;
    with rows, those under the header. Returns how many rows it holds."""
    import xlsxwriter

    buffer = io.BytesIO()
    # Rows go to temporary files as they are written: held in memory, the
    # 100,000 products of a --with-data template took 388 MiB.
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    try:
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        required = book.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        data = book.add_worksheet(kind.kind)
        for c, column in enumerate(kind.columns):
            data.write_string(0, c, column.name, required if column.required else bold)
            data.set_column(c, c, max(12, len(column.name) + 2))
            if column.allowed:
                data.data_validation(
                    1,
                    c,
                    MAX_SHEET_ROWS - 1,
                    c,
                    {
                        "validate": "list",
                        "source": column.allowed,
                        "error_title": column.name,
                        "error_message": f"One of: {', '.join(column.allowed)}",
                    },
                )
            if column.data_type == "date":
                data.set_column(c, c, 14, book.add_format({"num_format": "yyyy-mm-dd"}))
        data.freeze_panes(1, 0)
        written = 0
        for r, row in enumerate(rows or (), start=1):
            if r >= MAX_SHEET_ROWS:
                raise StockdbError(
                    f"{kind.kind} has more rows than a sheet holds ({MAX_SHEET_ROWS - 1:,}): "
                    "nothing was written"
                )
            for c, value in enumerate(row):
                write_cell(data, r, c, value)
            written = r

        notes = book.add_worksheet("notes")
        notes.write_string(
            0, 0, f"{kind.kind}: {kind.description}", book.add_format({"bold": True})
        )
        notes.write_string(
            1,
            0,
            "Fill in the first sheet, one row per record; headers in orange are "
            f"required. Modes: {', '.join(kind.modes)}.",
        )
        for c, h in enumerate(
            ("column", "required", "type", "allowed values", "what it holds", "example")
        ):
            notes.write_string(3, c, h, bold)
        for r, column in enumerate(kind.columns, start=4):
            notes.write_string(r, 0, column.name)
            notes.write_string(r, 1, "yes" if column.required else "no")
            notes.write_string(r, 2, column.data_type)
            notes.write_string(r, 3, ", ".join(column.allowed or []))
            notes.write_string(r, 4, column.description, wrap)
            notes.write_string(r, 5, column.example or "")
        notes.set_column(0, 0, 22)
        notes.set_column(3, 3, 24)
        notes.set_column(4, 4, 70)
        notes.set_column(5, 5, 20)
    except BaseException:
        book.close()  # nothing reaches target
        raise
    close_workbook(book, buffer, target)
    return written


def write_cell(sheet, row: int, column: int, value: object) -> None:
    """A value as the import reads it back: a number as a number while a spreadsheet
    keeps every digit of it (15 significant; NaN, which no cell holds, as text), else
    as text; a boolean as TRUE/FALSE."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif (isinstance(value, int | Decimal) and Decimal(value).is_finite()
          and len(Decimal(value).as_tuple().digits) <= 15):
        sheet.write_number(row, column, float(value))
    else:
        sheet.write_string(row, column, str(value))


BATCH_COLUMNS = """
    b.id, b.kind, b.file_name, b.sheet_name, b.mode, b.dry_run, b.status::text AS status,
    b.row_count, b.error_count, b.inserted, b.updated, b.unchanged, b.failure,
    b.created_by, b.database_role, b.started_at, b.staged_at, b.validated_at, b.checked_at,
    b.finished_at, b.file_checksum, b.duplicate_of
"""

# A batch's phases: each runs from the end of the one before it (staging from
# started_at) to its own column. Applying is there only when the apply ran.
PHASES = (("staging", "staged_at"), ("validating", "validated_at"), ("checking", "checked_at"),
          ("applying", "finished_at"))


def phase_seconds(batch: dict) -> dict[str, float]:
    """Seconds each phase of a finished batch took, by name, for the phases it went through.
    The times may be datetimes (a query) or ISO text (the JSON `import run` prints)."""

    def at(column: str) -> dt.datetime | None:
        value = batch.get(column)
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else value

    seconds: dict[str, float] = {}
    began = at("started_at")
    for name, column in PHASES:
        ended = at(column)
        if began is None or ended is None:
            break
        if name != "applying" or batch.get("status") in ("applied", "validated", "failed"):
            seconds[name] = round((ended - began).total_seconds(), 3)
        began = ended
    return seconds


def list_batches(url: str, tenant_id: str | None, limit: int) -> list[dict]:
    with connect(url) as conn, conn.transaction():
        conn.execute("SELECT api.set_context(%s)", (tenant_id or DEFAULT_TENANT,))
        cur = conn.execute(
            f"SELECT {BATCH_COLUMNS} FROM staging.import_batch AS b "
            "WHERE b.tenant_id = current_setting('stockdb.tenant_id')::uuid "
            "ORDER BY b.started_at DESC, b.id DESC LIMIT %s",
            (limit,),
        )
        names = [c.name for c in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


@contextmanager
def shown_batch(
    url: str, tenant_id: str | None, batch_id: str
) -> Iterator[tuple[dict, Iterator[dict]]]:
    """One batch (by id or a unique prefix of it) and its errors, read as they are used:
    a rejected sheet of a million bad rows has a million of them."""
    # Only hex digits and dashes can begin an id: LIKE would take % and _ as
    # wildcards, and an empty prefix as every batch.
    if not re.fullmatch(r"[0-9A-Fa-f-]+", batch_id):
        raise StockdbError(
            f"no import batch {batch_id!r}: give its id or the start of it "
            "(`stockdb import list` shows them)"
        )
    with connect(url) as conn:
        with conn.transaction():
            conn.execute("SELECT api.set_context(%s)", (tenant_id or DEFAULT_TENANT,))
            cur = conn.execute(
                f"SELECT {BATCH_COLUMNS} FROM staging.import_batch AS b "
                "WHERE b.tenant_id = current_setting('stockdb.tenant_id')::uuid "
                "AND b.id::text LIKE %s || '%%' ORDER BY b.started_at DESC LIMIT 2",
                (batch_id.lower(),),
            )
            names = [c.name for c in cur.description]
            found = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        if not found:
            raise StockdbError(f"no import batch {batch_id}")
        if len(found) > 1:
            raise StockdbError(
                f"{batch_id} matches more than one import batch; give more of the id"
            )
        batch = found[0]
        yield batch, batch_errors(conn, batch["id"], tenant_id)
