"""An import's template as an Excel workbook (terreau/spreadsheets.py,
xlsx_template_response): the sheet the import reads, what each column
takes, the drop-down lists, and text kept as text."""

import io
import zipfile

import pytest
from django.utils import translation

from terreau.spreadsheets import (
    XLSX_CONTENT_TYPE,
    TemplateColumn,
    import_rows,
    xlsx_template_response,
)
from tests.workbooks import filled, opened

COLUMNS = [
    TemplateColumn("name", "The person's name."),
    TemplateColumn("age_band", "Their age band.", choices=("-25", "=1+1", "25-59", "60+")),
    TemplateColumn("idea", "A choice or its number.", choices=("Yes", "No"), strict=False),
    TemplateColumn("image", "A number from 1 to 5.", between=(1, 5)),
]


def template(columns=COLUMNS, *, rows=100, language="en"):
    with translation.override(language):
        return xlsx_template_response("list.xlsx", columns, title="Candidates", rows=rows)


def validations(sheet):
    """{range: (type, operator, formula1, formula2, error style, error shown, blank allowed)}."""
    return {str(v.sqref): (v.type, v.operator, v.formula1, v.formula2, v.errorStyle,
                           v.showErrorMessage, v.allow_blank)
            for v in sheet.data_validations.dataValidation}


def test_it_is_an_excel_download_named_as_asked():
    response = template()
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="list.xlsx"'


def test_the_first_sheet_is_the_header_the_import_reads_with_what_each_column_takes():
    book = opened(template().content)
    assert book.sheetnames == ["Candidates", "How to fill it in", "Lists"]
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["name", "age_band", "idea", "image"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"  # the header stays in view while scrolling
    assert [cell.comment.text for cell in sheet[1]] == [
        "The person's name.", "Their age band.", "A choice or its number.",
        "A number from 1 to 5."]
    assert sheet["A1"].comment.author == "Terreau"
    # Each note is large enough to read without resizing it (its box is drawn
    # in VML, which openpyxl does not read back).
    drawing = zipfile.ZipFile(io.BytesIO(template().content)).read(
        "xl/drawings/commentsDrawing1.vml").decode()
    assert drawing.count("width:300px;") == drawing.count("height:120px;") == 4
    assert sheet.max_row == 1  # nothing to delete before filling it in


def test_the_second_sheet_lists_each_column_and_what_to_write_in_the_users_language():
    guide = opened(template(language="fr").content)["Comment le remplir"]
    assert [[cell.value for cell in row] for row in guide.iter_rows()] == [
        ["Colonne", "Ce qu’il faut écrire"],
        ["name", "The person's name."],
        ["age_band", "Their age band."],
        ["idea", "A choice or its number."],
        ["image", "A number from 1 to 5."],
    ]
    assert all(cell.font.b for cell in guide[1]) and not guide["A2"].font.b
    assert {(cell.alignment.wrap_text, cell.alignment.vertical) for cell in guide["B"][1:]} == {
        (True, "top")}  # a long help wraps within its column
    assert (guide.column_dimensions["A"].width, guide.column_dimensions["B"].width) == (24, 80)


@pytest.mark.parametrize("key,width", [
    ("name", 16),       # at least 16 wide
    ("x" * 12, 16),
    ("x" * 13, 17),     # else the header's length and 4 more
    ("x" * 36, 40),
    ("x" * 37, 40),     # at most 40
])
def test_each_column_is_as_wide_as_its_header_within_bounds(key, width):
    sheet = opened(template([TemplateColumn(key, "")]).content).worksheets[0]
    assert sheet.column_dimensions["A"].width == width
    assert sheet["A1"].comment is None  # no empty note


def test_each_column_takes_what_the_import_takes_on_every_row_it_reads():
    book = opened(template(rows=100).content)
    sheet = book.worksheets[0]
    assert validations(sheet) == {
        "B2:B101": ("list", None, "'Lists'!$B$1:$B$4", None, "stop", True, True),
        "C2:C101": ("list", None, "'Lists'!$C$1:$C$2", None, "warning", True, True),
        # No operator is "between", the spreadsheet's default.
        "D2:D101": ("whole", None, "1", "5", None, True, True),
    }
    errors = {str(v.sqref): v.error for v in sheet.data_validations.dataValidation}
    assert errors == {
        "B2:B101": "Choose one of the list.",
        "C2:C101": "This is not one of the list: check it before importing.",
        "D2:D101": "Enter a whole number from 1 to 5.",
    }
    lists = book["Lists"]
    assert lists.sheet_state == "hidden"
    assert [cell.value for cell in lists["B"]] == ["-25", "=1+1", "25-59", "60+"]
    assert [cell.value for cell in lists["C"]][:2] == ["Yes", "No"]


def test_a_free_column_is_text_so_that_a_leading_zero_stays():
    sheet = opened(template().content).worksheets[0]
    assert sheet.column_dimensions["A"].number_format == "@"
    # A number's column is not text: the whole-number check reads numbers.
    assert [sheet.column_dimensions[c].number_format for c in "BCD"] == ["General"] * 3


def test_a_text_that_starts_like_a_formula_is_written_as_text():
    book = opened(template().content)
    cell = book["Lists"]["B2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    header = opened(template([TemplateColumn("=cmd", "-1")]).content)
    assert header.worksheets[0]["A1"].data_type == "s"
    assert header["How to fill it in"]["B2"].data_type == "s"


def test_without_a_list_there_is_no_hidden_sheet():
    book = opened(template([TemplateColumn("name", "The name.")]).content)
    assert book.sheetnames == ["Candidates", "How to fill it in"]
    assert validations(book.worksheets[0]) == {}


@pytest.mark.parametrize("title,shown", [
    ("C" * 31, "C" * 31),
    ("C" * 32, "C" * 31),  # a sheet's name holds 31 characters
])
def test_the_sheet_takes_its_title_within_what_a_spreadsheet_allows(title, shown):
    response = xlsx_template_response("x.xlsx", COLUMNS, title=title, rows=1)
    assert opened(response.content).sheetnames[0] == shown


def test_the_filled_in_template_imports_as_typed():
    data = filled(template().content, [["Anna", "-25", "Yes", 3], ["Zoé", None, "2", None]])
    rows = import_rows(data)
    assert rows.fieldnames == ["name", "age_band", "idea", "image"]
    assert list(rows) == [
        {"name": "Anna", "age_band": "-25", "idea": "Yes", "image": "3"},
        {"name": "Zoé", "age_band": "", "idea": "2", "image": ""},
    ]
