"""No cell of an export can be read as a formula by a spreadsheet; an import
reads what English and French spreadsheets save, and Excel workbooks as they are."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from terreau import workbooks
from terreau.spreadsheets import (
    FORMULA_STARTS,
    IMPORT_MAX_BYTES,
    LEADING_BLANKS,
    csv_dict_rows,
    csv_upload_check,
    csv_writer,
    import_rows,
    safe_cell,
)
from terreau.workbooks import MAX_UNZIPPED, XLSX_WORKBOOK
from tests.workbooks import workbook


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are read in English, whatever an earlier test activated."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+33 6 12", "-2+3", "@SUM(A1)", "|calc", "\tx", "\rx", "\nx",
     "＝1+1", "＋1", "－1", "＠x", "｜x", "  =1+1", "\u00a0=1", "\u3000＝1"],
)
def test_every_formula_lead_is_neutralised(value):
    assert safe_cell(value) == f"'{value}"


@pytest.mark.parametrize("value", ["", "Zoé", "1+1", "a=b", "e-mail", "  text", "'quoted"])
def test_plain_text_is_left_alone(value):
    assert safe_cell(value) == value


@given(st.lists(st.text(), min_size=1, max_size=6))
def test_no_written_text_cell_starts_a_formula(row):
    stream = io.StringIO()
    csv_writer(stream).writerow(row)
    cells = next(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert len(cells) == len(row)
    for cell, value in zip(cells, row, strict=True):
        assert cell in (value, f"'{value}")
        assert cell.lstrip(LEADING_BLANKS)[:1] not in FORMULA_STARTS


def test_numbers_stay_numbers():
    stream = io.StringIO()
    csv_writer(stream).writerow([-1, 2.5, None])
    assert stream.getvalue() == "-1,2.5,\r\n"


@pytest.mark.parametrize(("data", "rows"), [
    # English spreadsheets: commas; French ones: semicolons; "text" exports: tabs.
    ("name,email\nAnna,a@example.org\n", [{"name": "Anna", "email": "a@example.org"}]),
    ("nom;email\nAnna;a@example.org\n", [{"nom": "Anna", "email": "a@example.org"}]),
    ("nom\temail\nAnna\ta@example.org\n", [{"nom": "Anna", "email": "a@example.org"}]),
    # A quoted cell holding the separator (csv.Sniffer gives up on this one).
    ('idee;note\n"Une idée ; deux";3\n1;"a;b"\n',
     [{"idee": "Une idée ; deux", "note": "3"}, {"idee": "1", "note": "a;b"}]),
    # The header decides, not a comma in the answers; a quoted header cell too.
    ('"Nom, prénom";ville\nDurand, Anna;Nantes\n', [{"Nom, prénom": "Durand, Anna",
                                                    "ville": "Nantes"}]),
    # One column: nothing to separate, a comma is assumed.
    ("email\na@example.org\n", [{"email": "a@example.org"}]),
])
def test_an_import_reads_the_separator_of_the_header_row(data, rows):
    assert list(csv_dict_rows(data)) == rows


def test_an_import_reads_utf8_with_or_without_its_byte_order_mark():
    for data in ("ville\nSaint-Étienne\n".encode(), "ville\nSaint-Étienne\n".encode("utf-8-sig")):
        assert list(csv_dict_rows(data)) == [{"ville": "Saint-Étienne"}]
    with pytest.raises(ValidationError) as error:
        csv_dict_rows("ville\nSaint-Étienne\n".encode("cp1252"))
    assert error.value.code == "encoding"


@pytest.mark.parametrize(("data", "code", "message"), [
    (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet",
     ("This file's format cannot be read here: save it as a spreadsheet (.ods or .xlsx) or "
      "as CSV (UTF-8) and import that file.")),
    (b"ville\nNan\x00tes\n", "binary",
     "The file holds a NUL character: it is not a CSV text file."),
    ("nom;ville\nAnna;Nantes\nBruno;" + "x" * 131_073 + "\n", "unreadable",
     ("The file cannot be read as CSV at line 3: save it again from the spreadsheet as CSV "
     "(UTF-8).")),
    ("x" * 131_073 + "\nNantes\n", "unreadable",
     ("The file cannot be read as CSV at line 1: save it again from the spreadsheet as CSV "
     "(UTF-8).")),
])
def test_a_file_that_is_not_csv_text_is_refused_with_where_and_why(data, code, message):
    with pytest.raises(ValidationError) as error:
        rows = csv_dict_rows(data)
        rows.fieldnames  # noqa: B018 - reading the header row
        list(rows)
    assert (error.value.code, error.value.messages) == (code, [message])


def test_a_cell_at_the_csv_modules_limit_is_read():
    assert list(csv_dict_rows("nom\n" + "x" * 131_072 + "\n")) == [{"nom": "x" * 131_072}]


def test_a_translated_text_is_written_as_its_words():
    out = io.StringIO()
    csv_writer(out).writerow([gettext_lazy("Name"), gettext_lazy("=SUM(A1)")])
    assert out.getvalue() == "Name,'=SUM(A1)\r\n"


def test_the_answers_do_not_choose_the_separator():
    """Many semicolons in the rows, commas in the header: commas."""
    data = "name,note\nAnna,a;b;c\nBruno,d;e;f\n"
    assert list(csv_dict_rows(data)) == [{"name": "Anna", "note": "a;b;c"},
                                         {"name": "Bruno", "note": "d;e;f"}]


class _Upload:
    def __init__(self, size):
        self.size = size


def test_an_upload_over_2_mb_is_refused_before_it_is_read():
    assert csv_upload_check(_Upload(IMPORT_MAX_BYTES)) is None
    with pytest.raises(ValidationError) as error:
        csv_upload_check(_Upload(IMPORT_MAX_BYTES + 1))
    assert (error.value.code, error.value.messages) == ("too_large",
                                                       ["The file is larger than 2 MB."])


# --- Excel workbooks ------------------------------------------------------------------------


def read(data: bytes) -> tuple:
    rows = import_rows(data)
    return rows.fieldnames, list(rows)


def test_a_workbooks_cells_are_read_as_the_text_a_person_typed():
    data = workbook([
        ["nom", "age", "note", "date", "heure", "inscrit", "vide", "formule"],
        ["Anna", 34, 2.5, dt.date(2026, 3, 11), dt.datetime(2026, 3, 11, 14, 30), True, None,
         "=1+1"],
        ["Bruno", 41.0, 0.1 + 0.2, dt.datetime(2026, 3, 12), dt.time(9, 5), False, "", None],
    ])
    assert read(data) == (
        ["nom", "age", "note", "date", "heure", "inscrit", "vide", "formule"],
        [{"nom": "Anna", "age": "34", "note": "2.5", "date": "2026-03-11",
          "heure": "2026-03-11 14:30:00", "inscrit": "TRUE", "vide": "",
          # openpyxl computes nothing: a formula Excel never computed reads empty.
          "formule": ""},
         {"nom": "Bruno", "age": "41", "note": "0.3", "date": "2026-03-12", "heure": "09:05:00",
          "inscrit": "FALSE", "vide": "", "formule": ""}])


@pytest.mark.parametrize("value,text", [
    (41.0, "41"), (-3.0, "-3"), (0.1 + 0.2, "0.3"), (1.5e-20, "1.5e-20"),
    # An integer Excel stored as a float keeps every digit (not 1.23456789012346e+15).
    (1234567890123456.0, "1234567890123456"),
])
def test_a_number_stored_as_a_float_reads_as_written(value, text):
    assert workbooks.text(value) == text


def test_a_sheet_without_its_dimensions_has_its_short_rows_filled():
    """A generator that writes no <dimension> leaves rows ragged: a short
    row's missing cells read as empty, as in a sheet that has them."""
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>nom</t></is></c>'
             b'<c r="B1" t="inlineStr"><is><t>ville</t></is></c>'
             b'<c r="C1" t="inlineStr"><is><t>note</t></is></c></row>'
             b'<row r="2"><c r="A2" t="inlineStr"><is><t>Anna</t></is></c></row>'
             b'</sheetData></worksheet>')
    data = _with(workbook([["x"]]), "xl/worksheets/sheet1.xml", sheet)
    assert read(data) == (["nom", "ville", "note"], [{"nom": "Anna", "ville": "", "note": ""}])


