"""An import's template as an OpenDocument spreadsheet (.ods), the format
LibreOffice saves by default and the one the French administrations'
interoperability framework (RGI) names for office documents they exchange.

It says what the Excel template says (terreau/spreadsheets.py,
`xlsx_template_response`), in the same three places:

- its first sheet is the one the import reads: the header row, bold and
  kept in view while scrolling (settings.xml), each header cell with a
  note (an annotation) saying what to write;
- each column's cells check what is typed: a whole number within its
  bounds, or one of its values, offered in a drop-down list, refused when
  the list is strict and only warned about otherwise; any other column is
  formatted as text, so that 01000 stays 01000;
- a second sheet lists the columns and what they take, for those who print it.

Every text is written as a string cell, never as a formula, whatever it
starts with. Written by hand, as the reader is (terreau/workbooks.py): the
library there is (odfpy) builds the whole document in memory for what is a
few kilobytes of XML here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from .workbooks import ODS_MIMETYPE

if TYPE_CHECKING:
    from .spreadsheets import TemplateColumn

ODS_CONTENT_TYPE = ODS_MIMETYPE.decode()
# A column's width per character of its header, as the Excel template sizes
# it (a width of 16 characters is about 4 cm).
CM_PER_CHARACTER = 0.25
# An annotation's box, as large as the Excel template's note (300 × 120 px).
NOTE_SIZE = ('svg:width="7.9cm"', 'svg:height="3.2cm"')

_NAMESPACES = " ".join((
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
    'xmlns:dc="http://purl.org/dc/elements/1.1/"',
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"',
))

_STYLES = """<office:automatic-styles>
<number:text-style style:name="N_text"><number:text-content/></number:text-style>
<style:style style:name="ce_text" style:family="table-cell" style:data-style-name="N_text"/>
<style:style style:name="ce_head" style:family="table-cell">\
<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" \
style:font-weight-complex="bold"/></style:style>
<style:style style:name="ce_wrap" style:family="table-cell">\
<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/></style:style>
{columns}</office:automatic-styles>"""


def _paragraphs(text: str) -> str:
    return "".join(f"<text:p>{escape(line)}</text:p>" for line in str(text).split("\n"))


def _string_cell(value, *, style: str = "", note: str = "") -> str:
    styled = f' table:style-name="{style}"' if style else ""
    annotation = ""
    if note:
        annotation = (f"<office:annotation {' '.join(NOTE_SIZE)}><dc:creator>Terreau</dc:creator>"
                      f"{_paragraphs(note)}</office:annotation>")
    return (f'<table:table-cell{styled} office:value-type="string">'
            f"{annotation}{_paragraphs(value)}</table:table-cell>")


def _list_item(choice: str) -> str:
    """A value of an inline list in OpenFormula: a string, quotes doubled."""
    return '"' + str(choice).replace('"', '""') + '"'


def sheet_address(title: str, cell: str) -> str:
    """`cell` of the sheet `title`, quoted as OpenFormula quotes a sheet's name."""
    return "'" + title.replace("'", "''") + "'." + cell


def _validation(name: str, column: TemplateColumn, base: str) -> str | None:
    """The check of a column's cells (None when it takes any text)."""
    if column.between is not None:
        low, high = column.between
        # As LibreOffice writes it: the second function without its prefix.
        condition = f"of:cell-content-is-whole-number() and cell-content-is-between({low},{high})"
        listed, kind = "", "stop"
        error = _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
    elif column.choices:
        condition = ("of:cell-content-is-in-list("
                     + ";".join(_list_item(choice) for choice in column.choices) + ")")
        listed = ' table:display-list="unsorted"'
        kind = "stop" if column.strict else "warning"
        error = (_("Choose one of the list.") if column.strict
                 else _("This is not one of the list: check it before importing."))
    else:
        return None
    return (f'<table:content-validation table:name="{name}" table:condition={quoteattr(condition)}'
            f' table:allow-empty-cell="true"{listed} table:base-cell-address={quoteattr(base)}>'
            f'<table:error-message table:message-type="{kind}" table:display="true">'
            f"{_paragraphs(error)}</table:error-message></table:content-validation>")


