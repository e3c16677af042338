"""The streamed reader's rows are openpyxl's rows: every kind of cell, gap and row number."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path
from xml.parsers import expat

import openpyxl
import openpyxl.utils.datetime
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from stockdb import xlsx_import as xi
from stockdb import xlsx_stream
from stockdb.xlsx_stream import sheet_rows

# Formats whose cells openpyxl reads as dates, times and durations, and one
# that is only a number.
FORMATS = {
    "A": "yyyy-mm-dd",
    "B": "yyyy-mm-dd hh:mm",
    "C": "hh:mm",
    "D": "[h]:mm:ss",
    "E": "0.00",
}

# {A}…{E} are replaced by the style of the cell with that format.
SHEET_DATA = """
<row r="1">
  <c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>
  <c r="C1" t="inlineStr"><is><t>third</t></is></c>
</row>
<row r="2">
  <c r="A2"><v>42</v></c><c r="B2"><v>3.5</v></c><c r="C2"><v>1E3</v></c><c r="D2"><v>-7</v></c>
  <c r="E2" s="{E}"><v>2.25</v></c><c r="F2"><v/></c><c r="G2"><v></v></c><c r="H2"/>
  <c r="I2" s="{A}"><v>45000</v></c><c r="J2" s="{B}"><v>45000.5</v></c>
  <c r="K2" s="{C}"><v>0.25</v></c><c r="L2" s="{D}"><v>1.5</v></c>
  <c r="M2" s="{A}"><v>2958466</v></c><c r="N2" s="{A}"><v>-1</v></c>
</row>
<row r="3">
  <c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c>
  <c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="e"><v>#DIV/0!</v></c>
  <c r="E3" t="str"><f>A1&amp;"x"</f><v>alphax</v></c><c r="F3"><f>1+1</f></c>
  <c r="G3"><f>2*3</f><v>6</v></c><c r="H3" t="d"><v>2026-03-01T10:00:00</v></c>
  <c r="I3" t="s"><v>1</v></c><c r="J3" t="n" s="0"><v>7</v></c>
</row>
<row r="5">
  <c r="A5" t="inlineStr"><is><t xml:space="preserve">  spaced  </t></is></c>
  <c r="B5" t="inlineStr"><is>
    <r><rPr><b/></rPr><t>bold</t></r><r><t xml:space="preserve"> and plain</t></r>
  </is></c>
  <c r="C5" t="inlineStr"><is><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></is></c>
  <c r="D5" t="inlineStr"><is><t/></is></c>
  <c r="E5" t="inlineStr"><is><t>a_b &amp; &lt;c&gt; &#x1F600;</t></is></c>
  <c r="F5" t="inlineStr"></c>
  <c r="G5" t="inlineStr"><is><t>head</t><r><t>tail</t></r></is></c>
  <c r="H5" t="inlineStr"><v>ignored</v></c>
  <c r="I5" t="s"><v>0</v><v>1</v></c>
  <c r="J5" t="inlineStr"><is><t>first</t></is><is><t>second</t></is></c>
  <c r="K5"><v>4<x/>2</v></c><c r="L5" t="inlineStr"><is><t>a<x/>b</t></is></c>
</row>
<row>
  <c t="inlineStr"><is><t>no refs</t></is></c><c><v>2</v></c><c r="E6"><v>5</v></c><c><v>6</v></c>
</row>
<row r="7"><c r="C7"><v>3</v></c><c r="A7"><v>1</v></c><c r="d7"><v>4</v></c><c r="aB7"/></row>
<row r="8"/>
<row r="9.0"><c r="B9"><v>9</v></c></row>
<row r="9"><c r="A9"><v>99</v></c></row>
<row r="8"><c r="A8"><v>88</v></c></row>
<row r="12" spans="1:2" ht="20" customHeight="1"><c r="B12"><v>12</v></c></row>
"""


def workbook(path: Path, date1904: bool = False, sheet_data: str = SHEET_DATA) -> Path:
    """A workbook with the formats above and two shared strings (xlsxwriter writes
    them; openpyxl writes inline strings), its sheet's rows replaced by sheet_data."""
    book = xlsxwriter.Workbook(str(path), {"date_1904": date1904})
    sheet = book.add_worksheet("cells")
    sheet.write_row(0, 0, ["alpha", "beta"])
    for column, number_format in FORMATS.items():
        sheet.write(f"{column}2", 1, book.add_format({"num_format": number_format}))
    book.close()
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    styles = {
        column: re.search(rf'<c r="{column}2" s="(\d+)"', xml).group(1) for column in FORMATS
    }
    data = sheet_data.format(**styles)
    xml = re.sub(r"<sheetData>.*</sheetData>", lambda _: f"<sheetData>{data}</sheetData>", xml,
                 flags=re.S)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return path


