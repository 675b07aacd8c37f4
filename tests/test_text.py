"""Text without the control characters a paste from a word processor brings
(terreau/text.py), and the imports' templates built from such text: each
format still opens, in every program that reads it."""

import io
import zipfile
from xml.etree import ElementTree

import pytest

from terreau.spreadsheets import TemplateColumn, template_response
from terreau.text import without_controls
from tests.workbooks import opened

# Every control character XML 1.0 refuses, and DEL.
REFUSED = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]


@pytest.mark.parametrize("control", REFUSED)
def test_every_control_character_goes_and_a_word_separator_becomes_a_space(control):
    expected = "Moins de 25 ans" if control in "\x0b\x0c" else "Moins de25 ans"
    assert without_controls(f"Moins de{control}25 ans") == expected


def test_tab_new_line_and_carriage_return_stay_and_so_does_every_letter():
    text = "Âge\tmoins de 25 ans\r\nplus — « 60 » ½ 😊 \u00a0\u200b"
    assert without_controls(text) == text
    assert without_controls(" ".join(chr(c) for c in range(0x20, 0x7F))) == " ".join(
        chr(c) for c in range(0x20, 0x7F))


PASTED = [
    TemplateColumn("name", "The person's\x07 name."),
    TemplateColumn("age\x01band", "Their age\x0bband.", choices=("-25\x07", "25\x1f-59")),
]


def test_an_excel_template_of_pasted_words_opens_without_them(in_english):
    book = opened(template_response("xlsx", "list.xlsx", PASTED,
                                    title="Candi\x08dates", rows=5).content)

    sheet = book.worksheets[0]
    assert sheet.title == "Candidates"
    assert [cell.value for cell in sheet[1]] == ["name", "ageband"]
    assert [cell.comment.text for cell in sheet[1]] == ["The person's name.",
                                                        "Their age band."]
    assert [row[1].value for row in book["Lists"].iter_rows()] == ["-25", "25-59"]


def test_an_opendocument_template_of_pasted_words_is_well_formed_without_them():
    data = template_response("ods", "list.ods", PASTED, title="Candi\x08dates",
                             rows=5).content

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode()
        ElementTree.fromstring(content)  # refused by the parser if one were left
        ElementTree.fromstring(archive.read("settings.xml"))
    assert 'table:name="Candidates"' in content
    assert "ageband" in content and "Their age band." in content
    assert '"-25";"25-59"' in content


def test_a_csv_template_of_pasted_words_names_its_columns_without_them(in_english):
    response = template_response("csv", "list.csv", PASTED, title="Candidates",
                                 rows=5)
    assert response.content.decode("utf-8-sig").splitlines()[0] == "name,ageband"
