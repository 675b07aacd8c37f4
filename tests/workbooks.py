"""Spreadsheets for the import tests: `workbook([[header...], [row...]])`
is an Excel workbook's bytes, written by openpyxl as Excel saves it;
`spreadsheet([[header...], [row...]])` an OpenDocument spreadsheet's, as
LibreOffice saves it (written here: the project reads .ods without a
library, terreau/workbooks.py)."""

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

import openpyxl


def workbook(rows, *, before=None, active=None) -> bytes:
    """A workbook whose first sheet holds `rows` (None: an empty cell).
    `before`: rows of another sheet placed first (then `rows` are in the
    second sheet); `active`: the index of the sheet shown on opening."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Liste"
    for row in rows:
        sheet.append(list(row))
    if before is not None:
        first = book.create_sheet("Notes", 0)
        for row in before:
            first.append(list(row))
    if active is not None:
        book.active = active
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def opened(data: bytes) -> openpyxl.Workbook:
    """The workbook of `data` as a spreadsheet opens it: formulas as written,
    notes, formats and drop-down lists included."""
    return openpyxl.load_workbook(io.BytesIO(data))


def filled(template: bytes, rows) -> bytes:
    """`template` with `rows` typed into its first sheet under the header,
    as an agent fills it in and saves it."""
    book = opened(template)
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- OpenDocument spreadsheets (.ods), as LibreOffice saves them ------------------------

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_cell(value) -> str:
    """One <table:table-cell> holding `value` typed as LibreOffice types it."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        shown = "VRAI" if value else "FAUX"
        return (f'<table:table-cell office:value-type="boolean" '
                f'office:boolean-value="{str(value).lower()}"><text:p>{shown}</text:p>'
                "</table:table-cell>")
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, dt.date):
        return (f'<table:table-cell office:value-type="date" '
                f'office:date-value="{value.isoformat()}"><text:p>{value:%d/%m/%Y}</text:p>'
                "</table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
            "</table:table-cell>")


def ods_sheet(rows, name="Liste") -> str:
    """A <table:table> of `rows`; a row or cell given as a str is written as is."""
    body = "".join(
        row if isinstance(row, str)
        else "<table:table-row>" + "".join(
            cell if isinstance(cell, str) and cell.startswith("<") else ods_cell(cell)
            for cell in row) + "</table:table-row>"
        for row in rows)
    return f'<table:table table:name="{name}">{body}</table:table>'


def spreadsheet(rows=None, *, sheets=None, content=None,
                mimetype=b"application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    """An OpenDocument spreadsheet whose first sheet holds `rows` (or whose
    sheets are the `sheets` given as ods_sheet() text, or whose content.xml
    is `content`, bytes, as is)."""
    if content is None:
        tables = "".join(sheets) if sheets is not None else ods_sheet(rows)
        content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                   f'{ODS_NAMESPACES} office:version="1.3"><office:body><office:spreadsheet>'
                   f"{tables}</office:spreadsheet></office:body></office:document-content>"
                   ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first, stored
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml",
                         '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return out.getvalue()


def ods_filled(template: bytes, rows) -> bytes:
    """The .ods `template` with `rows` typed into its first sheet under the
    header, as LibreOffice saves it: the filled rows, then the blank rows
    left of the template's."""
    archive = zipfile.ZipFile(io.BytesIO(template))
    content = archive.read("content.xml").decode()
    blank = content.index("<table:table-row table:number-rows-repeated=")
    typed = "".join("<table:table-row>" + "".join(ods_cell(cell) for cell in row)
                    + "</table:table-row>" for row in rows)
    content = content[:blank] + typed + content[blank:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in archive.infolist():
            data = content.encode() if info.filename == "content.xml" else archive.read(info)
            copy.writestr(info, data)
    return out.getvalue()
