"""A streamed worksheet's rows, read from its XML with expat.

openpyxl's read-only worksheet builds an ElementTree element for every XML
node and a Text object for every inline string: 34 s of CPU for Excel's
1,048,576 rows of three columns, most of a streamed import. This reads the
same part with expat's callbacks and gives each row as
`[cell.value for cell in sheet.iter_rows(min_row=...)]` gives it (data_only):
the same values, types, gaps and row numbers. openpyxl still opens the
workbook, and its styles say which cells are dates; the conversions are
openpyxl's own functions. test_xlsx_stream compares the two on a sheet of every
kind of cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.parsers import expat

from defusedxml.common import EntitiesForbidden, ExternalReferenceForbidden

# openpyxl is imported where a sheet is streamed: importing it costs the
# parsed path, which never needs it, 18 MiB. The main namespace is the
# standard's (openpyxl's SHEET_MAIN_NS).
SHEET_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# expat joins a namespace and a local name with this: "uri}row" for
# ElementTree's "{uri}row".
_SEP = "}"
_ROW = f"{SHEET_MAIN_NS}{_SEP}row"
_VALUE = f"{SHEET_MAIN_NS}{_SEP}v"
_INLINE = f"{SHEET_MAIN_NS}{_SEP}is"
# XML fed to expat at a time; the rows it finishes are held until they are
# handed over. A row reaching column XFD is 16,384 cells, and 1 MiB of XML
# can hold 10,000 such rows (with 1 MiB here and the replay's 5,000-row
# chunks, 5,000 of them took the CLI to 694 MiB; 117 MiB now).
_CHUNK = 1 << 16

# Excel's last row and column (XFD): the template's drop-downs reach the
# last row, and a cell past either is not a sheet Excel could have saved.
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384

# What an open element is to the reader. Text is kept for the three that
# hold a value, up to their first child element (ElementTree's .text).
_OTHER, _ROW_ROLE, _CELL, _V, _IS, _IS_T, _RUN, _RUN_T = range(8)
_KEEPS_TEXT = (_V, _IS_T, _RUN_T)


def _local(name: str) -> str:
    return name.rpartition(_SEP)[2]


class _Cell:
    __slots__ = ("type", "style", "column", "value", "seen_value", "inline", "plain", "runs")

    def __init__(self, attrs: dict[str, str], column: int) -> None:
        self.type = attrs.get("t", "n")
        style = attrs.get("s", 0)
        self.style = int(style) if style else style
        self.column = column
        self.value: str | None = None  # the first <v>'s text
        self.seen_value = False
        self.inline = False  # the first <is> was read
        self.plain: str | None = None  # its last <t>
        self.runs: list[str | None] = []  # its rich text runs' last <t>


class _Parser:
    """expat's callbacks: they collect each finished row as (row number, values)."""

    def __init__(self, strings, epoch, date_formats, timedelta_formats) -> None:
        from openpyxl.utils.cell import coordinate_to_tuple
        from openpyxl.utils.datetime import from_excel, from_ISO8601
        from openpyxl.worksheet._reader import _cast_number

        self.coordinate_to_tuple = coordinate_to_tuple
        self.from_excel = from_excel
        self.from_iso8601 = from_ISO8601
        self.cast_number = _cast_number
        self.strings = strings
        self.epoch = epoch
        self.date_formats = date_formats
        self.timedelta_formats = timedelta_formats
        self.rows: list[tuple[int, list]] = []
        self.roles: list[int] = []
        # The open value's text, and the same list while it is still being
        # added to: a child element ends it, as ElementTree's .text ends.
        self.kept: list[str] = []
        self.text: list[str] | None = None
        self.in_row = False
        self.row_number = 0
        self.column = 0
        self.cells: list[_Cell] = []
        self.cell: _Cell | None = None
        self.columns: dict[str, int] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.roles[-1] if self.roles else _OTHER
        self.text = None
        role = _OTHER
        if parent == _ROW_ROLE:
            # openpyxl reads every child of a row as a cell.
            coordinate = attrs.get("r")
            if coordinate:
                self.column = self._column(coordinate)
            else:
                self.column += 1
            self.cell = _Cell(attrs, self.column)
            role = _CELL
        elif parent == _CELL:
            if name == _VALUE and not self.cell.seen_value:
                self.cell.seen_value = True
                role = _V
            elif name == _INLINE and not self.cell.inline:
                self.cell.inline = True
                role = _IS
        elif parent == _IS:
            # Inside <is>, openpyxl's Text.from_tree goes by local names.
            local = _local(name)
            if local == "t":
                role = _IS_T
            elif local == "r":
                self.cell.runs.append(None)
                role = _RUN
        elif parent == _RUN:
            if _local(name) == "t":
                role = _RUN_T
        elif name == _ROW and not self.in_row:
            self._start_row(attrs)
            role = _ROW_ROLE
        self.roles.append(role)
        if role in _KEEPS_TEXT:
            self.text = self.kept = []

    def _column(self, coordinate: str) -> int:
        # coordinate_to_tuple's column, which depends on the letters alone
        # when digits follow them: looked up once per column of the sheet.
        letters = coordinate.rstrip("0123456789")
        column = self.columns.get(letters)
        if column is None or len(letters) == len(coordinate):
            column = self.coordinate_to_tuple(coordinate)[1]
            if len(letters) < len(coordinate) and letters.isascii() and letters.isalpha():
                self.columns[letters] = column
        return column

    def _start_row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r")
        if number is None:
            self.row_number += 1
        else:
            try:
                self.row_number = int(number)
            except ValueError:
                as_float = float(number)
                if not as_float.is_integer():
                    raise ValueError(f"{number} is not a valid row number") from None
                self.row_number = int(as_float)
        if self.row_number > MAX_SHEET_ROWS:
            # Rows without a number count on from the last one; past Excel's
            # last row they would be given one by one, to the billions.
            raise ValueError(
                f"row {self.row_number:,} is past Excel's last row, {MAX_SHEET_ROWS:,}"
            )
        self.in_row = True
        self.column = 0
        self.cells = []

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        role = self.roles.pop()
        if role in _KEEPS_TEXT:
            text = "".join(self.kept) if self.kept else None
            if role == _V:
                self.cell.value = text
            elif role == _IS_T:
                self.cell.plain = text
            else:
                self.cell.runs[-1] = text
        self.text = None
        if role == _CELL:
            self.cells.append(self.cell)
            self.cell = None
        elif role == _ROW_ROLE:
            self.rows.append((self.row_number, self._values()))
            self.in_row = False

    def _values(self) -> list:
        # openpyxl's ReadOnlyWorksheet._get_row: as wide as the last cell's
        # column; a cell past it is left out, a column without one is None.
        if not self.cells:
            return []
        values = [None] * self.cells[-1].column
        for cell in self.cells:
            if 1 <= cell.column <= len(values):
                values[cell.column - 1] = self._value(cell)
        return values

    def _value(self, cell: _Cell):
        # openpyxl's WorkSheetParser.parse_cell, data_only.
        kind = cell.type
        if kind == "inlineStr":
            if not cell.inline:
                return None
            return "".join(t for t in (cell.plain, *cell.runs) if t is not None)
        value = cell.value or None
        if value is None:
            return None
        if kind == "n":
            value = self.cast_number(value)
            if cell.style in self.date_formats:
                try:
                    return self.from_excel(
                        value, self.epoch, timedelta=cell.style in self.timedelta_formats
                    )
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return value
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return self.from_iso8601(value)
        return value


