"""Import-file benchmark: a spreadsheet's own file (.xlsx, .ods) against the same rows as CSV.

    .venv/bin/python bench/import_files.py               # 5,000 rows, 3 runs
    .venv/bin/python bench/import_files.py --rows 1000 --runs 5

What it does: builds, with a seeded generator, a council's pool list of
--rows rows × 7 columns (name, address, street, three characteristics,
notes), written as an Excel workbook (openpyxl, as Excel saves it), as
an OpenDocument spreadsheet (as LibreOffice saves it) and as CSV with
semicolons and a byte-order mark (what a French spreadsheet saves); then
times terreau.spreadsheets.import_rows on each (the baseline is the CSV),
median of --runs. Then the worst file of each kind the limits let
through: empty formatted cells (they cost as much to parse as full ones)
just under terreau.workbooks.MAX_CELLS, and just over it (refused while
read). Prints each file's size zipped and unzipped, its cells and its
median time, one JSON line per case. Last, the template an agent
downloads: the Excel workbook and the OpenDocument spreadsheet (notes,
drop-down lists and checks over the import's 5,000 rows) against the CSV
header (the baseline).

No database and no request: import_rows is what both importers call on the
uploaded bytes before any row is checked (councils/services/pool.py,
barometers/services/paper_files.py), and it runs inside the web worker, so
its time is the time a worker is held.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings.test")

import django

django.setup()

from django.core.exceptions import ValidationError

from terreau import spreadsheets, workbooks
from terreau.spreadsheets import (
    TemplateColumn,
    csv_template_response,
    csv_writer,
    import_rows,
    ods_template_response,
    xlsx_template_response,
)
from tests.workbooks import ods_sheet, spreadsheet, workbook

HEADER = ["name", "email", "territory", "age_band", "gender", "sub_area", "notes"]


def pool_rows(count: int, seed: int) -> list[list]:
    rng = random.Random(seed)
    return [HEADER] + [[
        f"Habitante {n} Dupont-Martin", f"habitant{n}@example.org",
        f"{rng.randint(1, 180)} rue de la République, Nantes",
        rng.choice(["16-29", "30-44", "45-59", "60+"]), rng.choice(["woman", "man"]),
        rng.choice(["Nord", "Centre", "Sud"]), "Rencontrée au marché du samedi",
    ] for n in range(count)]


def as_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    csv_writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode()


def formatted_empty(cells: int) -> bytes:
    """A workbook whose sheet holds `cells` empty formatted cells, 20 a row."""
    columns = [chr(ord("A") + c) for c in range(20)]
    rows = -(-cells // 20)
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="0"/>' for c in columns)
                   + "</row>" for r in range(1, rows + 1))
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>').encode()
    source = zipfile.ZipFile(io.BytesIO(workbook([["a"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml"
                             else source.read(info))
    return out.getvalue()


def formatted_empty_ods(cells: int) -> bytes:
    """An OpenDocument spreadsheet of `cells` empty formatted cells, 20 a
    row, each written on its own (not as a repeated run), after a header."""
    row = ("<table:table-row>" + '<table:table-cell table:style-name="ce1"/>' * 20
           + "</table:table-row>")
    return spreadsheet(sheets=[ods_sheet([["a"]] + [row] * (-(-cells // 20)))])


def measure(name: str, data: bytes, runs: int) -> dict:
    times, outcome = [], None
    for _ in range(runs):
        start = time.perf_counter()
        try:
            outcome = f"{len(list(import_rows(data)))} rows"
        except ValidationError as error:
            outcome = f"refused ({error.code})"
        times.append(time.perf_counter() - start)
    unzipped = None
    if data.startswith(spreadsheets.ZIP_MAGIC):
        unzipped = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    return {"case": name, "bytes": len(data), "unzipped_bytes": unzipped, "outcome": outcome,
            "median_s": round(statistics.median(times), 3)}


def template_columns() -> list[TemplateColumn]:
    """A council's template: three free columns and three characteristics."""
    return [TemplateColumn(key, "What to write.") for key in HEADER[:3]] + [
        TemplateColumn(key, "One of the list.", choices=tuple(f"{key} {n}" for n in range(6)))
        for key in HEADER[3:6]]


def measure_template(name: str, make, runs: int) -> dict:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = make()
        times.append(time.perf_counter() - start)
    return {"case": name, "bytes": len(response.content),
            "median_ms": round(statistics.median(times) * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = pool_rows(args.rows, seed=7)
    limit = workbooks.MAX_CELLS
    cases = [
        (f"baseline: CSV, {args.rows} rows x 7", as_csv(rows)),
        (f"Excel workbook, the same {args.rows} rows x 7", workbook(rows)),
        (f"OpenDocument spreadsheet, the same {args.rows} rows x 7", spreadsheet(rows)),
        (f"Excel, {limit - 2000} empty formatted cells (under the limit)",
         formatted_empty(limit - 2000)),
        (f"Excel, {limit + 2000} empty formatted cells (over the limit)",
         formatted_empty(limit + 2000)),
        (f"OpenDocument, {limit - 2000} empty formatted cells (under the limit)",
         formatted_empty_ods(limit - 2000)),
        (f"OpenDocument, {limit + 2000} empty formatted cells (over the limit)",
         formatted_empty_ods(limit + 2000)),
    ]
    for name, data in cases:
        print(json.dumps(measure(name, data, args.runs)), flush=True)
    columns = template_columns()
    for name, make in (
        ("baseline: the CSV template (its header)",
         lambda: csv_template_response("t.csv", [c.key for c in columns])),
        (f"the Excel template, {len(columns)} columns, checks over {args.rows} rows",
         lambda: xlsx_template_response("t.xlsx", columns, title="Candidates", rows=args.rows)),
        (f"the OpenDocument template, {len(columns)} columns, checks over {args.rows} rows",
         lambda: ods_template_response("t.ods", columns, title="Candidates", rows=args.rows)),
    ):
        print(json.dumps(measure_template(name, make, max(args.runs, 7))), flush=True)


if __name__ == "__main__":
    main()