def openpyxl_rows(path: Path, min_row: int) -> list[tuple[int, list]]:
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True)["cells"]
    # xlsxwriter's <dimension> covers the cells it wrote, not SHEET_DATA's:
    # openpyxl would stop at its last row.
    sheet.reset_dimensions()
    return [
        (number, [c.value for c in row])
        for number, row in enumerate(sheet.iter_rows(min_row=min_row), start=min_row)
    ]


def streamed_rows(path: Path, min_row: int) -> list[tuple[int, list]]:
    book, strings = xi._read_only_workbook(path)
    try:
        return list(sheet_rows(book["cells"], min_row))
    finally:
        strings.close()


# M2's serial is past 9999-12-31: openpyxl warns, and gives "#VALUE!".
@pytest.mark.filterwarnings("ignore:Cell M2 is marked as a date")
@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
@pytest.mark.parametrize("min_row", [1, 3, 4, 6, 13])
def test_streamed_rows_are_openpyxls_rows(tmp_path, date1904, min_row):
    path = workbook(tmp_path / "cells.xlsx", date1904)
    expected = openpyxl_rows(path, min_row)
    assert streamed_rows(path, min_row) == expected
    if min_row == 1:
        # The sheet holds what it was written to hold: a check on the oracle.
        rows = dict(expected)
        assert rows[1] == ["alpha", "beta", "third"]
        assert rows[2][8] == (
            dt.datetime(2027, 3, 16) if date1904 else dt.datetime(2023, 3, 15)
        )
        assert rows[2][12] == "#VALUE!"
        assert rows[3][:4] == [True, False, "#N/A", "#DIV/0!"]
        assert rows[4] == [] and rows[8] == []
        assert rows[5][1] == "bold and plain" and rows[5][2] == "漢字"
        assert rows[6] == ["no refs", 2, None, None, 5, 6]
        assert rows[9] == [None, 9] and rows[12] == [None, 12]
        assert list(rows) == list(range(1, 13))


class Book:
    epoch = openpyxl.utils.datetime.WINDOWS_EPOCH
    _date_formats: set = set()
    _timedelta_formats: set = set()


class Part:
    """What sheet_rows needs of an openpyxl read-only worksheet, over XML of our own."""

    def __init__(self, xml: bytes) -> None:
        self.parent = Book()
        self._shared_strings = ["alpha"]
        self.xml = xml

    def _get_source(self) -> BytesIO:
        return BytesIO(self.xml)


SHEET = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
         b'spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>')


def test_sheet_rows_reads_its_own_part():
    rows = list(sheet_rows(Part(SHEET % b'<row r="2"><c t="s"><v>0</v></c></row>'), 1))
    assert rows == [(1, []), (2, ["alpha"])]


def test_a_broken_sheet_is_a_value_error():
    with pytest.raises(ValueError, match="the sheet's XML is broken"):
        list(sheet_rows(Part(SHEET % b'<row r="1"><c><v>1</v></row>'), 1))


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>',
    b'<!DOCTYPE worksheet [<!ENTITY a SYSTEM "file:///etc/passwd">]>',
], ids=["internal", "external"])
def test_an_entity_declaration_is_refused(declaration):
    xml = (SHEET % b'<row r="1"><c t="inlineStr"><is><t>&a;</t></is></c></row>').replace(
        b"<worksheet", declaration + b"<worksheet", 1)
    with pytest.raises(ValueError, match="[Ee]ntit"):
        list(sheet_rows(Part(xml), 1))


def test_rows_counted_past_excels_last_row_are_refused():
    # Rows without a number count on from the one before; the grid check
    # reads numbers only, so the reader stops such rows itself.
    xml = SHEET % b'<row r="1048576"><c><v>1</v></c></row><row><c><v>2</v></c></row>'
    last = xml.replace(b"<row><c><v>2</v></c></row>", b"")
    assert list(sheet_rows(Part(last), 1048576)) == [(1048576, [1])]
    with pytest.raises(ValueError, match="row 1,048,577 is past Excel's last row, 1,048,576"):
        list(sheet_rows(Part(xml), 1048576))


