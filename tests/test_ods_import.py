"""An OpenDocument spreadsheet (.ods, what LibreOffice saves by default) is
imported as it is, read as an Excel workbook is (terreau/workbooks.py):
each cell as the text a person typed, rows in their sheet's order, runs of
repeated rows and cells spread out only when something filled follows,
the first sheet only, and every limit an Excel workbook has."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from terreau import workbooks
from terreau.spreadsheets import import_rows
from tests.workbooks import ODS_NAMESPACES, ods_sheet, spreadsheet, workbook

TOO_LARGE = ("too_large", [
    "This workbook is too large once opened: save it as CSV (UTF-8) and import that file."])
UNREADABLE = ("unreadable", [
    ("This spreadsheet cannot be read: save it again from the spreadsheet, as .ods or as CSV "
    "(UTF-8), and import that file.")])


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def read(data: bytes) -> tuple:
    rows = import_rows(data)
    return rows.fieldnames, list(rows)


def refusal(data: bytes) -> tuple:
    with pytest.raises(ValidationError) as error:
        read(data)
    return error.value.code, error.value.messages


def test_each_cell_reads_as_the_text_a_person_typed_as_an_excel_cell_does():
    rows = [["nom", "age", "note", "date", "heure", "inscrit", "vide"],
            ["Anna", 34, 2.5, dt.date(2026, 3, 11), dt.datetime(2026, 3, 11, 14, 30), True,
             None],
            ["Bruno", 41.0, 0.1 + 0.2, dt.datetime(2026, 3, 12), "09:05", False, ""]]
    assert read(spreadsheet(rows)) == read(workbook(rows)) == (
        ["nom", "age", "note", "date", "heure", "inscrit", "vide"],
        [{"nom": "Anna", "age": "34", "note": "2.5", "date": "2026-03-11",
          "heure": "2026-03-11 14:30:00", "inscrit": "TRUE", "vide": ""},
         {"nom": "Bruno", "age": "41", "note": "0.3", "date": "2026-03-12", "heure": "09:05",
          "inscrit": "FALSE", "vide": ""}])


@pytest.mark.parametrize(("cell", "text"), [
    # A percentage and an amount read as their value, as Excel's do.
    (('<table:table-cell office:value-type="percentage" office:value="0.25">'
     "<text:p>25 %</text:p></table:table-cell>"), "0.25"),
    (('<table:table-cell office:value-type="currency" office:currency="EUR" '
     'office:value="1500"><text:p>1 500,00 €</text:p></table:table-cell>'), "1500"),
    # A formula reads as the value LibreOffice last computed.
    (('<table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2">'
     "<text:p>2</text:p></table:table-cell>"), "2"),
    # Runs of spaces, a tab, a line break and styled words, as shown.
    (('<table:table-cell office:value-type="string"><text:p>rue<text:s text:c="3"/>des'
     "<text:tab/>Lilas<text:line-break/><text:span>Nantes</text:span> Nord</text:p>"
     "</table:table-cell>"), "rue   des\tLilas\nNantes Nord"),
    (('<table:table-cell office:value-type="string"><text:p>a<text:s/>b</text:p>'
     "</table:table-cell>"), "a b"),
    # Two paragraphs are two lines; a comment on the cell is not its text.
    (('<table:table-cell office:value-type="string"><office:annotation><text:p>vérifier'
     "</text:p></office:annotation><text:p>Anna</text:p><text:p>Martin</text:p>"
     "</table:table-cell>"), "Anna\nMartin"),
    (('<table:table-cell office:value-type="string"><text:p>a<office:annotation><text:p>note'
     "</text:p></office:annotation>b</text:p></table:table-cell>"), "ab"),
])
def test_a_cell_of_each_kind_reads_as_shown(cell, text):
    assert read(spreadsheet([["nom"], [cell]]))[1] == [{"nom": text}]


def test_repeated_rows_and_cells_are_spread_out_and_the_blank_tail_dropped():
    rows = [
        ["nom", "ville", '<table:table-cell table:number-columns-repeated="1022"/>'],
        ('<table:table-row table:number-rows-repeated="2"><table:table-cell '
        'office:value-type="string"><text:p>Pareil</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="1023"/></table:table-row>'),
        ('<table:table-row table:number-rows-repeated="2"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'),
        ['<table:table-cell table:number-columns-repeated="1"/>', "Nantes"],
        ('<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'),
    ]
    assert read(spreadsheet(rows)) == (["nom", "ville"], [
        {"nom": "Pareil", "ville": ""}, {"nom": "Pareil", "ville": ""},
        {"nom": "", "ville": ""}, {"nom": "", "ville": ""}, {"nom": "", "ville": "Nantes"}])


def test_a_cell_repeated_across_columns_fills_each_column():
    rows = [["a", "b", "c"], [('<table:table-cell office:value-type="float" office:value="1" '
                              'table:number-columns-repeated="3"><text:p>1</text:p>'
                              "</table:table-cell>")]]
    assert read(spreadsheet(rows))[1] == [{"a": "1", "b": "1", "c": "1"}]


def test_a_merged_cells_hidden_part_is_an_empty_cell():
    rows = [["a", "b", "c"],
            [('<table:table-cell table:number-columns-spanned="2" office:value-type="string">'
             "<text:p>Fusion</text:p></table:table-cell>"),
             "<table:covered-table-cell/>", "fin"]]
    assert read(spreadsheet(rows))[1] == [{"a": "Fusion", "b": "", "c": "fin"}]


def test_rows_in_a_header_group_are_rows_and_cells_beyond_the_header_come_under_none():
    rows = ["<table:table-header-rows><table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{name}</text:p>'
        "</table:table-cell>" for name in ("nom",)) + "</table:table-row>"
        "</table:table-header-rows>",
        ["Anna", None, "en trop", None], ["Bruno", None]]
    assert read(spreadsheet(rows)) == (["nom"], [{"nom": "Anna", None: ["", "en trop"]},
                                                 {"nom": "Bruno"}])


def test_the_first_sheet_is_read_not_the_others():
    data = spreadsheet(sheets=[ods_sheet([["nom"], ["Première"]], name="Liste"),
                               ods_sheet([["nom"], ["Deuxième"]], name="Notes")])
    assert read(data)[1] == [{"nom": "Première"}]


@pytest.mark.parametrize("rows", [[], [[None, None], [None]]])
def test_an_empty_sheet_has_no_header(rows):
    assert read(spreadsheet(rows)) == (None, [])


def test_a_spreadsheet_without_a_sheet_has_no_header():
    assert read(spreadsheet(sheets=[])) == (None, [])


def test_the_most_cells_are_read_and_a_cell_more_refused(monkeypatch):
    """Spread-out cells count, blank ones before a filled one too; the
    blank tail, never spread out, does not."""
    rows = [["nom", '<table:table-cell table:number-columns-repeated="2"/>', "ville"],
            ('<table:table-row table:number-rows-repeated="2"><table:table-cell/>'
            "</table:table-row>"),
            ["Anna"],
            ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell/>'
            "</table:table-row>")]
    data = spreadsheet(rows)
    # 4 cells in the header, 2 blank rows, 1 cell.
    monkeypatch.setattr(workbooks, "MAX_CELLS", 7)
    assert read(data) == (["nom", "", "", "ville"], [
        {"nom": "", "": "", "ville": ""}, {"nom": "", "": "", "ville": ""},
        {"nom": "Anna", "": "", "ville": ""}])
    monkeypatch.setattr(workbooks, "MAX_CELLS", 6)
    assert refusal(data) == TOO_LARGE


def test_the_most_cells_written_are_read_and_a_cell_more_refused(monkeypatch):
    """Empty cells written one by one cost as much to parse as filled ones:
    they count even when nothing is made of them."""
    data = spreadsheet([["nom"] + [None] * 9, ["Anna"]])
    monkeypatch.setattr(workbooks, "MAX_CELLS", 11)
    assert read(data) == (["nom"], [{"nom": "Anna"}])
    monkeypatch.setattr(workbooks, "MAX_CELLS", 10)
    assert refusal(data) == TOO_LARGE


@pytest.mark.parametrize("run", [
    # A filled row or cell repeated a billion times is refused before it is made.
    ('<table:table-row table:number-rows-repeated="1000000000"><table:table-cell '
    'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'),
    ('<table:table-row><table:table-cell table:number-columns-repeated="1000000000" '
    'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'),
    ('<table:table-row><table:table-cell table:number-columns-repeated="1000000000"/>'
    '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    "</table:table-row>"),
])
def test_a_repeated_run_past_the_limit_is_refused_before_it_is_spread_out(run):
    assert refusal(spreadsheet([["nom"], run])) == TOO_LARGE


def test_the_largest_size_opened_is_read_and_a_byte_more_refused(monkeypatch):
    data = spreadsheet([["nom"], ["Anna"]])
    unzipped = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(workbooks, "MAX_UNZIPPED", unzipped)
    assert read(data)[1] == [{"nom": "Anna"}]
    monkeypatch.setattr(workbooks, "MAX_UNZIPPED", unzipped - 1)
    assert refusal(data) == TOO_LARGE


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
          b"<office:document-content " + ODS_NAMESPACES.encode() + b"><office:body>"
          b'<office:spreadsheet><table:table table:name="a"><table:table-row>'
          b"<table:table-cell><text:p>&lol2;</text:p></table:table-cell></table:table-row>"
          b"</table:table></office:spreadsheet></office:body></office:document-content>")


@pytest.mark.parametrize("content", [
    LAUGHS,
    b"<office:document-content><office:body>",
    b"not xml",
    # A number or a date that is none.
    b"<office:document-content " + ODS_NAMESPACES.encode() + b"><office:body>"
    b'<office:spreadsheet><table:table table:name="a"><table:table-row><table:table-cell '
    b'office:value-type="float" office:value="beaucoup"/></table:table-row></table:table>'
    b"</office:spreadsheet></office:body></office:document-content>",
    b"<office:document-content " + ODS_NAMESPACES.encode() + b"><office:body>"
    b'<office:spreadsheet><table:table table:name="a"><table:table-row><table:table-cell '
    b'office:value-type="date" office:date-value="mardi"/></table:table-row></table:table>'
    b"</office:spreadsheet></office:body></office:document-content>",
    b"<office:document-content " + ODS_NAMESPACES.encode() + b"><office:body>"
    b'<office:spreadsheet><table:table table:name="a"><table:table-row '
    b'table:number-rows-repeated="deux"><table:table-cell office:value-type="string">'
    b"<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    b"</office:spreadsheet></office:body></office:document-content>",
])
def test_a_spreadsheet_that_cannot_be_read_safely_is_refused_in_words(content):
    assert refusal(spreadsheet(content=content)) == UNREADABLE


def test_a_spreadsheet_without_its_content_is_refused_in_words():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert refusal(out.getvalue()) == UNREADABLE


@pytest.mark.parametrize("mimetype", [b"application/vnd.oasis.opendocument.text",
                                      b"application/vnd.oasis.opendocument.spreadsheet-template"])
def test_another_opendocument_file_is_the_csv_readers_refusal(mimetype):
    assert refusal(spreadsheet([["nom"], ["Anna"]], mimetype=mimetype)) == ("spreadsheet", [
        ("This file's format cannot be read here: save it as a spreadsheet (.ods or .xlsx) or "
        "as CSV (UTF-8) and import that file.")])


def test_a_mimetype_with_a_trailing_newline_is_still_a_spreadsheet():
    data = spreadsheet([["nom"], ["Anna"]],
                       mimetype=b"application/vnd.oasis.opendocument.spreadsheet\n")
    assert read(data)[1] == [{"nom": "Anna"}]


def spaces(count: int) -> str:
    return f'<text:s text:c="{count}"/>'


@pytest.mark.parametrize(("paragraphs", "length"), [
    ([spaces(32_767)], 32_767),
    ([f"a{spaces(32_766)}"], 32_767),
    (["a", spaces(32_765)], 32_767),  # "a", a line break, the spaces
    ([f"ab<text:span>{spaces(32_765)}</text:span>"], 32_767),
])
def test_a_cell_of_the_most_characters_is_read(paragraphs, length):
    cell = ('<table:table-cell office:value-type="string">'
            + "".join(f"<text:p>{paragraph}</text:p>" for paragraph in paragraphs)
            + "</table:table-cell>")
    assert len(read(spreadsheet([["nom"], [cell]]))[1][0]["nom"]) == length


@pytest.mark.parametrize("paragraphs", [
    [spaces(32_768)],
    [f"a{spaces(32_767)}"],
    ["a", spaces(32_766)],
    [f"ab<text:span>{spaces(32_766)}</text:span>"],
    # A count of spaces is the file's word, not its size: never spread out.
    [spaces(10**12)],
])
def test_a_cell_of_a_character_more_is_refused_before_it_is_made(paragraphs):
    cell = ('<table:table-cell office:value-type="string">'
            + "".join(f"<text:p>{paragraph}</text:p>" for paragraph in paragraphs)
            + "</table:table-cell>")
    assert refusal(spreadsheet([["nom"], [cell]])) == TOO_LARGE


def test_a_table_inside_a_cell_does_not_end_the_sheet():
    inner = ('<table:table-cell><table:table table:name="dedans"><table:table-row>'
             '<table:table-cell office:value-type="string"><text:p>dedans</text:p>'
             "</table:table-cell></table:table-row></table:table></table:table-cell>")
    assert read(spreadsheet([["nom"], [inner], ["après"]])) == (
        ["nom"], [{"nom": ""}, {"nom": "après"}])


def test_a_sheet_larger_than_a_read_of_the_file_keeps_every_row_whole():
    """The XML is parsed in pieces: a row is taken once it has ended, never
    while its cells are still to come."""
    rows = [["nom", "note"]] + [[f"Personne {n}", "x" * 500] for n in range(300)]
    data = spreadsheet(rows)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("content.xml").file_size > 100_000
    assert read(data)[1] == [{"nom": f"Personne {n}", "note": "x" * 500} for n in range(300)]


def test_blank_rows_written_one_by_one_are_each_a_row():
    assert read(spreadsheet([["nom"], [None], [None, None], ["Anna"]]))[1] == [
        {"nom": ""}, {"nom": ""}, {"nom": "Anna"}]


def test_blank_cells_written_one_by_one_are_each_a_column():
    assert read(spreadsheet([["a", "b", "c"], [None, None, "c"]]))[1] == [
        {"a": "", "b": "", "c": "c"}]


def test_an_element_of_another_kind_in_a_row_is_passed_over():
    foreign = '<x:note xmlns:x="urn:example:extension">ignorée</x:note>'
    assert read(spreadsheet([["a", "b"], [foreign, "un", "deux"]]))[1] == [
        {"a": "un", "b": "deux"}]


def test_a_row_of_exactly_the_cells_left_is_made(monkeypatch):
    run = ('<table:table-cell office:value-type="string" table:number-columns-repeated="4">'
           "<text:p>x</text:p></table:table-cell>")
    data = spreadsheet([["a"], [run]])
    monkeypatch.setattr(workbooks, "MAX_CELLS", 5)  # the header's cell, and four
    assert read(data)[1] == [{"a": "x", None: ["x", "x", "x"]}]
    monkeypatch.setattr(workbooks, "MAX_CELLS", 4)
    assert refusal(data) == TOO_LARGE


@pytest.mark.parametrize("row", [
    # A negative count would take from the cells counted and let the next
    # run past the limit.
    [('<table:table-cell table:number-columns-repeated="-1000000000" '
     'office:value-type="string"><text:p>x</text:p></table:table-cell>'),
     ('<table:table-cell table:number-columns-repeated="1000000000" '
     'office:value-type="string"><text:p>y</text:p></table:table-cell>')],
    [('<table:table-cell table:number-columns-repeated="0" office:value-type="string">'
     "<text:p>x</text:p></table:table-cell>")],
    ('<table:table-row table:number-rows-repeated="-3"><table:table-cell '
    'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'),
])
def test_a_repeat_count_below_one_is_refused_as_unreadable(row):
    assert refusal(spreadsheet([["nom"], row])) == UNREADABLE


def test_a_repeat_count_of_one_is_read():
    cell = ('<table:table-cell table:number-columns-repeated="1" office:value-type="string">'
            "<text:p>x</text:p></table:table-cell>")
    row = ('<table:table-row table:number-rows-repeated="1"><table:table-cell '
           'office:value-type="string"><text:p>y</text:p></table:table-cell></table:table-row>')
    assert read(spreadsheet([["nom"], [cell], row]))[1] == [{"nom": "x"}, {"nom": "y"}]