def test_a_workbooks_rows_keep_their_numbers_and_its_empty_tail_is_dropped():
    """Row n of the sheet comes n-th (line n for the importers), blank rows
    included; the blank rows after the last filled one are not rows."""
    data = workbook([["nom", "ville", None, None], ["Anna"], [None, None], [None, "Nantes"],
                     [None, None, None], [None]])
    fieldnames, rows = read(data)
    assert fieldnames == ["nom", "ville"]
    assert rows == [{"nom": "Anna", "ville": ""}, {"nom": "", "ville": ""},
                    {"nom": "", "ville": "Nantes"}]


def test_cells_beyond_the_header_come_under_none_as_csv_does():
    data = workbook([["nom"], ["Anna", None, "en trop", None], ["Bruno", None]])
    assert read(data)[1] == [{"nom": "Anna", None: ["", "en trop", ""]}, {"nom": "Bruno"}]
    assert next(iter(csv_dict_rows("nom\nAnna,,en trop,\n"))) == {
        "nom": "Anna", None: ["", "en trop", ""]}


def test_the_first_sheet_is_read_whichever_is_shown_on_opening():
    data = workbook([["nom"], ["Deuxième"]], before=[["nom"], ["Première"]], active=1)
    assert read(data)[1] == [{"nom": "Première"}]


