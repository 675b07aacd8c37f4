"""The first sheet of a spreadsheet's own file, read as csv.DictReader reads
a CSV file: an Excel workbook (.xlsx, `XlsxRows`) or an OpenDocument
spreadsheet (.ods, `OdsRows`: what LibreOffice, the administrations'
office suite, saves by default). terreau.spreadsheets.import_rows() tells
them apart.

Both give `fieldnames` from the sheet's first row, then one dict per row.
Row n of the sheet comes n-th, blank rows included, so that the line an
import names is the row the spreadsheet shows; the blank rows after the
last filled one (a formatted, empty tail) are left out. Every cell is text:
"" when empty, a number as written (3, not 3.0; 15 significant digits), a
date as 2026-03-11, a date and time as 2026-03-11 14:30:00, a formula as
the value the spreadsheet last computed. Cells beyond the header come under
the key None, as a list, as csv.DictReader does.

The XML is parsed by defusedxml (openpyxl uses it; OdsRows calls it): no entity
expansion, no external entity. A file is refused before it is parsed when
it unzips to more than MAX_UNZIPPED, and while it is read past MAX_CELLS
cells, empty ones too (docs/councils.md, what was measured).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What makes a zip archive an Excel workbook.
XLSX_WORKBOOK = "xl/workbook.xml"
# What makes a zip archive an OpenDocument spreadsheet: its first part,
# "mimetype", says so (ODF 1.2, part 3, 3.3).
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# The most a workbook may hold once unzipped, and the most cells read from
# its sheet (empty ones too: parsing them costs the same). 5,000 rows of 7
# columns (an import's row limit) unzip to 2.4 MB and hold 35,000 cells;
# far more is a zip bomb or a sheet formatted to its millionth row, which
# would hold a web worker for seconds.
MAX_UNZIPPED = 20 * 1024 * 1024
MAX_CELLS = 250_000
# The most characters a cell holds, as in Excel: an .ods cell's spaces are
# written as a count (<text:s text:c="…"/>) that would otherwise be spread
# out to any size.
CELL_MAX = 32_767


def kind(archive: zipfile.ZipFile) -> str | None:
    """"xlsx", "ods", or None for another zip archive (.docx, .odt...)."""
    names = archive.namelist()
    if XLSX_WORKBOOK in names:
        return "xlsx"
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
        return "ods"
    return None


class _Rows:
    """The rows read, as dicts keyed by the header row's cells."""

    def __init__(self, rows: list[list[str]]):
        while rows and not any(rows[-1]):
            rows.pop()
        header = rows[0] if rows else []
        while header and not header[-1]:
            header = header[:-1]
        self.fieldnames: list[str] | None = header or None
        self._rows = rows[1:]

    def __iter__(self):
        width = len(self.fieldnames or ())
        for cells in self._rows:
            row = dict(zip(self.fieldnames or (), cells + [""] * (width - len(cells))))
            extra = cells[width:]
            if any(extra):
                row[None] = extra
            yield row


def _read_or_refuse(read, words: str) -> list[list[str]]:
    """read()'s rows; a refusal of its own stands, and any other fault of
    the uploaded file is the same refusal, in `words`."""
    try:
        return read()
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any fault of an uploaded file is the same refusal
        raise ValidationError(words, code="unreadable") from None


def _opened(archive: zipfile.ZipFile) -> None:
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
        raise too_large()


