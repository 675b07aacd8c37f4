"""No cell of an export can be read as a formula by a spreadsheet."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terreau.spreadsheets import FORMULA_STARTS, LEADING_BLANKS, csv_writer, safe_cell


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
