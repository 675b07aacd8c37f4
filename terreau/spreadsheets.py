"""What every CSV export of the platform shares: no formula injection.

A cell that a spreadsheet could read as a formula (OWASP "CSV injection") is
prefixed with an apostrophe, which spreadsheets show as text. Exports write
through `csv_writer()`, which neutralises every text cell, so no export can
forget one.
"""

from __future__ import annotations

import csv

from django.utils.functional import Promise

# The characters that start a formula or a DDE call in Excel, LibreOffice or
# Google Sheets, their full-width forms (which some spreadsheets fold to the
# ASCII ones), and the control characters that start a new cell or line.
FORMULA_STARTS = frozenset("=+-@|\t\r\n" "＝＋－＠｜")
# Leading blanks do not protect a formula in every spreadsheet.
LEADING_BLANKS = " \u00a0\u3000"


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
