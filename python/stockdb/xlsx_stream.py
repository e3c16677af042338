"""A streamed worksheet's rows, read from its XML with expat or, where the
markup is plain, with regular expressions.

openpyxl's read-only worksheet builds an ElementTree element for every XML
node and a Text object for every inline string: 34 s of CPU for Excel's
1,048,576 rows of three columns, most of a streamed import. This reads the
same part and gives each row as
`[cell.value for cell in sheet.iter_rows(min_row=...)]` gives it (data_only):
the same values, types, gaps and row numbers. The rows in the plain markup
programs write are read a run at a time with the expressions of "plain rows"
below, and everything else with expat's callbacks. openpyxl still opens the
workbook, and its styles say which cells are dates; the conversions are
openpyxl's own functions. test_xlsx_stream compares the reader with openpyxl
on sheets of every kind of cell, in each markup.
"""

from __future__ import annotations

import codecs
import re
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
        return self.typed(kind, cell.style, cell.value)

    def typed(self, kind: str, style, value: str | None):
        """A cell's value from its type, style and <v> text (any type but inlineStr)."""
        value = value or None
        if value is None:
            return None
        if kind == "n":
            value = self.cast_number(value)
            if style in self.date_formats:
                try:
                    return self.from_excel(
                        value, self.epoch, timedelta=style in self.timedelta_formats
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


def _expat() -> expat.XMLParserType:
    xml = expat.ParserCreate(namespace_separator=_SEP)
    xml.EntityDeclHandler = _refuse_entity
    xml.UnparsedEntityDeclHandler = _refuse_entity
    xml.ExternalEntityRefHandler = _refuse_external
    return xml


# -- plain rows ----------------------------------------------------------------
# Most sheets a program wrote are rows of cells in one plain markup. Expat's
# callbacks cost 20 calls a row of three such cells (60.5 s for Excel's
# 1,048,576 rows); the expressions below read a run of plain rows at a time
# (18.9 s, measured the same day). From the first thing among the rows that
# is anything else (a row without its number, an attribute in another order,
# a comment, rich text, ...) on, the callbacks read the rest, as they read
# all of a sheet that does not start plainly. Plain markup is well-formed XML by construction, so
# what the callbacks read is what expat would have accepted or refused; only
# the place of a refusal in the part is for a fresh expat to say.

_TOKENS = (
    # A row: its number, its other attributes, and / when it is empty.
    r'<row r="([0-9]+)"((?: [A-Za-z][\w.-]*(?::[A-Za-z][\w.-]*)?="[^"<]*")*)(/?)>|(</row>)'
    # A cell: its column, style and type; after a formula (data_only reads
    # past it), its <v> and text, or its <is> and text.
    r'|<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
    r"(?:/>|>(?:<f>[^<]*</f>)?(?:(<v/>|<v>([^<]*)</v>)|(<is>)(?:<t/>|<t>([^<]*)</t>)</is>)?</c>)"
    r"|\s+"
)
_TOKEN = re.compile(_TOKENS)
_PLAIN_RUN = re.compile(f"(?:{_TOKENS})*")
# What plain markup may still not hold: a character XML refuses or rewrites
# (a carriage return is read as a line feed); nor the end of a CDATA section,
# nor an & that is not a character reference.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")
_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ATTRIBUTE = re.compile(r'([^\s=]+)="([^"]*)"')
# The start of the part, as bytes: its declared encoding, the root's and
# <sheetData>'s start tags.
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:<\?xml\s[^>]*?\?>)?\s*")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_START_TAG = rb"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*>"""
_ROOT = re.compile(rb"<[^\s/>!?]+" + _START_TAG)
_SHEET_DATA = re.compile(rb"<sheetData" + _START_TAG)
_DEFAULT = re.compile(rb"xmlns\s*=")
_DECLARED = re.compile(rb"""(xmlns(?::[^\s=]+)?)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
# How far into the part its rows may start for them to be read plainly.
_PROLOG_MAX = 1 << 24


class _NotPlain(Exception):
    pass


