"""What every CSV export and import of the platform shares.

Exports: no formula injection. A cell that a spreadsheet could read as a
formula (OWASP "CSV injection") is prefixed with an apostrophe, which
spreadsheets show as text. Exports write through `csv_writer()`, which
neutralises every text cell, so no export can forget one.

Imports: `csv_dict_rows()` reads what a spreadsheet saves, UTF-8 with or
without its byte-order mark, the columns separated by commas (English
spreadsheets), semicolons (French ones) or tabs.
"""

from __future__ import annotations

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


def csv_upload_check(upload) -> None:
    """Refuse (code "too_large") a file over IMPORT_MAX_BYTES, before it is read."""
    if upload.size > IMPORT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."), code="too_large")


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
                _("This is a spreadsheet's own file (.xlsx or .ods): save it as CSV (UTF-8) "
                  "and import that file."), code="spreadsheet")
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