class XlsxRows(_Rows):
    """An Excel workbook's first sheet (openpyxl reads no formula: a cell
    holds what Excel last computed)."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile):
        _opened(archive)
        super().__init__(_read_or_refuse(lambda: self._read(data), _(
            "This workbook cannot be read: save it again from the spreadsheet, as .xlsx or as "
            "CSV (UTF-8), and import that file.")))

    def _read(self, data: bytes) -> list[list[str]]:
        import openpyxl  # only an import of a workbook needs it

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows, cells = [], 0
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    raise too_large()
                rows.append([text(value) for value in row])
        finally:
            workbook.close()
        return rows


TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")


class OdsRows(_Rows):
    """An OpenDocument spreadsheet's first sheet, its content.xml streamed
    through defusedxml's iterparse: each row is read and dropped as it ends,
    so memory holds the text, not the document (odfpy's DOM took 15.9 s
    and 249 MB for 5,000 rows of 7 cells: docs/councils.md).

    A run of equal rows or cells is written once with its count
    (number-rows-repeated, number-columns-repeated): LibreOffice ends a
    formatted sheet with a million blank rows written so. A blank run is
    only spread out when a filled row or cell comes after it. Two counts
    are kept under MAX_CELLS: the cells read (each written cell, empty
    ones too: parsing them costs the same) and the cells made (every row
    and cell spread out, counted before it is made)."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile):
        _opened(archive)
        self.read = self.cells = 0
        super().__init__(_read_or_refuse(lambda: self._read(archive), _(
            "This spreadsheet cannot be read: save it again from the spreadsheet, as .ods or as "
            "CSV (UTF-8), and import that file.")))

    def _count(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise too_large()

    def _read(self, archive: zipfile.ZipFile) -> list[list[str]]:
        from defusedxml.ElementTree import iterparse

        rows, blank, depth = [], 0, 0
        with archive.open("content.xml") as content:
            for event, element in iterparse(content, events=("start", "end")):
                if element.tag == f"{TABLE}table":
                    depth += 1 if event == "start" else -1
                    if depth == 0:
                        break  # the first sheet is read
                elif event == "end" and element.tag == f"{TABLE}table-row" and depth == 1:
                    repeated = _repeats(element, "number-rows-repeated")
                    runs = self._runs(element)
                    element.clear()
                    if not runs:
                        blank += repeated
                        continue
                    self._count(blank + sum(count for _value, count in runs) * repeated)
                    cells = [value for value, count in runs for _cell in range(count)]
                    rows += [[] for _blank in range(blank)]
                    rows += [list(cells) for _row in range(repeated)]
                    blank = 0
        return rows

    def _runs(self, row) -> list[tuple[str, int]]:
        """The row's cells as (value, how many), without its blank tail:
        nothing is spread out before the row's size is counted."""
        runs = []
        for cell in row:
            if cell.tag not in CELLS:
                continue
            self.read += 1
            if self.read > MAX_CELLS:
                raise too_large()
            runs.append((_ods_value(cell), _repeats(cell, "number-columns-repeated")))
        while runs and not runs[-1][0]:
            runs.pop()
        return runs


def _repeats(element, attribute: str) -> int:
    """How many times a row or cell is repeated: at least once. A count
    below 1 is no spreadsheet's (a negative one would take from the cells
    counted, letting another run past MAX_CELLS): the file is unreadable."""
    count = int(element.get(f"{TABLE}{attribute}", 1))
    if count < 1:
        raise ValueError(f"{attribute}={count}")
    return count


def _ods_value(cell) -> str:
    """A cell's value as text() gives an Excel cell's: a number, a date or a
    truth value from its typed value, anything else as the text shown (its
    paragraphs, not its comment's)."""
    value_type = cell.get(f"{OFFICE}value-type")
    if value_type in ("float", "percentage", "currency"):
        return text(float(cell.get(f"{OFFICE}value")))
    if value_type == "date":
        return text(dt.datetime.fromisoformat(cell.get(f"{OFFICE}date-value")))
    if value_type == "boolean":
        return text(cell.get(f"{OFFICE}boolean-value") == "true")
    lines = []
    for paragraph in cell:
        if paragraph.tag == f"{TEXT}p":
            lines.append(_shown(paragraph, sum(map(len, lines)) + len(lines)))
    return "\n".join(lines)


def _shown(element, length: int) -> str:
    """A paragraph's text as shown: <text:s text:c="3"/> is three spaces, a
    tab and a line break are themselves, a span is its text. Past
    CELL_MAX characters (`length`: those before it in the cell) the file
    is refused: a space's count is the reader's to spread out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}s":
            spaces = int(child.get(f"{TEXT}c", 1))
            if length + sum(map(len, parts)) + spaces > CELL_MAX:
                raise too_large()
            parts.append(" " * spaces)
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT}line-break":
            parts.append("\n")
        elif child.tag != f"{OFFICE}annotation":
            parts.append(_shown(child, length + sum(map(len, parts))))
        parts.append(child.tail or "")
    return "".join(parts)


def too_large() -> ValidationError:
    return ValidationError(
        _("This workbook is too large once opened: save it as CSV (UTF-8) and import that "
          "file."), code="too_large")


def text(value) -> str:
    """A cell's value as the text a person typed or sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