# OOXML's escape for a character XML cannot hold, _xHHHH_ (Excel writes
# _x000D_ for a carriage return, and _x005F_ before a literal _xHHHH_), as
# python-calamine reads it: openpyxl's replace("x005F_", "") read a SKU
# "x005F_" as empty and "a_x005F_b" as "a_b".
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_text(value: str) -> str:
    """A string cell's text with its _xHHHH_ escapes read."""
    if "_x" not in value:
        return value
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def _character(match: re.Match) -> str:
    named, decimal, hexadecimal = match.groups()
    if named:
        return _NAMED[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise _NotPlain  # a reference to a character XML refuses
    return chr(code)


class _PlainRows:
    """Reads runs of plain rows into the parser's rows, as its callbacks would."""

    def __init__(self, parser: _Parser, prefixes: frozenset[str]) -> None:
        self.parser = parser
        self.prefixes = prefixes
        self.row_attributes: set[str] = {""}  # the other attributes seen sound

    def run(self, text: str) -> int:
        """Reads the plain rows that text starts with, up to its last whole one;
        returns where they end (0: none)."""
        last = text.rfind("</row>") + len("</row>")
        if last < len("</row>"):
            return 0
        end = _PLAIN_RUN.match(text, 0, last).end()
        if end < last:
            # Up to the last row that ended before the plain markup stopped
            # (the run is whole tokens, and a text in them holds no <). A row
            # left open all the same is refused by _read.
            opened = text.rfind("<row ", 0, end)
            if opened >= 0 and text.find("</row>", opened, end) < 0:
                closed = text.find(">", opened, end)
                if text[closed - 1:closed] != "/":
                    end = opened
            if end <= 0:
                return 0
        run = text[:end]
        if (_REFUSED.search(run) or "]]>" in run
                or "&" in run and run.count("&") != len(_REFERENCE.findall(run))):
            return 0
        parser = self.parser
        rows, number = len(parser.rows), parser.row_number
        try:
            self._read(run)
        except _NotPlain:
            del parser.rows[rows:]
            parser.row_number = number
            return 0
        return end

    def _read(self, text: str) -> None:
        parser = self.parser
        columns = parser.columns
        typed = parser.typed
        cells = None
        for (number, others, empty, row_end, letters, style, kind, _v, value, inline,
             inline_text) in _TOKEN.findall(text):
            if number:
                if cells is not None:
                    raise _NotPlain  # a row in a row: a cell, to openpyxl
                if others not in self.row_attributes:
                    self._check(others)
                parser._start_row({"r": number})
                parser.in_row = False  # the callbacks' state: this row ends here
                if empty:
                    parser.rows.append((parser.row_number, []))
                else:
                    cells = []
            elif letters:
                if cells is None:
                    raise _NotPlain
                column = columns.get(letters) or parser._column(letters + "1")
                cells.append((column, kind or "n", int(style) if style else 0, value, inline,
                              inline_text))
            elif row_end:
                if cells is None:
                    raise _NotPlain
                parser.rows.append((parser.row_number, self._values(cells, typed)))
                cells = None
        if cells is not None:
            raise _NotPlain

    def _check(self, others: str) -> None:
        # What expat would refuse or read otherwise in a row's other attributes:
        # a name twice (or two prefixes' same name: they may be one namespace's),
        # a namespace declared, a prefix never declared.
        names = [name for name, _ in _ATTRIBUTE.findall(others)]
        local = [name.rpartition(":")[2] for name in names]
        if len(set(local)) != len(local) or "r" in names or any(
            name == "xmlns" or name.startswith("xmlns:")
            or (":" in name and name.partition(":")[0] not in self.prefixes)
            for name in names
        ):
            raise _NotPlain
        self.row_attributes.add(others)

    @staticmethod
    def _values(cells: list[tuple], typed) -> list:
        # _Parser._values and _value, for the cells plain markup holds.
        if not cells:
            return []
        values = [None] * cells[-1][0]
        for column, kind, style, value, inline, inline_text in cells:
            if 1 <= column <= len(values):
                if kind == "inlineStr":
                    # Only an <is> is read: its <t>'s text, "" when it has none.
                    if inline:
                        values[column - 1] = ooxml_text(_text(inline_text)) or ""
                else:
                    values[column - 1] = typed(kind, style, _text(value))
        return values


def _text(raw: str) -> str:
    return _REFERENCE.sub(_character, raw) if "&" in raw else raw


def _rows_start(head: bytes) -> tuple[int, frozenset[str]] | None:
    """Where the rows start in the part (just after <sheetData>), and the prefixes
    declared above them, when all before them is plain: UTF-8, no comment, DOCTYPE
    or processing instruction, the main namespace the default one. None when it
    is not, or when head does not reach that far."""
    declaration = _DECLARATION.match(head)
    encoding = _ENCODING.search(declaration.group(0))
    if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    root = _ROOT.match(head, declaration.end())
    data = _SHEET_DATA.search(head, declaration.end())
    if root is None or data is None or data.start() < root.end():
        return None
    prolog = head[declaration.end():data.start()]
    # No default namespace but the root's: <sheetData> might sit in another.
    if b"<!" in prolog or b"<?" in prolog or len(_DEFAULT.findall(prolog)) > 1:
        return None
    default, prefixes = None, {"xml"}
    for tag in (root.group(1), data.group(1)):
        for name, double, single in _DECLARED.findall(tag):
            if name == b"xmlns":
                default = double or single
            else:
                prefixes.add(name.removeprefix(b"xmlns:").decode("utf-8", "replace"))
    if default != SHEET_MAIN_NS.encode():
        return None
    return data.end(), frozenset(prefixes)


def _read(source, parser: _Parser, callbacks: expat.XMLParserType) -> Iterator[bool]:
    """Feeds the part to the callbacks, but its runs of plain rows to _PlainRows;
    yields after each chunk (True once a plain row was read), with the rows it
    finished in parser.rows."""
    head = b""
    while len(head) < _PROLOG_MAX and (chunk := source.read(_CHUNK)):
        head += chunk
        found = head.find(b"<sheetData")
        if found >= 0 and head.find(b">", found) >= 0:
            break
    start = _rows_start(head)
    skipped = False
    if start is not None:
        rows_at, prefixes = start
        callbacks.Parse(head[:rows_at], False)
        plain = _PlainRows(parser, prefixes)
        decoder = codecs.getincrementaldecoder("utf-8")()
        text = ""
        head = head[rows_at:]
        while True:
            try:
                text += decoder.decode(head)
            except UnicodeDecodeError:
                break  # the callbacks say where
            head = b""
            end = plain.run(text)
            skipped = skipped or end > 0
            text = text[end:]
            if end == 0 and "</row>" in text:
                break  # not plain: the callbacks read on from here
            yield skipped
            head = source.read(_CHUNK)
            if not head:
                break
        head = text.encode() + decoder.getstate()[0] + head
    callbacks.Parse(head, False)
    yield skipped
    while chunk := source.read(_CHUNK):
        callbacks.Parse(chunk, False)
        yield skipped
    callbacks.Parse(b"", True)
    yield skipped


def _first_error(source) -> expat.ExpatError | None:
    """Where expat, reading all of the part, finds it broken."""
    xml = _expat()
    try:
        while chunk := source.read(_CHUNK):
            xml.Parse(chunk, False)
        xml.Parse(b"", True)
    except expat.ExpatError as exc:
        return exc
    return None


def sheet_rows(sheet, min_row: int) -> Iterator[tuple[int, list]]:
    """(row number, values) of an openpyxl read-only worksheet from min_row down, as its
    iter_rows(min_row=min_row) gives them; a missing row is an empty list."""
    book = sheet.parent
    # openpyxl keeps these on the workbook and worksheet without public names.
    parser = _Parser(sheet._shared_strings, book.epoch, book._date_formats,
                     book._timedelta_formats)
    xml = _expat()
    xml.buffer_text = True
    xml.StartElementHandler = parser.start
    xml.EndElementHandler = parser.end
    xml.CharacterDataHandler = parser.characters
    expected = min_row
    skipped = False
    with sheet._get_source() as source:
        chunks = _read(source, parser, xml)
        while True:
            try:
                skipped = next(chunks, None)
            except expat.ExpatError as exc:
                if skipped:
                    # The callbacks did not read the plain rows: their place
                    # of the error is not the part's.
                    with sheet._get_source() as again:
                        exc = _first_error(again) or exc
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
            if skipped is None:
                return
