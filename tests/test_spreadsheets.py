"""No cell of an export can be read as a formula by a spreadsheet; an import
reads what English and French spreadsheets save."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from terreau.spreadsheets import (
    FORMULA_STARTS,
    IMPORT_MAX_BYTES,
    LEADING_BLANKS,
    csv_dict_rows,
    csv_upload_check,
    csv_writer,
    safe_cell,
)


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
     ("This is a spreadsheet's own file (.xlsx or .ods): save it as CSV (UTF-8) and import "
     "that file.")),
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