def test_an_empty_workbook_has_no_header():
    assert read(workbook([])) == (None, [])
    assert read(workbook([[None, None], [None]])) == (None, [])


def _refusal(data) -> tuple:
    with pytest.raises(ValidationError) as error:
        rows = import_rows(data)
        rows.fieldnames  # noqa: B018 - reading the header row
        list(rows)
    return error.value.code, error.value.messages


def test_a_workbook_of_the_largest_size_opened_is_read_and_a_byte_more_refused(monkeypatch):
    data = workbook([["nom"], ["Anna"]])
    unzipped = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr("terreau.workbooks.MAX_UNZIPPED", unzipped)
    assert read(data)[1] == [{"nom": "Anna"}]
    monkeypatch.setattr("terreau.workbooks.MAX_UNZIPPED", unzipped - 1)
    assert _refusal(data) == ("too_large", [
        "This workbook is too large once opened: save it as CSV (UTF-8) and import that file."])


def test_a_sheet_of_the_most_cells_read_is_read_and_a_cell_more_refused(monkeypatch):
    """Empty cells count: a sheet formatted down to its millionth row costs
    as much to parse as one filled."""
    data = workbook([["nom", "ville", None], ["Anna", None, None]])
    monkeypatch.setattr("terreau.workbooks.MAX_CELLS", 6)
    assert read(data) == (["nom", "ville"], [{"nom": "Anna", "ville": ""}])
    monkeypatch.setattr("terreau.workbooks.MAX_CELLS", 5)
    assert _refusal(data) == ("too_large", [
        "This workbook is too large once opened: save it as CSV (UTF-8) and import that file."])


def test_a_zip_bomb_is_refused_before_it_is_opened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(XLSX_WORKBOOK, "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * MAX_UNZIPPED)
    assert len(out.getvalue()) < 100_000
    assert _refusal(out.getvalue())[0] == "too_large"


UNREADABLE = ("unreadable", [
    ("This workbook cannot be read: save it again from the spreadsheet, as .xlsx or as CSV "
    "(UTF-8), and import that file.")])
# Entities that expand tenfold at each level ("billion laughs"): read with
# the standard parser, this one would be 100 "lol"s; defusedxml refuses any.
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
          b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
          b'</sheetData></worksheet>')


def _with(data: bytes, name: str, content: bytes) -> bytes:
    """`data`'s workbook with the part `name` replaced by `content`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info.filename,
                             content if info.filename == name else source.read(info))
    return out.getvalue()


@pytest.mark.parametrize("part,content", [
    ("xl/worksheets/sheet1.xml", LAUGHS),
    ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"),
    (XLSX_WORKBOOK, b"not xml"),
])
def test_a_workbook_that_cannot_be_read_safely_is_refused_in_words(part, content):
    assert _refusal(_with(workbook([["nom"], ["Anna"]]), part, content)) == UNREADABLE


def test_a_zip_that_is_not_a_workbook_is_the_csv_readers_refusal():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    assert _refusal(out.getvalue())[0] == "spreadsheet"
    assert read(b"nom\nAnna\n") == (["nom"], [{"nom": "Anna"}])