def _content(columns: Sequence[TemplateColumn], *, title: str, rows: int) -> str:
    from openpyxl.utils import get_column_letter  # only a template needs it

    widths, checks, heads, blanks, defaults = [], [], [], [], []
    for index, column in enumerate(columns, start=1):
        width = min(max(len(column.key) + 4, 16), 40) * CM_PER_CHARACTER
        widths.append(
            f'<style:style style:name="co{index}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width:.2f}cm"/></style:style>')
        base = sheet_address(title, f"{get_column_letter(index)}2")
        check = _validation(f"check{index}", column, base)
        if check is not None:
            checks.append(check)
            blanks.append(f'<table:table-cell table:content-validation-name="check{index}"/>')
            defaults.append("")
        else:
            blanks.append("<table:table-cell/>")
            defaults.append(' table:default-cell-style-name="ce_text"')
        heads.append(_string_cell(column.key, style="ce_head", note=column.help))
    widths.append('<style:style style:name="co_key" style:family="table-column">'
                  '<style:table-column-properties style:column-width="6cm"/></style:style>\n'
                  '<style:style style:name="co_help" style:family="table-column">'
                  '<style:table-column-properties style:column-width="20cm"/></style:style>\n')
    sheet = "".join((
        f"<table:table table:name={quoteattr(title)}>",
        *(f'<table:table-column table:style-name="co{index}"{default}/>'
          for index, default in enumerate(defaults, start=1)),
        "<table:table-row>", *heads, "</table:table-row>",
        f'<table:table-row table:number-rows-repeated="{rows}">', *blanks, "</table:table-row>",
        "</table:table>",
    ))
    guide = "".join((
        f"<table:table table:name={quoteattr(_('How to fill it in'))}>",
        '<table:table-column table:style-name="co_key"/>',
        '<table:table-column table:style-name="co_help" table:default-cell-style-name="ce_wrap"/>',
        "<table:table-row>", _string_cell(_("Column"), style="ce_head"),
        _string_cell(_("What to write"), style="ce_head"), "</table:table-row>",
        *(f"<table:table-row>{_string_cell(column.key)}"
          f"{_string_cell(column.help, style='ce_wrap')}</table:table-row>" for column in columns),
        "</table:table>",
    ))
    validations = ("<table:content-validations>" + "".join(checks)
                   + "</table:content-validations>") if checks else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document-content {_NAMESPACES} office:version="1.3">'
            + _STYLES.format(columns="\n".join(widths))
            + f"<office:body><office:spreadsheet>{validations}{sheet}{guide}"
            + "</office:spreadsheet></office:body></office:document-content>")


def _settings(title: str) -> str:
    """The view a spreadsheet opens on: the first sheet, its header row frozen."""
    def item(name, kind, value):
        return (f'<config:config-item config:name="{name}" config:type="{kind}">{value}'
                "</config:config-item>")

    frozen = "".join((
        item("HorizontalSplitMode", "short", 0), item("VerticalSplitMode", "short", 2),
        item("HorizontalSplitPosition", "int", 0), item("VerticalSplitPosition", "int", 1),
        item("ActiveSplitRange", "short", 2), item("PositionLeft", "int", 0),
        item("PositionRight", "int", 0), item("PositionTop", "int", 0),
        item("PositionBottom", "int", 1),
    ))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" office:version="1.3">'
        '<office:settings><config:config-item-set config:name="ooo:view-settings">'
        '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
        + item("ViewId", "string", "view1")
        + '<config:config-item-map-named config:name="Tables">'
        f"<config:config-item-map-entry config:name={quoteattr(title)}>{frozen}"
        "</config:config-item-map-entry></config:config-item-map-named>"
        + item("ActiveTable", "string", escape(title))
        + "</config:config-item-map-entry></config:config-item-map-indexed>"
        "</config:config-item-set></office:settings></office:document-settings>"
    )


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.3">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3"'
    f' manifest:media-type="{ODS_CONTENT_TYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_template(columns: Sequence[TemplateColumn], *, title: str, rows: int) -> bytes:
    """The .ods file an import expects, to fill in `rows` rows."""
    title = title[:31]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # First and uncompressed, so that a program knows the file by its
        # first bytes (ODF 1.2, part 3, 3.3).
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_CONTENT_TYPE,
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", _content(columns, title=title, rows=rows))
        archive.writestr("settings.xml", _settings(title))
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return out.getvalue()
