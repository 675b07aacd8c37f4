"""An import's template as an OpenDocument spreadsheet (terreau/ods_template.py,
ods_template_response): what the Excel template says, in LibreOffice's own
format. Read here as LibreOffice reads it: the XML of content.xml and
settings.xml, and the first sheet through the import's own reader."""

import io
import zipfile
from xml.etree import ElementTree

import pytest
from django.utils import translation

from terreau.ods_template import ODS_CONTENT_TYPE, ods_template, sheet_address
from terreau.spreadsheets import TemplateColumn, import_rows, template_response
from tests.workbooks import ods_filled

COLUMNS = [
    TemplateColumn("name", "The person's name.\nAs they write it."),
    TemplateColumn("age_band", "Their age band.", choices=("-25", "=1+1", 'The "60+"')),
    TemplateColumn("idea", "A choice or its number.", choices=("Yes", "No"), strict=False),
    TemplateColumn("image", "A number from 1 to 5.", between=(1, 5)),
]
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
}


def _(name):
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def template(columns=COLUMNS, *, rows=100, language="en", title="Candidates") -> bytes:
    with translation.override(language):
        return ods_template(columns, title=title, rows=rows)


def part(data, name) -> ElementTree.Element:
    return ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def tables(data):
    return part(data, "content.xml").findall(".//table:table", NS)


def paragraphs(element) -> str:
    return "\n".join("".join(p.itertext()) for p in element.findall("text:p", NS))


def cells(row):
    return row.findall("table:table-cell", NS)


# --- The file ------------------------------------------------------------------------------


def test_it_is_an_opendocument_download_named_as_asked():
    with translation.override("en"):
        response = template_response("ods", "list.ods", COLUMNS, title="Candidates", rows=10)
    assert response.status_code == 200
    assert response["Content-Type"] == ODS_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="list.ods"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    # The first part, uncompressed, says what the file is (ODF 1.2, part 3, 3.3).
    first = archive.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert archive.read("mimetype") == ODS_CONTENT_TYPE.encode()
    manifest = archive.read("META-INF/manifest.xml").decode()
    for name in ("content.xml", "settings.xml"):
        assert f'manifest:full-path="{name}"' in manifest


def test_no_text_stands_outside_a_paragraph_or_a_setting():
    """Text between elements is not shown, but it is not an OpenDocument
    file's either: every word is in a paragraph, a note's author or a setting."""
    holders = {f"{{{NS['text']}}}p", f"{{{NS['dc']}}}creator", f"{{{NS['config']}}}config-item"}
    for data, name in [(data, name)
                       for data in (template(), template([TemplateColumn("name")]))
                       for name in ("content.xml", "settings.xml", "META-INF/manifest.xml")]:
        for element in part(data, name).iter():
            if element.tag not in holders:
                assert not (element.text or "").strip(), (name, element.tag, element.text)
            assert not (element.tail or "").strip(), (name, element.tag, element.tail)


def test_its_parts_are_compressed_but_the_first():
    archive = zipfile.ZipFile(io.BytesIO(template()))
    assert [(i.filename, i.compress_type) for i in archive.infolist()] == [
        ("mimetype", zipfile.ZIP_STORED), ("content.xml", zipfile.ZIP_DEFLATED),
        ("settings.xml", zipfile.ZIP_DEFLATED), ("META-INF/manifest.xml", zipfile.ZIP_DEFLATED)]


def test_the_other_formats_are_still_given_by_their_extension():
    with translation.override("en"):
        xlsx = template_response("xlsx", "l.xlsx", COLUMNS, title="Candidates", rows=10)
        csv = template_response("csv", "l.csv", COLUMNS, title="Candidates", rows=10)
    assert xlsx.content.startswith(b"PK") and "xl/workbook.xml" in zipfile.ZipFile(
        io.BytesIO(xlsx.content)).namelist()
    assert csv.content.decode("utf-8") == "\ufeffname,age_band,idea,image\r\n"


def test_the_import_reads_its_header_and_nothing_else_until_it_is_filled_in():
    empty = import_rows(template())
    assert empty.fieldnames == ["name", "age_band", "idea", "image"]
    assert list(empty) == []

    filled = import_rows(ods_filled(template(), [["Jean Martin", "-25", "Yes", 3]]))
    assert list(filled) == [{"name": "Jean Martin", "age_band": "-25", "idea": "Yes",
                             "image": "3"}]


# --- The first sheet ------------------------------------------------------------------------