def test_the_parsed_path_does_not_import_openpyxl():
    # Its import alone costs 18 MiB of the CLI's peak (128 against 146 MiB
    # for 100,000 products); only a streamed sheet needs it.
    code = (
        "import sys, stockdb.xlsx_import; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


# Rows in the plain markup xlsx_stream reads with expressions (xlsxwriter's,
# Excel's): every kind of value, gaps, rows out of order, a row's other
# attributes. Then a comment, after which expat's callbacks read on, here
# rows of the same markup.
PLAIN_ROWS = """<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>\
<c r="C1" t="inlineStr"><is><t>third</t></is></c></row><row r="2"><c r="A2"><v>42</v></c>\
<c r="B2"><v>3.5</v></c><c r="C2"><v>1E3</v></c><c r="D2"><v>-7</v></c>\
<c r="E2" s="{E}"><v>2.25</v></c><c r="F2"><v/></c><c r="G2"><v></v></c><c r="H2"/>\
<c r="I2" s="{A}"><v>45000</v></c><c r="J2" s="{B}"><v>45000.5</v></c>\
<c r="K2" s="{C}"><v>0.25</v></c><c r="L2" s="{D}"><v>1.5</v></c>\
<c r="M2" s="{A}"><v>2958466</v></c><c r="N2" s="{A}"><v>-1</v></c></row>
<row r="3" spans="1:10" r:id="x" ht="20" customHeight="1">\
<c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c>\
<c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="e"><v>#DIV/0!</v></c>\
<c r="E3" t="str"><f>A1&amp;"x"</f><v>alphax</v></c><c r="F3"><f>1+1</f></c>\
<c r="G3"><f>2*3</f><v>6</v></c><c r="H3" t="d"><v>2026-03-01T10:00:00</v></c>\
<c r="I3" s="0" t="n"><v>7</v></c></row>
  <row r="5"><c r="A5" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &#x1F600;&#10;&#65;</t></is></c>\
<c r="B5" t="inlineStr"><is><t/></is></c><c r="C5" t="inlineStr"/>\
<c r="D5" t="inlineStr"><v>ignored</v></c><c r="E5" t="inlineStr"><is><t>  spaced  </t></is></c>\
<c r="F5"><v>&#49;2</v></c></row>
<row r="6"></row><row r="7"><c r="C7"><v>3</v></c><c r="A7"><v>1</v></c></row><row r="8"/>\
<row r="10"><c r="B10"><v>10</v></c></row><row r="9"><c r="A9"><v>99</v></c></row>\
<row r="11"><c r="AA11"><v>27</v></c></row>\
<!-- the callbacks from here -->\
<row r="12"><c r="A12" t="inlineStr"><is><t>after</t></is></c></row>\
<row r="13"><c r="B13"><v>13</v></c></row>"""


@pytest.mark.filterwarnings("ignore:Cell M2 is marked as a date")
@pytest.mark.parametrize("min_row", [1, 4, 12])
def test_plain_rows_read_with_expressions_are_openpyxls_rows(tmp_path, monkeypatch, min_row):
    path = workbook(tmp_path / "plain.xlsx", sheet_data=PLAIN_ROWS)
    read_plainly: list[int] = []
    read = xlsx_stream._PlainRows._read

    def counting(self, text):
        before = len(self.parser.rows)
        read(self, text)
        read_plainly.extend(number for number, _ in self.parser.rows[before:])

    monkeypatch.setattr(xlsx_stream._PlainRows, "_read", counting)
    expected = openpyxl_rows(path, min_row)
    assert streamed_rows(path, min_row) == expected
    assert read_plainly == [1, 2, 3, 5, 6, 7, 8, 10, 9, 11]
    rows = dict(expected)
    if min_row == 1:
        assert rows[3][:5] == [True, False, "#N/A", "#DIV/0!", "alphax"]
        assert rows[5] == ["a & b <c> \U0001F600\nA", "", None, None, "  spaced  ", 12]
        assert rows[6] == [] and rows[7] == [1] and rows[8] == [] and rows[9] == []
        assert rows[11][26] == 27
    assert rows[13] == [None, 13]


@pytest.mark.parametrize("broken", [
    b'<row r="3"><c r="A3"><v>1</v></c></row></row>',
    b'<row r="3"><c r="A3"><v>1</v></c></row><row r="4"><c r="A4"><v>1</v></row>',
    b'<row r="3"><c r="A3"><v>1&bogus;</v></c></row>',
    b'<row r="3"><c r="A3"><v>\x01</v></c></row>',
    b'<row r="3" spans="1:2" spans="1:3"><c r="A3"><v>1</v></c></row>',
    b'<row r="3" x:y="1"><c r="A3"><v>1</v></c></row>',
], ids=["end-tag", "unclosed", "entity", "control", "twice", "prefix"])
def test_a_sheet_broken_after_plain_rows_is_refused_where_expat_finds_it(broken):
    plain = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in (1, 2))
    xml = SHEET % (plain + broken)
    with pytest.raises(expat.ExpatError) as expat_error:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.Parse(xml, True)
    with pytest.raises(ValueError) as refused:
        list(sheet_rows(Part(xml), 1))
    assert str(refused.value) == f"the sheet's XML is broken: {expat_error.value}"


