"""What every CSV export and every import of the platform shares.

Exports: no formula injection. A cell that a spreadsheet could read as a
formula (OWASP "CSV injection") is prefixed with an apostrophe, which
spreadsheets show as text. Exports write through `csv_writer()`, which
neutralises every text cell, so no export can forget one.

Imports: `import_rows()` reads a spreadsheet's own file as it is (its first
sheet: an OpenDocument spreadsheet, .ods, or an Excel workbook, .xlsx:
terreau/workbooks.py), or what a spreadsheet saves as CSV (`csv_dict_rows()`): UTF-8
with or without its byte-order mark, the columns separated by commas
(English spreadsheets), semicolons (French ones) or tabs. An import offers
its template three ways: `csv_template_response()`, the header row alone,
`xlsx_template_response()`, a workbook that also says what each column
takes and offers the allowed values in a drop-down list, and
`ods_template_response()`, the same as an OpenDocument spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import workbooks
from .ods_template import ODS_CONTENT_TYPE, ods_template
from .text import without_controls
from .workbooks import OdsRows, XlsxRows

# The characters that start a formula or a DDE call in Excel, LibreOffice or
# Google Sheets, their full-width forms (which some spreadsheets fold to the
# ASCII ones), and the control characters that start a new cell or line.
FORMULA_STARTS = frozenset("=+-@|\t\r\n" "＝＋－＠｜")
# Leading blanks do not protect a formula in every spreadsheet.
LEADING_BLANKS = " \u00a0\u3000"
# The largest CSV file a form takes: thousands of rows, far from a memory risk.
IMPORT_MAX_BYTES = 2 * 1024 * 1024
# What a spreadsheet separates columns with: English, French, "text" exports.
DELIMITERS = (",", ";", "\t")
# How .xlsx and .ods files start (both are zip archives).
ZIP_MAGIC = b"PK\x03\x04"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: str) -> str:
    """The text of `value`, as text even when a spreadsheet opens it."""
    if value.lstrip(LEADING_BLANKS)[:1] in FORMULA_STARTS:
        return f"'{value}"
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def _cell(value):
    if isinstance(value, Promise):
        value = str(value)
    return safe_cell(value) if isinstance(value, str) else value


def csv_writer(stream, **kwargs) -> _SafeWriter:
    """`csv.writer(stream, **kwargs)` whose every text cell goes through safe_cell()."""
    return _SafeWriter(csv.writer(stream, **kwargs))


def csv_template_response(filename: str, header: list[str]) -> HttpResponse:
    """The empty file an import expects, to fill in: its header row only.
    Semicolons in French (what a French spreadsheet opens in columns),
    commas otherwise; a byte-order mark so that spreadsheets read accents."""
    out = io.StringIO()
    out.write("\ufeff")
    delimiter = ";" if (get_language() or "").startswith("fr") else ","
    csv_writer(out, delimiter=delimiter).writerow(header)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class TemplateColumn:
    """A column of an import's template: its header, what to write in it,
    and what the workbook's cells take: one of `choices` from a drop-down
    list (only those when `strict`, else the list is a suggestion), a whole
    number within `between`, else text as typed (a leading zero kept)."""

    key: str
    help: str = ""
    choices: tuple[str, ...] = ()
    strict: bool = True
    between: tuple[int, int] | None = None


def xlsx_template_response(filename: str, columns: list[TemplateColumn], *, title: str,
                           rows: int) -> HttpResponse:
    """The Excel workbook an import expects, to fill in `rows` rows.

    Its first sheet (`title`) is the one the import reads: the header row,
    bold and frozen, each header cell with a note saying what to write.
    The second sheet lists the columns and what they take, for those who
    print it. Every text is written as text, never as a formula, whatever
    it starts with (a category "-25 ans", say).
    """
    from openpyxl import Workbook  # only a workbook's template needs it
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.freeze_panes = "A2"
    lists = None
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = _text_cell(sheet.cell(row=1, column=index), column.key)
        header.font = Font(bold=True)
        if column.help:
            header.comment = Comment(column.help, "Terreau", width=300, height=120)
        sheet.column_dimensions[letter].width = min(max(len(column.key) + 4, 16), 40)
        validation = None
        if column.between is not None:
            low, high = column.between
            validation = DataValidation(  # "between" is a check's default operator
                type="whole", formula1=str(low), formula2=str(high),
                error=_("Enter a whole number from %(low)d to %(high)d.")
                % {"low": low, "high": high})
        elif column.choices:
            if lists is None:
                lists = workbook.create_sheet(_("Lists"))
                lists.sheet_state = "hidden"
            for row, choice in enumerate(column.choices, start=1):
                _text_cell(lists.cell(row=row, column=index), choice)
            validation = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${len(column.choices)}",
                errorStyle="stop" if column.strict else "warning",
                error=_("Choose one of the list.") if column.strict
                else _("This is not one of the list: check it before importing."))
        else:
            sheet.column_dimensions[letter].number_format = "@"  # text: 01000 stays 01000
        if validation is not None:
            validation.allow_blank = True
            validation.showErrorMessage = True
            validation.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(validation)
    guide = workbook.create_sheet(_("How to fill it in"), index=1)
    guide.append([_("Column"), _("What to write")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for row, column in enumerate(columns, start=2):
        _text_cell(guide.cell(row=row, column=1), column.key)
        _text_cell(guide.cell(row=row, column=2), column.help).alignment = Alignment(
            wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ods_template_response(filename: str, columns: list[TemplateColumn], *, title: str,
                          rows: int) -> HttpResponse:
    """The OpenDocument spreadsheet an import expects, to fill in `rows` rows:
    what the Excel workbook says, in LibreOffice's own format
    (terreau/ods_template.py)."""
    response = HttpResponse(ods_template(columns, title=title, rows=rows),
                            content_type=ODS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def template_response(extension: str, filename: str, columns: list[TemplateColumn], *,
                      title: str, rows: int) -> HttpResponse:
    """An import's template in the format its address asks for: "ods",
    "xlsx", else the CSV header row. Its words come from what people typed
    (a council's categories, a barometer's questions): their control
    characters are dropped, which no spreadsheet file may hold."""
    title = without_controls(str(title))
    columns = [replace(column, key=without_controls(str(column.key)),
                       help=without_controls(str(column.help)),
                       choices=tuple(without_controls(str(c)) for c in column.choices))
               for column in columns]
    if extension == "ods":
        return ods_template_response(filename, columns, title=title, rows=rows)
    if extension == "xlsx":
        return xlsx_template_response(filename, columns, title=title, rows=rows)
    return csv_template_response(filename, [column.key for column in columns])


def _text_cell(cell, value):
    """Write `value` into `cell` as text, even when it starts with "="."""
    cell.value = str(value)
    cell.data_type = "s"
    return cell


def csv_upload_check(upload) -> None:
    """Refuse (code "too_large") a file over IMPORT_MAX_BYTES, before it is read."""
    if upload.size > IMPORT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."), code="too_large")


def import_rows(data: bytes | str) -> CsvRows | XlsxRows | OdsRows:
    """The rows of an imported file with a header row, as dicts keyed by its
    columns: the first sheet of an Excel workbook (XlsxRows) or of an
    OpenDocument spreadsheet (OdsRows), else CSV text (csv_dict_rows, which
    says why it refuses anything else)."""
    if isinstance(data, bytes) and data.startswith(ZIP_MAGIC):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            archive = None
        if archive is not None:
            reader = {"xlsx": XlsxRows, "ods": OdsRows}.get(workbooks.kind(archive))
            if reader is not None:
                return reader(data, archive)
    return csv_dict_rows(data)


def csv_dict_rows(data: bytes | str) -> CsvRows:
    """The rows of a CSV file with a header row, as dicts keyed by its columns.

    Raises ValidationError, and nothing is read further, when the file is a
    spreadsheet's own format (code "spreadsheet"), is not UTF-8 ("encoding"),
    holds a NUL character ("binary": no database text takes one), or cannot
    be read as CSV at some row ("unreadable": a cell over 128 KiB, say).
    """
    if isinstance(data, bytes):
        if data.startswith(ZIP_MAGIC):
            raise ValidationError(
                _("This file's format cannot be read here: save it as a spreadsheet (.ods or "
                  ".xlsx) or as CSV (UTF-8) and import that file."),
                code="spreadsheet")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not UTF-8 text: save it as CSV (UTF-8) and try again."),
                code="encoding",
            ) from None
    if "\x00" in data:
        raise ValidationError(_("The file holds a NUL character: it is not a CSV text file."),
                              code="binary")
    return CsvRows(csv.DictReader(io.StringIO(data), delimiter=_delimiter(data)))


class CsvRows:
    """A csv.DictReader whose reading errors are ValidationErrors saying where."""

    def __init__(self, reader: csv.DictReader):
        self._reader = reader

    def _unreadable(self) -> ValidationError:
        return ValidationError(
            _("The file cannot be read as CSV at line %(line)d: save it again from the "
              "spreadsheet as CSV (UTF-8).") % {"line": self._reader.line_num + 1},
            code="unreadable")

    @property
    def fieldnames(self) -> list[str] | None:
        try:
            return self._reader.fieldnames
        except csv.Error:
            raise self._unreadable() from None

    def __iter__(self):
        try:
            yield from self._reader
        except csv.Error:
            raise self._unreadable() from None


def _delimiter(data: str) -> str:
    """The separator of the header row: the most frequent of comma, semicolon
    and tab outside quotes, a comma when tied or none. The header alone
    decides: csv.Sniffer, which reads the rows too, gives up on a quoted
    answer holding the separator ("Une idée ; deux")."""
    header = re.sub(r'"[^"]*"', "", data.split("\n", 1)[0])
    return max(DELIMITERS, key=header.count)