def test_the_first_sheet_is_the_header_each_cell_bold_with_a_note_saying_what_to_write():
    sheet = tables(template())[0]
    assert sheet.get(_("table:name")) == "Candidates"
    header = sheet.findall("table:table-row", NS)[0]
    assert [paragraphs(cell) for cell in cells(header)] == [
        "name", "age_band", "idea", "image"]
    assert {cell.get(_("office:value-type")) for cell in cells(header)} == {"string"}
    assert {cell.get(_("table:style-name")) for cell in cells(header)} == {"ce_head"}
    bold = part(template(), "content.xml").find(
        ".//style:style[@style:name='ce_head']/style:text-properties", NS)
    assert bold.get(_("fo:font-weight")) == "bold"
    notes = [cell.find("office:annotation", NS) for cell in cells(header)]
    assert [paragraphs(note) for note in notes] == [
        "The person's name.\nAs they write it.", "Their age band.", "A choice or its number.",
        "A number from 1 to 5."]
    assert {note.find("dc:creator", NS).text for note in notes} == {"Terreau"}
    # As large as the Excel template's note, readable without resizing it.
    assert {(note.get(_("svg:width")), note.get(_("svg:height"))) for note in notes} == {
        ("7.9cm", "3.2cm")}


def test_a_note_is_left_out_where_a_column_says_nothing():
    sheet = tables(template([TemplateColumn("code")]))[0]
    header = sheet.findall("table:table-row", NS)[0]
    assert cells(header)[0].find("office:annotation", NS) is None


def _settings_tree(element):
    """The settings as LibreOffice reads them: {name: (type, value)} of each
    item, {name: [...]} of each map, in their order."""
    read = []
    for child in element:
        name, tag = child.get(_("config:name")), child.tag.split("}")[1]
        if tag == "config-item":
            read.append((name, child.get(_("config:type")), child.text))
        else:
            read.append((tag, name, _settings_tree(child)))
    return read


def test_the_header_stays_in_view_and_the_first_sheet_opens():
    settings = part(template(), "settings.xml")
    assert _settings_tree(settings) == [("settings", None, [
        ("config-item-set", "ooo:view-settings", [
            ("config-item-map-indexed", "Views", [("config-item-map-entry", None, [
                ("ViewId", "string", "view1"),
                ("config-item-map-named", "Tables", [("config-item-map-entry", "Candidates", [
                    ("HorizontalSplitMode", "short", "0"),  # no column frozen
                    ("VerticalSplitMode", "short", "2"),  # rows frozen above the split...
                    ("HorizontalSplitPosition", "int", "0"),
                    ("VerticalSplitPosition", "int", "1"),  # ... which is under row 1
                    ("ActiveSplitRange", "short", "2"),  # the pane under it is the active one
                    ("PositionLeft", "int", "0"), ("PositionRight", "int", "0"),
                    ("PositionTop", "int", "0"), ("PositionBottom", "int", "1"),
                ])]),
                ("ActiveTable", "string", "Candidates"),
            ])]),
        ]),
    ])]
    assert settings.get(_("office:version")) == "1.3"


@pytest.mark.parametrize("rows", [1, 100, 5000])
def test_the_rows_to_fill_in_are_the_rows_asked_each_cell_checked_by_its_column(rows):
    sheet = tables(template(rows=rows))[0]
    header, blank = sheet.findall("table:table-row", NS)
    assert blank.get(_("table:number-rows-repeated")) == str(rows)
    assert [cell.get(_("table:content-validation-name")) for cell in cells(blank)] == [
        None, "check2", "check3", "check4"]
    assert len(cells(header)) == len(cells(blank)) == 4


def test_a_column_of_free_text_keeps_what_is_typed_as_text_and_only_it():
    data = template()
    columns = tables(data)[0].findall("table:table-column", NS)
    assert [column.get(_("table:default-cell-style-name")) for column in columns] == [
        "ce_text", None, None, None]
    assert [column.get(_("table:style-name")) for column in columns] == [
        "co1", "co2", "co3", "co4"]
    content = part(data, "content.xml")
    text = content.find(".//style:style[@style:name='ce_text']", NS)
    assert text.get(_("style:data-style-name")) == "N_text"
    assert content.find(".//number:text-style[@style:name='N_text']/number:text-content",
                        NS) is not None


@pytest.mark.parametrize("key,width", [("name", "4.00cm"), ("k" * 20, "6.00cm"),
                                       ("k" * 50, "10.00cm")])
def test_a_column_is_as_wide_as_its_header_within_bounds(key, width):
    content = part(template([TemplateColumn(key)]), "content.xml")
    style = content.find(
        ".//style:style[@style:name='co1']/style:table-column-properties", NS)
    assert style.get(_("style:column-width")) == width


# --- What each column takes -------------------------------------------------------------------


def validations(data) -> dict:
    """{name: (condition, drop-down, empty allowed, base cell, message type, message)}."""
    found = {}
    for check in part(data, "content.xml").findall(".//table:content-validation", NS):
        error = check.find("table:error-message", NS)
        found[check.get(_("table:name"))] = (
            check.get(_("table:condition")), check.get(_("table:display-list")),
            check.get(_("table:allow-empty-cell")), check.get(_("table:base-cell-address")),
            error.get(_("table:message-type")), error.get(_("table:display")),
            paragraphs(error))
    return found