# Cells for the sheets drawn below, {c} their coordinate: plain markup, and
# markup the expressions leave to the callbacks.
DRAWN_CELLS = [
    '<c r="{c}"><v>7</v></c>', '<c r="{c}" t="s"><v>1</v></c>', '<c r="{c}"/>',
    '<c r="{c}" t="inlineStr"><is><t>a &amp; b</t></is></c>', '<c r="{c}" s="{E}"><v>2.5</v></c>',
    '<c r="{c}" s="{A}"><v>45000</v></c>', '<c r="{c}" t="b"><v>1</v></c>',
    '<c r="{c}" t="str"><f>1+1</f><v>2</v></c>', '<c r="{c}"><v/></c>',
    '<c r="{c}" t="inlineStr"><is><t/></is></c>',
    '<c r="{c}" t="inlineStr"><is><t>x&#13;y</t></is></c>',
    # not plain
    '<c t="s" r="{c}"><v>0</v></c>', "<c r='{c}'><v>8</v></c>",
    '<c r="{c}" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c>',
    '<c r="{c}" t="inlineStr"><is><t><![CDATA[<cdata>]]></t></is></c>',
    '<c r="{c}"><v>9</v><!-- note --></c>',
    '<c><v>5</v></c>', '<c r="{c}" t="inlineStr"><is><t xml:space="preserve"> s </t></is></c>',
]
PLAIN_CELLS = 11


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")
@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(
    st.integers(1, 3),  # how far below the row before
    # Mostly plain, so that the expressions read runs of rows before the callbacks.
    st.sampled_from(['<row r="{r}">'] * 4 + ['<row r="{r}" spans="1:4">', "<row>",
                                             '<row r="{r}" >']),
    st.lists(st.tuples(st.integers(1, 30), st.one_of(
        st.integers(0, PLAIN_CELLS - 1), st.integers(0, PLAIN_CELLS - 1),
        st.integers(0, PLAIN_CELLS - 1), st.integers(0, len(DRAWN_CELLS) - 1),
    )), max_size=5),
    st.sampled_from(["", "", "", "\n", "  ", "\n  ", "", "<!-- between -->"]),
), max_size=12))
def test_drawn_sheets_read_as_openpyxl_reads_them(tmp_path_factory, rows):
    data, number = [], 0
    for gap, start, cells, after in rows:
        number += gap
        markup = [DRAWN_CELLS[kind].format(c=get_column_letter(column) + str(number),
                                           A="{A}", E="{E}")
                  for column, kind in sorted(cells)]
        data.append(start.format(r=number) + "".join(markup) + "</row>" + after)
    path = workbook(tmp_path_factory.mktemp("drawn") / "drawn.xlsx",
                    sheet_data="".join(data))
    assert streamed_rows(path, 1) == openpyxl_rows(path, 1)



def test_escaped_characters_read_as_python_calamine_reads_them(tmp_path):
    """OOXML writes a character XML cannot hold as _xHHHH_, and a literal
    _xHHHH_ with _x005F_ before it. The streamed reader copied openpyxl's
    replace("x005F_", ""), which read a SKU "x005F_" as empty and "a_x005F_b"
    as "a_b", where the parsed path (python-calamine) read them as written. A
    drawn products sheet streamed in CI was rejected for the empty SKU."""
    from python_calamine import CalamineWorkbook

    texts = ["x005F_", "_x0041_", "a_x005F_b", "_x000D_", "ax005F_x0041_b", "x005F_x005F_"]
    path = tmp_path / "escapes.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("cells")
    for row, text in enumerate(texts):
        sheet.write_string(row, 0, text)  # shared strings, escaped by xlsxwriter
    book.close()
    parsed = [row[0] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
        "cells").to_python()]
    assert parsed == texts
    assert [values[0] for _, values in streamed_rows(path, 1)] == texts
    # Inline strings as a writer that escapes nothing else leaves them.
    inline = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{t}</t></is></c></row>'
                     for n, t in enumerate(["_x0041_", "_x004a_", "x005F_", "a_x005F_x0041_b"], 1))
    path = workbook(tmp_path / "inline.xlsx", sheet_data=inline)
    parsed = [row[0] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
        "cells").to_python()]
    assert parsed == ["A", "J", "x005F_", "a_x0041_b"]
    assert [values[0] for _, values in streamed_rows(path, 1)] == parsed
