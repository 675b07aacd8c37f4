"""Excel workbooks for the import tests, written by openpyxl as Excel saves
them: `workbook([[header...], [row...]])` is the .xlsx file's bytes."""

import io

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