def _refuse_entity(*_args) -> None:
    # defusedxml's rule, which openpyxl reads with: no entity declarations
    # (a billion laughs), no external entities.
    raise EntitiesForbidden(None, None, None, None, None, None)


def _refuse_external(*_args) -> None:
    raise ExternalReferenceForbidden(None, None, None, None)


def sheet_rows(sheet, min_row: int) -> Iterator[tuple[int, list]]:
    """(row number, values) of an openpyxl read-only worksheet from min_row down, as its
    iter_rows(min_row=min_row) gives them; a missing row is an empty list."""
    book = sheet.parent
    # openpyxl keeps these on the workbook and worksheet without public names.
    parser = _Parser(sheet._shared_strings, book.epoch, book._date_formats,
                     book._timedelta_formats)
    xml = expat.ParserCreate(namespace_separator=_SEP)
    xml.buffer_text = True
    xml.StartElementHandler = parser.start
    xml.EndElementHandler = parser.end
    xml.CharacterDataHandler = parser.characters
    xml.EntityDeclHandler = _refuse_entity
    xml.UnparsedEntityDeclHandler = _refuse_entity
    xml.ExternalEntityRefHandler = _refuse_external
    expected = min_row
    with sheet._get_source() as source:
        while True:
            chunk = source.read(_CHUNK)
            try:
                xml.Parse(chunk, not chunk)
            except expat.ExpatError as exc:
                raise ValueError(f"the sheet's XML is broken: {exc}") from None
            for number, values in parser.rows:
                # openpyxl's ReadOnlyWorksheet._cells_by_row: rows skipped in
                # the XML come as empty ones; a row at or above one already
                # given is left out.
                while expected < number:
                    yield expected, []
                    expected += 1
                if expected == number:
                    yield number, values
                    expected += 1
            parser.rows.clear()
            if not chunk:
                return