def test_each_column_checks_what_it_takes_in_the_users_language():
    assert validations(template(language="fr")) == {
        "check2": ('of:cell-content-is-in-list("-25";"=1+1";"The ""60+""")', "unsorted",
                   "true", "'Candidates'.B2", "stop", "true",
                   "Choisissez une valeur de la liste."),
        "check3": ('of:cell-content-is-in-list("Yes";"No")', "unsorted", "true",
                   "'Candidates'.C2", "warning", "true",
                   "Cette valeur n’est pas dans la liste : vérifiez-la avant l’import."),
        "check4": ("of:cell-content-is-whole-number() and cell-content-is-between(1,5)", None,
                   "true", "'Candidates'.D2", "stop", "true",
                   "Saisissez un nombre entier de 1 à 5."),
    }


def test_a_template_of_free_text_has_no_checks():
    data = template([TemplateColumn("name"), TemplateColumn("email")])
    assert part(data, "content.xml").find(".//table:content-validations", NS) is None


def test_a_sheets_name_is_quoted_as_a_formula_quotes_it():
    assert sheet_address("Candidats d'Arles", "B2") == "'Candidats d''Arles'.B2"


def test_the_twenty_seventh_column_is_aa():
    columns = [TemplateColumn(f"c{n}", between=(0, 9)) for n in range(1, 29)]
    bases = {name: value[3] for name, value in validations(template(columns)).items()}
    assert (bases["check1"], bases["check26"], bases["check27"], bases["check28"]) == (
        "'Candidates'.A2", "'Candidates'.Z2", "'Candidates'.AA2", "'Candidates'.AB2")


# --- Text stays text ------------------------------------------------------------------------------


def test_no_text_becomes_a_formula_whatever_it_starts_with():
    data = template([TemplateColumn('=HYPERLINK("x")', "@SUM(1)\n-2", choices=("=1+1",))])
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    assert "table:formula" not in content
    header = tables(data)[0].findall("table:table-row", NS)[0]
    assert paragraphs(cells(header)[0]) == '=HYPERLINK("x")'
    assert cells(header)[0].get(_("office:value-type")) == "string"
    assert import_rows(data).fieldnames == ['=HYPERLINK("x")']


def test_markup_in_a_text_is_written_as_text():
    data = template([TemplateColumn("<b>&", "</text:p><x>", choices=("a<b",))],
                    title="A & <B>")
    sheet = tables(data)[0]
    assert sheet.get(_("table:name")) == "A & <B>"
    header = sheet.findall("table:table-row", NS)[0]
    assert paragraphs(cells(header)[0]) == "<b>&"
    assert paragraphs(cells(header)[0].find("office:annotation", NS)) == "</text:p><x>"
    assert validations(data)["check1"][0] == 'of:cell-content-is-in-list("a<b")'


def test_a_long_title_is_cut_as_a_spreadsheet_cuts_a_sheets_name():
    data = template(title="T" * 40)
    assert tables(data)[0].get(_("table:name")) == "T" * 31
    entry = part(data, "settings.xml").find(
        ".//config:config-item-map-named/config:config-item-map-entry", NS)
    assert entry.get(_("config:name")) == "T" * 31


# --- The second sheet ---------------------------------------------------------------------------


def test_the_second_sheet_lists_each_column_and_what_to_write_in_the_users_language():
    guide = tables(template(language="fr"))[1]
    assert guide.get(_("table:name")) == "Comment le remplir"
    rows = guide.findall("table:table-row", NS)
    assert [[paragraphs(cell) for cell in cells(row)] for row in rows] == [
        ["Colonne", "Ce qu’il faut écrire"],
        ["name", "The person's name.\nAs they write it."],
        ["age_band", "Their age band."],
        ["idea", "A choice or its number."],
        ["image", "A number from 1 to 5."],
    ]
    assert [cell.get(_("table:style-name")) for cell in cells(rows[0])] == ["ce_head"] * 2
    assert [cell.get(_("table:style-name")) for cell in cells(rows[1])] == [None, "ce_wrap"]
    wrap = part(template(), "content.xml").find(
        ".//style:style[@style:name='ce_wrap']/style:table-cell-properties", NS)
    assert (wrap.get(_("fo:wrap-option")), wrap.get(_("style:vertical-align"))) == (
        "wrap", "top")
    assert len(tables(template())) == 2
    assert guide.find(".//office:annotation", NS) is None  # notes are the first sheet's
    assert [column.get(_("table:style-name"))
            for column in guide.findall("table:table-column", NS)] == ["co_key", "co_help"]
    widths = {style.get(_("style:name")): style.find("style:table-column-properties", NS).get(
        _("style:column-width")) for style in part(template(), "content.xml").iter(
            f"{{{NS['style']}}}style") if style.get(_("style:family")) == "table-column"}
    assert (widths["co_key"], widths["co_help"]) == ("6cm", "20cm")
